// Rules of the interview clock, phases and pivot (server/SPEC.md: PLAN, CLK, PIV, ADV).
import { describe, expect, it } from 'vitest';
import { loadProblemBank } from '../../server/content/problem-bank.js';
import type { EventBody, SessionEvent } from '../../server/domain/events.js';
import { MINUTE, PHASES, phasePlan } from '../../server/domain/phases.js';
import { apply, choosePivot, decideAdvance, dueTimers, fold, GRACE_MS, pivotDueByTurns, PIVOT_AFTER_TURNS, type SessionState } from '../../server/domain/session.js';

const bank = loadProblemBank();
const problem = bank.byId.get('url-shortener')!;

function start(durationMinutes = 45): { s: SessionState; seq: number } {
  const s = fold([{ type: 'session_started', problemId: problem.id, level: 'mid', durationMinutes, seq: 1, atMs: 0 }]);
  return { s, seq: 1 };
}

/** Applies what time alone causes at `now`, as the server does, and returns the new events. */
function advanceTo(state: SessionState, now: number, key = 'session-a'): { s: SessionState; events: SessionEvent[] } {
  const d = dueTimers(state, problem, bank.genericPivots, now, key);
  let s = state;
  const events: SessionEvent[] = [];
  for (const [i, body] of d.events.entries()) {
    const e = { ...body, seq: s.lastSeq + 1, atMs: d.dueMs?.[i] ?? now } as SessionEvent;
    s = apply(s, e);
    events.push(e);
  }
  return { s, events };
}

function push(s: SessionState, body: EventBody, atMs: number): SessionState {
  return apply(s, { ...body, seq: s.lastSeq + 1, atMs } as SessionEvent);
}

describe('phase plan', () => {
  it('[PLAN1] 45 minutes splits 5/5/10/20/5 and every length ends exactly at its length', () => {
    const plan = phasePlan(45);
    expect(plan.map((p) => (p.endMs - p.startMs) / MINUTE)).toEqual([5, 5, 10, 20, 5]);
    for (const minutes of [10, 17, 30, 60, 90]) {
      const p = phasePlan(minutes);
      expect(p.map((x) => x.phase)).toEqual([...PHASES]);
      expect(p[0]!.startMs).toBe(0);
      expect(p.at(-1)!.endMs).toBe(minutes * MINUTE);
      for (let i = 1; i < p.length; i++) expect(p[i]!.startMs).toBe(p[i - 1]!.endMs);
      for (const slot of p) expect(slot.endMs).toBeGreaterThan(slot.startMs);
    }
  });

  it('[PLAN1] a 90-minute interview doubles each phase', () => {
    expect(phasePlan(90).map((p) => (p.endMs - p.startMs) / MINUTE)).toEqual([10, 10, 20, 40, 10]);
  });
});

describe('interview clock', () => {
  it('[CLK1] warns once, one minute before the phase ends', () => {
    const { s } = start();
    expect(advanceTo(s, 3.9 * MINUTE).events).toEqual([]);
    const warned = advanceTo(s, 4 * MINUTE);
    expect(warned.events).toMatchObject([{ type: 'time_warning', phase: 'requirements', remainingMs: MINUTE }]);
    expect(advanceTo(warned.s, 4.5 * MINUTE).events).toEqual([]);
  });

  it('[CLK1] in a short interview the warning comes at most a third of the phase early', () => {
    const s = start(10).s; // requirements is 10/45*5 min ~ 67 s
    const slot = s.plan[0]!;
    const warnAt = slot.endMs - Math.floor((slot.endMs - slot.startMs) / 3);
    expect(advanceTo(s, warnAt - 1).events).toEqual([]);
    expect(advanceTo(s, warnAt).events[0]).toMatchObject({ type: 'time_warning' });
  });

  it('[CLK3] moves on only after the grace period, and says why', () => {
    let { s } = start();
    s = advanceTo(s, 4 * MINUTE).s;
    expect(advanceTo(s, 5 * MINUTE + GRACE_MS - 1).events).toEqual([]);
    const moved = advanceTo(s, 5 * MINUTE + GRACE_MS);
    expect(moved.events).toMatchObject([{ type: 'phase_changed', from: 'requirements', to: 'estimation', reason: 'timeout' }]);
    expect(moved.s.phase).toBe('estimation');
  });

  it('[CLK4] moving on early leaves the next phase its planned end, so it gets the spare time', () => {
    let { s } = start();
    const adv = decideAdvance(s, problem, bank.genericPivots, 'k');
    expect(adv.ok).toBe(true);
    s = push(s, adv.ok ? adv.decision.events[0]! : ({} as EventBody), 2 * MINUTE);
    expect(s.phase).toBe('estimation');
    // estimation still ends at minute 10: no warning at minute 6.
    expect(advanceTo(s, 6 * MINUTE).events).toEqual([]);
    expect(advanceTo(s, 9 * MINUTE).events).toMatchObject([{ type: 'time_warning', phase: 'estimation' }]);
  });

  it('[CLK5] ends at the interview length, however long nobody looked', () => {
    const { s } = start();
    const late = advanceTo(s, 45 * MINUTE);
    expect(late.events.at(-1)).toMatchObject({ type: 'session_ended', reason: 'time' });
    expect(late.s.status).toBe('ended');
    expect(advanceTo(late.s, 50 * MINUTE).events).toEqual([]);
  });

  it('[CLK6] timers missed while nobody watched are applied in order on the next look; stale warnings are skipped', () => {
    const { s } = start();
    const caught = advanceTo(s, 13 * MINUTE);
    expect(caught.events.map((e) => e.type)).toEqual(['phase_changed', 'phase_changed']);
    expect(caught.events.map((e) => (e.type === 'phase_changed' ? e.to : ''))).toEqual(['estimation', 'high_level_design']);
    expect(caught.s.phase).toBe('high_level_design');
    // Within the grace period a missed warning is still given before the move.
    const inGrace = advanceTo(start().s, 5.5 * MINUTE);
    expect(inGrace.events.map((e) => e.type)).toEqual(['time_warning']);
  });
});

describe('pivot', () => {
  it('[PIV1] arrives 40% into the deep dive when the candidate has not said much', () => {
    let { s } = start();
    s = advanceTo(s, 21 * MINUTE).s; // -> deep dive (starts at 20, moved on at 21)
    expect(s.phase).toBe('deep_dive');
    const deepStart = s.plan.find((p) => p.phase === 'deep_dive')!;
    const at = deepStart.startMs + 0.4 * (deepStart.endMs - deepStart.startMs);
    expect(advanceTo(s, at - 1).events.filter((e) => e.type === 'pivot_injected')).toEqual([]);
    const piv = advanceTo(s, at);
    expect(piv.events).toMatchObject([{ type: 'pivot_injected' }]);
    expect(piv.s.pivot?.atMs).toBe(at);
  });

  it(`[PIV1] arrives early after ${PIVOT_AFTER_TURNS} candidate turns in the deep dive`, () => {
    let { s } = start();
    s = advanceTo(s, 21 * MINUTE).s;
    for (let i = 0; i < PIVOT_AFTER_TURNS - 1; i++) s = push(s, { type: 'candidate_message', clientMessageId: `m${i}`, text: 'sharding by code' }, 22 * MINUTE);
    expect(pivotDueByTurns(s)).toBe(false);
    s = push(s, { type: 'candidate_message', clientMessageId: 'mx', text: 'and a cache' }, 22 * MINUTE);
    expect(pivotDueByTurns(s)).toBe(true);
  });

  it('[PIV2] the same session and problem always get the same pivot; sessions vary', () => {
    const a = choosePivot(problem, bank.genericPivots, 'session-a');
    expect(choosePivot(problem, bank.genericPivots, 'session-a')).toEqual(a);
    const ids = new Set(Array.from({ length: 40 }, (_, i) => choosePivot(problem, bank.genericPivots, `s${i}`).id));
    expect(ids.size).toBeGreaterThan(2);
    expect([...ids].some((id) => problem.pivots.some((p) => p.id === id))).toBe(true);
  });

  it('[PIV2] most sessions get one of the problem\'s own pivots', () => {
    const own = new Set(problem.pivots.map((p) => p.id));
    const picks = Array.from({ length: 400 }, (_, i) => choosePivot(problem, bank.genericPivots, `session-${i}`).id);
    const share = picks.filter((id) => own.has(id)).length / picks.length;
    expect(share).toBeGreaterThan(0.65);
    expect(share).toBeLessThan(0.85);
  });

  it('[PIV4] moving on from the deep dive before the pivot brings the pivot; the next move goes on', () => {
    let { s } = start();
    for (let i = 0; i < 3; i++) {
      const r = decideAdvance(s, problem, bank.genericPivots, 'k');
      if (!r.ok) throw new Error('ended early');
      for (const e of r.decision.events) s = push(s, e, (i + 1) * MINUTE);
    }
    expect(s.phase).toBe('deep_dive');
    const early = decideAdvance(s, problem, bank.genericPivots, 'k');
    if (!early.ok) throw new Error('ended early');
    expect(early.decision.events).toMatchObject([{ type: 'pivot_injected', pivotId: choosePivot(problem, bank.genericPivots, 'k').id }]);
    expect(early.decision.announcements).toMatchObject([{ kind: 'pivot', beforeMovingOn: true }]);
    for (const e of early.decision.events) s = push(s, e, 4 * MINUTE);
    const next = decideAdvance(s, problem, bank.genericPivots, 'k');
    expect(next.ok && next.decision.events).toMatchObject([{ type: 'phase_changed', from: 'deep_dive', to: 'wrap_up' }]);
  });

  it('[PIV3] there is exactly one pivot per interview', () => {
    let { s } = start();
    const all = advanceTo(s, 44 * MINUTE);
    s = all.s;
    expect(all.events.filter((e) => e.type === 'pivot_injected')).toHaveLength(1);
    expect(advanceTo(s, 44.5 * MINUTE).events.filter((e) => e.type === 'pivot_injected')).toEqual([]);
    expect(pivotDueByTurns(s)).toBe(false);
  });
});

describe('candidate commands', () => {
  it('[ADV1] advancing walks every phase, then ends the interview', () => {
    let { s } = start();
    const seen: string[] = [s.phase];
    // One extra move: leaving the deep dive first brings the pivot [PIV4].
    for (let i = 0; i <= PHASES.length; i++) {
      const r = decideAdvance(s, problem, bank.genericPivots, 'k');
      if (!r.ok) throw new Error('ended early');
      for (const e of r.decision.events) s = push(s, e, i * MINUTE);
      const here = s.status === 'ended' ? 'ended' : s.phase;
      if (seen.at(-1) !== here) seen.push(here);
    }
    expect(seen).toEqual([...PHASES, 'ended']);
    expect(s.endReason).toBe('candidate');
    expect(decideAdvance(s, problem, bank.genericPivots, 'k')).toEqual({ ok: false, reason: 'ended' });
  });
});
