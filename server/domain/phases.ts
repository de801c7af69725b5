// The interview's phases and the plan that gives each a slice of the interview's length.
import { PHASES, type Phase, type PhaseSlot } from '../protocol/phases.js';

// The phases' names, order, labels, goals and allowed lengths are the protocol's (the web reads them too).
export {
  DEFAULT_DURATION_MINUTES,
  MAX_DURATION_MINUTES,
  MIN_DURATION_MINUTES,
  PHASE_GOALS,
  PHASE_LABELS,
  PHASES,
  Phase,
  type PhaseSlot,
  nextPhase,
} from '../protocol/phases.js';

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
