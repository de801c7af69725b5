// A transcript file as scoring input: the JSON export of a session, or text in any of the formats
// transcript-formats.ts reads (Markdown turns, speaker lines, transcribers' exports, captions).
// Expected failures (bad JSON, wrong shape, no turns, unknown level, which speaker is the candidate)
// are TranscriptErrors, with a code.
import { z } from 'zod';
import { SessionEventSchema } from '../../domain/events.js';
import { Level, type LoadedProblem, type Pivot } from '../../domain/problem.js';
import { scoringInputFromEvents } from './from-session.js';
import {
  type CandidateChoice,
  type SpeakerSummary,
  type TextFormat,
  TranscriptError,
  chooseCandidate,
  readSpeakerTurns,
  roleFromName,
  withRoles,
} from './transcript-formats.js';
import type { ScoringInput, ScoringTurn } from '../types.js';

export { TranscriptError } from './transcript-formats.js';

export const TRANSCRIPT_EXPORT_FORMAT = 'mock-interview-transcript';

export const TranscriptExportSchema = z.object({
  format: z.literal(TRANSCRIPT_EXPORT_FORMAT),
  version: z.literal(1),
  sessionId: z.string(),
  problemId: z.string(),
  level: Level,
  durationMinutes: z.number().positive(),
  events: z.array(SessionEventSchema).min(1),
});
export type TranscriptExport = z.infer<typeof TranscriptExportSchema>;

export interface ReadOptions {
  /** Where the text came from, for error messages. */
  source: string;
  /** Overrides the level the file names. */
  level?: Level;
  /** The problem to score against; when absent, the one the file names is looked up. */
  problem?: LoadedProblem;
  findProblem?: (id: string) => LoadedProblem | undefined;
  genericPivots?: Pivot[];
  /** The speaker who is the candidate, when the speakers' names do not say it. */
  candidate?: string;
}

export type TranscriptFormat = TextFormat | 'json';

export interface ReadTranscript {
  input: ScoringInput;
  format: TranscriptFormat;
  /** The problem id the file names, whether or not it was found. */
  problemId?: string;
  speakers: SpeakerSummary[];
  candidate: CandidateChoice;
  /** Each scoring turn's speaker, in turn order. */
  speakerOf: string[];
}

const DEFAULT_LEVEL: Level = 'mid';

export function readTranscript(text: string, options: ReadOptions): ReadTranscript {
  if (text.trimStart().startsWith('{')) return readExport(text, options);
  const reading = readSpeakerTurns(text, options.source);
  const candidate = chooseCandidate(reading.speakers, options.candidate, options.source);
  const turns = withRoles(reading, candidate);
  return {
    ...fromMeta(reading.meta, turns.map(({ speaker: _s, ...t }) => t), options),
    format: reading.format,
    speakers: reading.speakers,
    candidate,
    speakerOf: turns.map((t) => t.speaker),
  };
}

function fromMeta(meta: Record<string, unknown>, turns: ScoringTurn[], options: ReadOptions): Pick<ReadTranscript, 'input' | 'problemId'> {
  const metaLevel = Level.safeParse(meta.level);
  const problemId = typeof meta.problem === 'string' ? meta.problem : undefined;
  const problem = options.problem ?? (problemId ? options.findProblem?.(problemId) : undefined);
  const duration = Number(meta.durationMinutes);
  return {
    ...(problemId ? { problemId } : {}),
    input: {
      level: options.level ?? (metaLevel.success ? metaLevel.data : DEFAULT_LEVEL),
      ...(problem ? { problem } : {}),
      turns,
      ...(Number.isFinite(duration) && duration > 0 ? { durationMinutes: duration } : {}),
    },
  };
}

export interface TranscriptPreview {
  format: TranscriptFormat;
  speakers: Array<SpeakerSummary & { role: ScoringTurn['role'] | null }>;
  /** The candidate's speaker; null while the caller still has to say which speaker it is. */
  candidate: string | null;
  candidateFrom: CandidateChoice['from'] | null;
  /** True when the names do not tell which speaker is the candidate and none was named. */
  needsCandidate: boolean;
  turns: Array<{ turn: number; speaker: string; role: ScoringTurn['role'] | null; text: string; atMs: number | null }>;
  /** Whether the turns carry times (so time per phase can come from them). */
  timed: boolean;
  /** The level and problem the file itself names (front matter or the export). */
  level: Level | null;
  problemId: string | null;
}

/**
 * The turns as the scorer would read them, for a person to check before scoring. Unlike
 * readTranscript it does not fail when the candidate is ambiguous: it says so, with every turn's
 * speaker, so the person can pick. A `candidate` that names no speaker is still an error.
 */
export function previewTranscript(text: string, options: Pick<ReadOptions, 'source' | 'candidate'>): TranscriptPreview {
  if (text.trimStart().startsWith('{')) {
    const read = readExport(text, { source: options.source });
    return preview(read.format, read.speakers, read.candidate, read.input.turns.map((t, i) => ({ ...t, speaker: read.speakerOf[i]! })), read.input.level, read.problemId ?? null);
  }
  const reading = readSpeakerTurns(text, options.source);
  let candidate: CandidateChoice | null;
  try {
    candidate = chooseCandidate(reading.speakers, options.candidate, options.source);
  } catch (err) {
    if (err instanceof TranscriptError && err.code === 'ambiguous_speakers') candidate = null;
    else throw err;
  }
  const level = Level.safeParse(reading.meta.level);
  const problemId = typeof reading.meta.problem === 'string' ? reading.meta.problem : null;
  const turns = candidate
    ? withRoles(reading, candidate)
    : reading.turns.map((t, i) => ({ turn: i + 1, role: null, text: t.text, speaker: t.speaker, ...(t.atMs !== undefined ? { atMs: t.atMs } : {}) }));
  return preview(reading.format, reading.speakers, candidate, turns, level.success ? level.data : null, problemId);
}

function preview(
  format: TranscriptFormat,
  speakers: SpeakerSummary[],
  candidate: CandidateChoice | null,
  turns: Array<{ turn: number; speaker: string; role: ScoringTurn['role'] | null; text: string; atMs?: number }>,
  level: Level | null,
  problemId: string | null,
): TranscriptPreview {
  return {
    format,
    speakers: speakers.map((s) => ({ ...s, role: candidate ? (s.name === candidate.name ? 'candidate' : 'interviewer') : null })),
    candidate: candidate?.name ?? null,
    candidateFrom: candidate?.from ?? null,
    needsCandidate: candidate === null,
    turns: turns.map((t) => ({ turn: t.turn, speaker: t.speaker, role: t.role, text: t.text, atMs: t.atMs ?? null })),
    timed: turns.some((t) => t.atMs !== undefined),
    level,
    problemId,
  };
}

function readExport(text: string, options: ReadOptions): ReadTranscript {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new TranscriptError(`${options.source}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = TranscriptExportSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TranscriptError(`${options.source}: not a transcript export: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const data = parsed.data;
  const problem = options.problem ?? options.findProblem?.(data.problemId);
  let input: ScoringInput;
  try {
    input = scoringInputFromEvents(data.events, problem, options.genericPivots ?? []);
  } catch (err) {
    throw new TranscriptError(`${options.source}: ${(err as Error).message}`);
  }
  if (input.turns.length === 0) throw new TranscriptError(`${options.source}: the session has no turns to score`);
  // The export says who spoke: the roles are the speakers.
  const names: Record<ScoringTurn['role'], string> = { interviewer: 'Interviewer', candidate: 'Candidate' };
  const speakers: SpeakerSummary[] = (['interviewer', 'candidate'] as const)
    .map((role) => {
      const own = input.turns.filter((t) => t.role === role);
      return { name: names[role], turns: own.length, words: own.reduce((n, t) => n + (t.text.match(/\S+/g) ?? []).length, 0), roleFromName: roleFromName(names[role]) };
    })
    .filter((s) => s.turns > 0);
  return {
    format: 'json',
    problemId: data.problemId,
    input: { ...input, level: options.level ?? data.level },
    speakers,
    candidate: { name: speakers.some((s) => s.name === names.candidate) ? names.candidate : null, from: 'names' },
    speakerOf: input.turns.map((t) => names[t.role]),
  };
}
