// What the REST API returns for problems and sessions, and the clock the session socket sends:
// built by server/app/problem-views.ts and session-views.ts (whose return types these are) and
// read by the web client. Field types come from the domain, so a union is written once.
import { z } from 'zod';
import type { InterviewMode } from '../domain/events.js';
import type { Problem } from '../domain/problem.js';
import type { SessionState, Turn } from '../domain/session.js';
import type { HintView } from './coach.js';
import type { Level } from './levels.js';
import { Phase, type PhaseSlot } from './phases.js';

export const ClockView = z.object({
  phase: Phase,
  elapsedMs: z.number(),
  totalMs: z.number(),
  phaseEndsAtMs: z.number(),
  remainingInPhaseMs: z.number(),
  remainingTotalMs: z.number(),
  status: z.enum(['active', 'ended']),
  /** Interview milliseconds per real millisecond (CLOCK_SPEED when the session started). */
  speed: z.number(),
});
export type ClockView = z.infer<typeof ClockView>;

/** A problem as the API lists it: never the hidden facts, reference estimates or probes. */
export type ProblemListItem = Pick<Problem, 'id' | 'title' | 'difficulty' | 'tags' | 'statement'>;

/** A phase of the session's plan, with the words the candidate reads for it. */
export interface PlanStep extends PhaseSlot {
  label: string;
  goal: string;
}

/** A turn of the transcript as sent: the server's working notes (reading, question, move) left out. */
export type TranscriptTurn = Pick<Turn, 'seq' | 'atMs' | 'role' | 'phase' | 'text' | 'kind'>;

/** `GET /api/sessions/:id` (and `POST /api/sessions`, with the token beside it). */
export interface SessionView {
  id: string;
  problem: Pick<Problem, 'id' | 'title' | 'statement' | 'difficulty'>;
  level: Level;
  durationMinutes: number;
  status: SessionState['status'];
  endReason: NonNullable<SessionState['endReason']> | null;
  phase: Phase;
  clock: ClockView;
  plan: PlanStep[];
  lastSeq: number;
  pivot: NonNullable<SessionState['pivot']> | null;
  transcript: TranscriptTurn[];
  diagramText: string;
  /** Why the last interviewer message came from the fallback, when it did. */
  notice: string | null;
  /** Which interviewer runs: the built-in one or the AI model. */
  interviewer: string;
  /** [COACH1] How this interview runs, and the hints it has had (coach mode). */
  mode: InterviewMode;
  hints: HintView[];
  createdAt: string;
}

/** A row of `GET /api/sessions` (a client's past sessions), as stored. */
export interface SessionSummary {
  id: string;
  problemId: string;
  problemTitle: string;
  level: string;
  durationMinutes: number;
  status: string;
  phase: string;
  createdAt: string;
}
