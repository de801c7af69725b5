// The interview's phases as both sides name them: the order, the labels and goals a person reads,
// the allowed interview lengths and a plan slot's shape. The web and the server import this one
// definition (domain/phases.ts re-exports it beside the plan arithmetic). Pure data: zod only.
import { z } from 'zod';

/** The phases in interview order. */
export const PHASES = ['requirements', 'estimation', 'high_level_design', 'deep_dive', 'wrap_up'] as const;
export const Phase = z.enum(PHASES);
export type Phase = z.infer<typeof Phase>;

export const PHASE_LABELS: Record<Phase, string> = {
  requirements: 'Requirements',
  estimation: 'Estimation',
  high_level_design: 'High-level design',
  deep_dive: 'Deep dive',
  wrap_up: 'Wrap-up',
};

/** One line each: what the candidate is expected to do now. */
export const PHASE_GOALS: Record<Phase, string> = {
  requirements: 'Clarify functional and non-functional requirements; agree what is out of scope.',
  estimation: 'Turn users into QPS, storage and bandwidth; say whether it is read- or write-heavy.',
  high_level_design: 'Draw the main components and walk the data flow of the core use case.',
  deep_dive: 'Go deep on the hardest parts, state trade-offs, handle failures and the pivot, then what breaks at 10x.',
  wrap_up: 'Summarise, name the trade-off you are least sure of and what you would change with more time.',
};

/** Interview lengths a session or room may ask for, in minutes. */
export const MIN_DURATION_MINUTES = 10;
export const MAX_DURATION_MINUTES = 90;
export const DEFAULT_DURATION_MINUTES = 45;

/** A phase's slice of the interview, as planned. */
export interface PhaseSlot {
  phase: Phase;
  /** Offsets from the interview's start, in interview milliseconds. */
  startMs: number;
  endMs: number;
}

/** The phase after `phase` in interview order; undefined after the wrap-up. */
export function nextPhase(phase: Phase): Phase | undefined {
  return PHASES[PHASES.indexOf(phase) + 1];
}
