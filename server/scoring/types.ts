// What the scorer reads (a transcript as turns, plus what is known about the session) and what it
// writes (the report). The report's schema is shared with the web, so it lives in protocol/report.ts.
import type { Phase, PhaseSlot } from '../domain/phases.js';
import type { Level, LoadedProblem } from '../domain/problem.js';

export interface ScoringTurn {
  /** 1-based position in the transcript. */
  turn: number;
  role: 'candidate' | 'interviewer';
  text: string;
  phase?: Phase;
  atMs?: number;
  kind?: 'message' | 'pivot';
}

export interface ScoringInput {
  level: Level;
  problem?: LoadedProblem;
  turns: ScoringTurn[];
  diagramText?: string;
  plan?: PhaseSlot[];
  phaseTimeline?: Array<{ phase: Phase; startMs: number; endMs: number }>;
  /** [SCO37] The session's recorded phase changes and who caused them (a timeout is the interviewer's clock). */
  phaseChanges?: Array<{ atMs: number; from: Phase; to: Phase; by: 'candidate' | 'interviewer' }>;
  pivot?: { pivotId: string; text: string; turn: number; expects?: string[] };
  durationMinutes?: number;
}

export * from '../protocol/report.js';

/** The interviewer's turn that changed the problem, as the scorer found it (pivot-detect.ts). */
export interface FoundPivot {
  turn: number;
  text: string;
  pivotId?: string;
  expects?: string[];
}
