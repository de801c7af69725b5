// Coach mode's hint ladder (server/SPEC.md: COACH1–COACH6), as a pure function of the session.
import { describe, expect, it } from 'vitest';
import { loadProblemBank } from '../../server/content/problem-bank.js';
import type { EventBody, SessionEvent } from '../../server/domain/events.js';
import { type HintDecision, type HintInput, hintReplyText, nextHint, openGaps, revealsNoHiddenFact } from '../../server/domain/hints.js';
import type { Phase } from '../../server/domain/phases.js';
import { apply, fold, type SessionState } from '../../server/domain/session.js';

const bank = loadProblemBank();
const payments = bank.byId.get('payment-system')!;
const clock = { now: () => 123_000 };

function session(mode: 'coach' | 'interview' = 'coach', problemId = payments.id): SessionState {
  return fold([{ type: 'session_started', problemId, level: 'mid', durationMinutes: 45, mode, seq: 1, atMs: 0 }]);
}
function push(s: SessionState, body: EventBody, atMs = 0): SessionState {
  return apply(s, { ...body, seq: s.lastSeq + 1, atMs } as SessionEvent);
}
function to(s: SessionState, phase: Phase): SessionState {
  return push(s, { type: 'phase_changed', from: s.phase, to: phase, reason: 'candidate' });
}
function say(s: SessionState, text: string): SessionState {
  return push(s, { type: 'candidate_message', clientMessageId: `c${s.lastSeq}`, text });
}
function reveal(s: SessionState, ...topics: string[]): SessionState {
  return push(s, { type: 'interviewer_message', text: 'ok', asked: [], revealed: topics, source: 'offline', kind: 'reply' });
}
/** Gives the decided hint, as the server records it. */
function take(s: SessionState, d: HintDecision): SessionState {
  if (!d.ok) throw new Error(d.message);
  const { atMs: _a, rungName: _n, ...h } = d.hint;
  return push(s, { type: 'hint_given', ...h, via: 'button' });
}
const input = (state: SessionState, diagramText = '(empty whiteboard)'): HintInput => ({ state, problem: payments, diagramText, genericPivots: bank.genericPivots });

describe('the hint ladder', () => {
  it('[COACH1] gives nothing in interview mode, nor after the end', () => {
    expect(nextHint(input(session('interview')), clock)).toMatchObject({ ok: false, reason: 'not_coach' });
    const ended = push(session(), { type: 'session_ended', reason: 'candidate' });
    expect(nextHint(input(ended), clock)).toMatchObject({ ok: false, reason: 'ended' });
    // Logs written before coach mode fold as interviews.
    const old = fold([{ type: 'session_started', problemId: payments.id, level: 'mid', durationMinutes: 45, seq: 1, atMs: 0 }]);
    expect(old.mode).toBe('interview');
  });

  it('[COACH3] climbs nudge, pointer, sketch on the current gap, stamped with the phase and the injected clock', () => {
    let s = to(session(), 'deep_dive');
    const first = nextHint(input(s), clock);
    expect(first).toMatchObject({ ok: true, hint: { rung: 1, rungName: 'nudge', phase: 'deep_dive', atMs: 123_000, gap: { key: 'dd:idempotency:0', kind: 'probe', dimension: 'depth' } } });
    if (!first.ok) return;
    expect(first.hint.text).toBe('What about never charging twice?');
    s = take(s, first);
    const second = nextHint(input(s), clock);
    expect(second).toMatchObject({ ok: true, hint: { rung: 2, rungName: 'pointer', gap: { key: 'dd:idempotency:0' } } });
    if (!second.ok) return;
    expect(second.hint.text).toBe(payments.deepDives[0]!.probes[0]!.ask);
    s = take(s, second);
    const third = nextHint(input(s), clock);
    expect(third).toMatchObject({ ok: true, hint: { rung: 3, rungName: 'sketch' } });
    if (!third.ok) return;
    // The sketch is the bank's good answer (from the matching anti-pattern) and the parts it names.
    expect(third.hint.text).toContain('idempotency key, stored atomically with the payment');
    expect(third.hint.text).toContain('A good answer names idempotency key');
    s = take(s, third);
    // The ladder of that gap is done: the next request starts the next open gap at its nudge.
    const fourth = nextHint(input(s), clock);
    expect(fourth).toMatchObject({ ok: true, hint: { rung: 1, gap: { key: 'dd:idempotency:1' } } });
    expect(hintReplyText({ rung: 2, text: 'Look here.' })).toBe('A pointer: Look here.');
  });

  it('[COACH2] a gap already covered is not hinted: a partly answered probe points at its missing part', () => {
    let s = to(session(), 'deep_dive');
    s = say(s, 'Each request carries an idempotency key and we keep a unique constraint on it.');
    const d = nextHint(input(s), clock);
    expect(d.ok && d.hint.gap.key).toBe('dd:idempotency:0');
    s = take(s, d);
    const pointer = nextHint(input(s), clock);
    // The missing part of probe 0 is what the retry gets back; its follow-up is the pointer.
    expect(pointer.ok && pointer.hint.text).toBe(payments.deepDives[0]!.probes[0]!.answeredWhen[1]!.ask);
    s = say(s, 'The retry gets the same response as the first attempt, the stored response.');
    const gaps = openGaps(input(s)).map((g) => g.key);
    expect(gaps).not.toContain('dd:idempotency:0');
  });

  it('[COACH2] requirements: facts already asked about are skipped; estimation: stated figures are skipped', () => {
    let s = session();
    expect(openGaps(input(s))[0]!.key).toBe('fact:scale');
    s = reveal(s, 'scale', 'read_write');
    const keys = openGaps(input(s)).map((g) => g.key);
    expect(keys).not.toContain('fact:scale');
    expect(keys[0]).toBe('fact:latency');
    s = to(s, 'estimation');
    expect(openGaps(input(s)).map((g) => g.key)).toContain('est:average_payment_qps');
    s = say(s, '100 million a day is about 1.2k payments per second on average.');
    expect(openGaps(input(s)).map((g) => g.key)).not.toContain('est:average_payment_qps');
  });

  it('[COACH2] high-level design: an empty board first, then the components not drawn or named', () => {
    let s = to(session(), 'high_level_design');
    expect(openGaps(input(s))[0]!.key).toBe('board:draw');
    const board = 'Boxes: API gateway, Payment service, Postgres. Arrows: API gateway -> Payment service.';
    const keys = openGaps(input(s, board)).map((g) => g.key);
    expect(keys).not.toContain('board:draw');
    expect(keys).not.toContain('comp:api_gateway');
    expect(keys[0]).toBe('comp:event_log');
    const d = nextHint(input(s, board), clock);
    expect(d.ok && d.hint.text).toBe('What about what happens after a write?');
    s = say(s, 'We publish every state change to Kafka.');
    expect(openGaps(input(s, board)).map((g) => g.key)).not.toContain('comp:event_log');
  });

  it('[COACH2] a known wrong answer comes first in the deep dive, until the candidate names the fix', () => {
    let s = to(session(), 'deep_dive');
    s = say(s, 'If the acquirer call times out we mark the payment failed and tell the merchant.');
    const gaps = openGaps(input(s));
    expect(gaps[0]).toMatchObject({ key: 'ap:timeout_as_failure', dimension: 'failure_modes' });
    expect(gaps[0]!.rungs[0]).toContain('we mark the payment failed');
    expect(gaps[0]!.rungs[1]).toBe(payments.antiPatterns.find((a) => a.id === 'timeout_as_failure')!.challenge);
    s = say(s, 'Actually a timeout stays pending until reconciliation settles it.');
    expect(openGaps(input(s)).map((g) => g.key)).not.toContain('ap:timeout_as_failure');
  });

  it('[COACH5] no rung of any problem states a hidden fact the candidate did not ask for', () => {
    for (const problem of bank.problems) {
      for (const phase of ['requirements', 'estimation', 'high_level_design', 'deep_dive', 'wrap_up'] as const) {
        let s = session('coach', problem.id);
        if (phase !== 'requirements') s = to(s, phase);
        for (let i = 0; i < 12; i++) {
          const d = nextHint({ state: s, problem, diagramText: '(empty whiteboard)', genericPivots: bank.genericPivots }, clock);
          if (!d.ok) break;
          expect(revealsNoHiddenFact(d.hint.text, problem, new Set()), `${problem.id} ${phase}: ${d.hint.text}`).toBe(true);
          expect(revealsNoHiddenFact(d.hint.gap.label, problem, new Set()), `${problem.id} ${phase}: ${d.hint.gap.label}`).toBe(true);
          for (const f of problem.facts) expect(d.hint.text).not.toContain(f.answer.slice(0, 40));
          s = take(s, d);
        }
      }
    }
  });

  it('[COACH5] an estimate sketch that would need an unasked fact gives the method instead; once asked, the derivation', () => {
    let s = to(session(), 'estimation');
    const sketch = (st: SessionState) => {
      for (let i = 0; i < 3; i++) {
        const d = nextHint(input(st), clock);
        if (!d.ok) throw new Error(d.message);
        if (d.hint.rung === 3) return d.hint.text;
        st = take(st, d);
      }
      throw new Error('no sketch');
    };
    const hidden = sketch(s);
    expect(hidden).not.toContain('100M');
    expect(hidden).toContain('ask me for it');
    s = reveal(s, 'scale');
    expect(sketch(s)).toContain(payments.resolvedEstimates[0]!.derivation);
  });

  it('[COACH2] the pivot not yet taken up is the first gap after it arrives', () => {
    let s = to(session(), 'deep_dive');
    const pivot = payments.pivots[1]!;
    s = push(s, { type: 'pivot_injected', pivotId: pivot.id, text: pivot.text });
    s = say(s, 'Let me keep going with the ledger.');
    expect(openGaps(input(s))[0]).toMatchObject({ key: `pivot:${pivot.id}`, dimension: 'adaptability' });
    s = say(s, 'We add a second acquirer and a circuit breaker to fail over.');
    expect(openGaps(input(s)).map((g) => g.key)).not.toContain(`pivot:${pivot.id}`);
  });

  it('[COACH3] when every gap of the phase had its three rungs, the ladder says so', () => {
    let s = to(session(), 'wrap_up');
    for (let i = 0; i < 6; i++) s = take(s, nextHint(input(s), clock));
    expect(nextHint(input(s), clock)).toMatchObject({ ok: false, reason: 'ladder_done' });
    let done = to(session(), 'wrap_up');
    done = say(done, 'The biggest risk is the ledger hot spot. To summarize, we built an idempotent API over a ledger.');
    expect(nextHint(input(done), clock)).toMatchObject({ ok: false, reason: 'nothing_open' });
  });
});
