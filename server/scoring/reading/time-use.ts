// Time per phase against the plan: from the session's phase timeline when there is one, else
// estimated from each phase's share of the words (a transcript has no clock).
import { MINUTE, PHASES, type PhaseSlot, phasePlan } from '../../domain/phases.js';
import type { Rubric } from '../rules/rubric-schema.js';
import type { TranscriptIndex } from './transcript-index.js';
import type { ScoringInput, TimeUse } from '../types.js';

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

export function durationOf(input: ScoringInput, rubric: Rubric): number {
  if (input.durationMinutes) return input.durationMinutes;
  const last = input.plan?.[input.plan.length - 1];
  return last ? last.endMs / MINUTE : rubric.params.defaultDurationMinutes;
}

/**
 * [SCO11][SCO46] Rows per phase: "on plan" only inside the phase's budget (7.1 minutes of a 5-minute
 * phase is over), "under" below `underFactor` of it. `overruns` counts phases that took
 * `overrunFactor` times their budget or more, and `share` the part of the planned length the
 * interview used; both only when real times are known.
 */
export function timeUse(input: ScoringInput, index: TranscriptIndex, rubric: Rubric): { timeUse: TimeUse; overruns: number | undefined; share: number | undefined } {
  const duration = durationOf(input, rubric);
  const plan: PhaseSlot[] = input.plan && input.plan.length > 0 ? input.plan : phasePlan(duration);
  const timeline = input.phaseTimeline ?? [];
  const estimated = timeline.length === 0;
  const totalWords = index.turns.reduce((n, t) => n + t.words, 0);
  const { overrunFactor, underFactor } = rubric.params;
  const rows = PHASES.map((phase) => {
    const slot = plan.find((s) => s.phase === phase);
    const planned = slot ? (slot.endMs - slot.startMs) / MINUTE : 0;
    const inPhase = index.turns.filter((t) => t.phase === phase);
    const used = estimated
      ? totalWords > 0 ? (inPhase.reduce((n, t) => n + t.words, 0) / totalWords) * duration : 0
      : timeline.filter((p) => p.phase === phase).reduce((n, p) => n + Math.max(0, p.endMs - p.startMs), 0) / MINUTE;
    const status: TimeUse['rows'][number]['status'] =
      inPhase.length === 0 && used === 0 ? 'skipped'
        : round1(used) > round1(planned) ? 'over'
          : used < planned * underFactor ? 'under'
            : 'on_plan';
    return { phase, plannedMinutes: round1(planned), usedMinutes: round1(used), turns: inPhase.length, status, overrun: planned > 0 && used >= planned * overrunFactor };
  });
  const usedMinutes = rows.reduce((n, r) => n + r.usedMinutes, 0);
  return {
    timeUse: { estimated, durationMinutes: round1(duration), rows: rows.map(({ overrun: _overrun, ...r }) => r) },
    overruns: estimated ? undefined : rows.filter((r) => r.overrun).length,
    share: estimated || duration <= 0 ? undefined : Math.round((usedMinutes / duration) * 100) / 100,
  };
}
