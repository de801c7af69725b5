// Scoring a transcript that happened elsewhere: the body of `POST /api/score` and
// `POST /api/score/preview`, and what the preview returns (the turns as the scorer will read them).
// Standalone on purpose: index.ts re-exports this file, so it must not import index.ts back.
import { z } from 'zod';
import { Level } from '../domain/problem.js';

/** The same bound as LIMITS.transcriptChars (a test holds them equal). */
export const TRANSCRIPT_MAX_CHARS = 1_000_000;
export const SPEAKER_NAME_MAX_CHARS = 100;

/** A transcript pasted or uploaded for scoring, in any format the scorer reads, or the JSON export. */
export const ScoreRequestBody = z.object({
  text: z.string().min(1, 'transcript is empty').max(TRANSCRIPT_MAX_CHARS, `transcript is over ${TRANSCRIPT_MAX_CHARS} characters`),
  level: Level.optional(),
  problemId: z.string().min(1).max(100).optional(),
  /**
   * The speaker who is the candidate, as the transcript names them ("Speaker 2", "Alex"). Needed
   * only when the names do not say it (Interviewer/Candidate, Me, You do); ignored for the export.
   */
  candidate: z
    .string()
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'candidate is empty').max(SPEAKER_NAME_MAX_CHARS, `candidate is over ${SPEAKER_NAME_MAX_CHARS} characters`))
    .optional(),
});
export type ScoreRequestBody = z.infer<typeof ScoreRequestBody>;

export const TranscriptFormat = z.enum(['markdown', 'speaker_lines', 'speaker_headers', 'webvtt', 'srt', 'json']);
export type TranscriptFormat = z.infer<typeof TranscriptFormat>;

export const TurnRole = z.enum(['candidate', 'interviewer']);

export const PreviewSpeaker = z.object({
  name: z.string(),
  turns: z.number().int().nonnegative(),
  words: z.number().int().nonnegative(),
  /** The role the name itself states ("Interviewer", "Me"), if any. */
  roleFromName: TurnRole.nullable(),
  /** The role this speaker's turns get; null while the candidate is not known. */
  role: TurnRole.nullable(),
});
export type PreviewSpeaker = z.infer<typeof PreviewSpeaker>;

export const PreviewTurn = z.object({
  turn: z.number().int().positive(),
  speaker: z.string(),
  role: TurnRole.nullable(),
  text: z.string(),
  /** Interview time of the turn from the first stamped turn, when the transcript has stamps. */
  atMs: z.number().nonnegative().nullable(),
});
export type PreviewTurn = z.infer<typeof PreviewTurn>;

/** `POST /api/score/preview`: the parsed turns and speakers, nothing scored. */
export const TranscriptPreview = z.object({
  format: TranscriptFormat,
  speakers: z.array(PreviewSpeaker),
  candidate: z.string().nullable(),
  /** Whether the candidate was told by the names or by the request's `candidate`. */
  candidateFrom: z.enum(['names', 'request']).nullable(),
  /** True when the request must name the candidate before the transcript can be scored. */
  needsCandidate: z.boolean(),
  turns: z.array(PreviewTurn),
  timed: z.boolean(),
  /** What the file itself names (front matter or the export). */
  level: Level.nullable(),
  problemId: z.string().nullable(),
  /** The problem it will be scored against: the request's, else the file's when the bank has it. */
  problem: z.object({ id: z.string(), title: z.string() }).nullable(),
});
export type TranscriptPreview = z.infer<typeof TranscriptPreview>;

/** The 422 when the candidate cannot be told (`ambiguous_speakers`) or names nobody (`unknown_speaker`). */
export const SpeakersErrorBody = z.object({
  error: z.object({
    code: z.enum(['ambiguous_speakers', 'unknown_speaker']),
    message: z.string(),
    speakers: z.array(z.string()),
  }),
});
export type SpeakersErrorBody = z.infer<typeof SpeakersErrorBody>;
