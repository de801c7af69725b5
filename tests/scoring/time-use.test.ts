// Time and phases from the recorded events: who moved on, when, and whether the interview used its time.
import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../server/domain/events.js';
import { phasePlan } from '../../server/domain/phases.js';
import { scoringInputFromEvents } from '../../server/scoring/reading/from-session.js';
import { scoreOffline } from '../../server/scoring/offline-scorer.js';
import { loadRubric } from '../../server/scoring/rules/rubric.js';
import { problemBank } from '../calibration/calibration-set.js';
import { transcript } from './helpers.js';
import { MIN, sessionEvents } from './session-fixture.js';

const rubric = loadRubric();
const bank = problemBank();
const problem = bank.byId.get('url-shortener')!;
const comm = (events: SessionEvent[]) => {
  const r = scoreOffline(scoringInputFromEvents(events, problem, bank.genericPivots), rubric);
  return { r, d: r.dimensions.find((d) => d.id === 'communication')! };
};

describe('[SCO46] time per phase against the plan', () => {
  it('[SCO46] "on plan" only inside the budget: 7.1 minutes of a 5-minute phase is over', () => {
    const input = transcript([['I', 'Design a chat app.'], ['C', 'How many users do we have?']], 'mid', {
      plan: phasePlan(45),
      phaseTimeline: [
        { phase: 'requirements', startMs: 0, endMs: 7.1 * MIN },
        { phase: 'estimation', startMs: 7.1 * MIN, endMs: 12 * MIN },
      ],
    });
    input.turns = input.turns.map((t) => ({ ...t, phase: 'requirements' as const }));
    const rows = scoreOffline(input, rubric).timeUse.rows;
    expect(rows.find((r) => r.phase === 'requirements')).toMatchObject({ plannedMinutes: 5, usedMinutes: 7.1, status: 'over' });
    expect(rows.find((r) => r.phase === 'estimation')).toMatchObject({ usedMinutes: 4.9, status: 'on_plan' });
  });

  it('[SCO46] a 45-minute interview finished in under a minute is not good time management', () => {
    // The same answers, every event squeezed into the first 50 seconds.
    const rushed = sessionEvents.map((e) => ({ ...e, atMs: Math.round((e.atMs / (40 * MIN)) * 50_000) }));
    const paced = comm(sessionEvents);
    const fast = comm(rushed);
    expect(fast.r.redFlags.map((f) => f.id)).toContain('skipped_the_clock');
    expect(fast.d.score).toBeLessThanOrEqual(2);
    expect(fast.d.marks.map((m) => m.signal)).not.toContain('comm_on_time');
    expect(fast.d.score).toBeLessThanOrEqual(paced.d.score);
    expect(fast.r.overallScore).toBeLessThanOrEqual(paced.r.overallScore);
    expect(paced.r.redFlags.map((f) => f.id)).not.toContain('skipped_the_clock');
    expect(fast.r.timeUse.rows.every((r) => r.status !== 'on_plan' || r.usedMinutes === 0)).toBe(true);
  });
});
