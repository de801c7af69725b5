// A transcript file as scoring input: the JSON export of a session, or the Markdown format.
// Expected failures (bad JSON, wrong shape, no turns, unknown level) are TranscriptErrors.
import { z } from 'zod';
import { SessionEventSchema } from '../domain/events.js';
import { Level, type LoadedProblem, type Pivot } from '../domain/problem.js';
import { scoringInputFromEvents } from './from-session.js';
import { TranscriptError, parseMarkdownTranscript } from './markdown-transcript.js';
import type { ScoringInput } from './types.js';

export { TranscriptError } from './markdown-transcript.js';

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
}

export interface ReadTranscript {
  input: ScoringInput;
  format: 'json' | 'markdown';
  /** The problem id the file names, whether or not it was found. */
  problemId?: string;
}

const DEFAULT_LEVEL: Level = 'mid';

export function readTranscript(text: string, options: ReadOptions): ReadTranscript {
  if (text.trimStart().startsWith('{')) return readExport(text, options);
  const md = parseMarkdownTranscript(text, options.source);
  const metaLevel = Level.safeParse(md.meta.level);
  const problemId = typeof md.meta.problem === 'string' ? md.meta.problem : undefined;
  const problem = options.problem ?? (problemId ? options.findProblem?.(problemId) : undefined);
  const duration = Number(md.meta.durationMinutes);
  return {
    format: 'markdown',
    ...(problemId ? { problemId } : {}),
    input: {
      level: options.level ?? (metaLevel.success ? metaLevel.data : DEFAULT_LEVEL),
      ...(problem ? { problem } : {}),
      turns: md.turns,
      ...(Number.isFinite(duration) && duration > 0 ? { durationMinutes: duration } : {}),
    },
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
  return { format: 'json', problemId: data.problemId, input: { ...input, level: options.level ?? data.level } };
}
