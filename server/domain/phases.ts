// The interview's phases and the plan that gives each a slice of the interview's length.
import { z } from 'zod';

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

/**
 * Minutes per phase in the 45-minute reference interview (seed template: 5 requirements,
 * 5 estimation, 10 high-level design, 15 deep dive + 5 bottlenecks and evolution, 5 wrap-up).
 * Bottlenecks and evolution are the last stretch of the deep dive here.
 */
export const REFERENCE_MINUTES: Record<Phase, number> = {
  requirements: 5,
  estimation: 5,
  high_level_design: 10,
  deep_dive: 20,
  wrap_up: 5,
};
export const REFERENCE_LENGTH_MINUTES = 45;
export const MIN_DURATION_MINUTES = 10;
export const MAX_DURATION_MINUTES = 90;
export const DEFAULT_DURATION_MINUTES = 45;

export interface PhaseSlot {
  phase: Phase;
  /** Offsets from the interview's start, in interview milliseconds. */
  startMs: number;
  endMs: number;
}

export const MINUTE = 60_000;

/** [PLAN1] Slots scale with the length, in whole seconds, and end exactly at the length. */
export function phasePlan(durationMinutes: number): PhaseSlot[] {
  const totalMs = durationMinutes * MINUTE;
  const slots: PhaseSlot[] = [];
  let start = 0;
  let referenceSoFar = 0;
  for (const phase of PHASES) {
    referenceSoFar += REFERENCE_MINUTES[phase];
    const end = phase === 'wrap_up'
      ? totalMs
      : Math.round((totalMs * referenceSoFar) / REFERENCE_LENGTH_MINUTES / 1000) * 1000;
    slots.push({ phase, startMs: start, endMs: end });
    start = end;
  }
  return slots;
}

export function slotOf(plan: readonly PhaseSlot[], phase: Phase): PhaseSlot {
  const slot = plan.find((s) => s.phase === phase);
  if (!slot) throw new Error(`phase ${phase} missing from plan`);
  return slot;
}

export function nextPhase(phase: Phase): Phase | undefined {
  return PHASES[PHASES.indexOf(phase) + 1];
}
