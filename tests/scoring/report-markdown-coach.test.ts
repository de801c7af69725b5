// [COACH8] The Markdown export of a coach-mode report: its hints (time, phase, rung, text, where the
// gap was covered) and the assisted dimensions; an interview's Markdown has no coach section.
import { describe, expect, it } from 'vitest';
import { withCoach } from '../../server/app/coach.js';
import type { EventBody, SessionEvent } from '../../server/domain/events.js';
import { nextHint } from '../../server/domain/hints.js';
import { fold } from '../../server/domain/session.js';
import { scoringInputFromEvents } from '../../server/scoring/reading/from-session.js';
import { scoreOffline } from '../../server/scoring/offline-scorer.js';
import { reportToMarkdown } from '../../server/scoring/report/report-markdown.js';
import { loadRubric } from '../../server/scoring/rules/rubric.js';
import { problemBank } from '../calibration/calibration-set.js';

const bank = problemBank();
const payments = bank.byId.get('payment-system')!;
const rubric = loadRubric();
const MIN = 60_000;

/** A session's log, built as the server builds it: each hint is the ladder's next one at that moment. */
function interviewLog(mode: 'coach' | 'interview'): SessionEvent[] {
  const events: SessionEvent[] = [];
  const push = (atMs: number, body: EventBody) => events.push({ ...body, seq: events.length + 1, atMs } as SessionEvent);
  const hint = (atMs: number) => {
    const d = nextHint({ state: fold(events), problem: payments, diagramText: '(empty whiteboard)', genericPivots: bank.genericPivots }, { now: () => atMs });
    if (!d.ok) throw new Error(d.message);
    const { atMs: _a, rungName: _r, ...h } = d.hint;
    push(atMs, { type: 'hint_given', ...h, via: 'button' });
  };
  const say = (atMs: number, text: string) => push(atMs, { type: 'candidate_message', clientMessageId: `c${events.length}`, text });
  const reply = (atMs: number, text: string, revealed: string[] = []) => push(atMs, { type: 'interviewer_message', text, asked: [], revealed, source: 'offline', kind: 'reply' });
  const phase = (atMs: number, from: 'requirements' | 'estimation' | 'high_level_design', to: 'estimation' | 'high_level_design' | 'deep_dive') =>
    push(atMs, { type: 'phase_changed', from, to, reason: 'candidate' });

  push(0, { type: 'session_started', problemId: payments.id, level: 'mid', durationMinutes: 45, mode });
  reply(0, payments.statement);
  if (mode === 'coach') hint(1 * MIN + 5_000);
  say(2 * MIN, 'How many payments do we process per day, and what is the peak?');
  reply(2 * MIN, payments.facts.find((f) => f.topic === 'scale')!.answer, ['scale']);
  phase(5 * MIN, 'requirements', 'estimation');
  phase(8 * MIN, 'estimation', 'high_level_design');
  say(10 * MIN, 'Clients call an API gateway, then a payment service that stores payments in a database.');
  phase(20 * MIN, 'high_level_design', 'deep_dive');
  if (mode === 'coach') hint(21 * MIN + 30_000);
  say(23 * MIN, 'Every request carries an idempotency key. We store it with a unique constraint in the same transaction as the payment, so a retry returns the same response as the first attempt instead of charging again.');
  if (mode === 'coach') hint(30 * MIN);
  push(40 * MIN, { type: 'session_ended', reason: 'candidate' });
  return events;
}

function markdownOf(events: SessionEvent[]) {
  const input = scoringInputFromEvents(events, payments, bank.genericPivots);
  const report = withCoach(scoreOffline(input, rubric), events, payments, bank.genericPivots);
  const turnTime = (n: number) => input.turns[n - 1]?.atMs;
  return { report, input, md: reportToMarkdown(report, { turnTime }), turnTime };
}

describe('[COACH8] the Markdown export of a coach-mode report', () => {
  it('[COACH8] lists each hint with its time, phase, rung, text and where its gap was covered, and the assisted dimensions', () => {
    const { report, input, md } = markdownOf(interviewLog('coach'));
    const coach = report.coach!;
    expect(coach.hints).toHaveLength(3);
    const turnOf = (start: string) => input.turns.find((t) => t.role === 'candidate' && t.text.startsWith(start))!.turn;

    expect(md).toContain('## Coach mode');
    expect(md).toContain('Coach mode: 3 hints.');
    expect(md).toContain('| Time | Phase | Rung | Hint | About | Covered |');
    const rows = md.split('\n').filter((l) => /^\| \d\d:\d\d \|/.test(l));
    expect(rows).toHaveLength(3);
    // The first: a nudge about the scale in the requirements, covered by the question asked at 02:00.
    expect(coach.hints[0]).toMatchObject({ gap: { key: 'fact:scale' }, usedAtTurn: turnOf('How many payments') });
    expect(rows[0]).toBe(`| 01:05 | Requirements | Nudge | ${coach.hints[0]!.text} | ${coach.hints[0]!.gap.label} | turn ${turnOf('How many payments')} [02:00] |`);
    // The second: the deep dive's idempotency probe, covered by the answer at 23:00.
    expect(coach.hints[1]).toMatchObject({ gap: { key: 'dd:idempotency:0' }, usedAtTurn: turnOf('Every request carries') });
    expect(rows[1]).toBe(`| 21:30 | Deep dive | Nudge | ${coach.hints[1]!.text} | ${coach.hints[1]!.gap.label} | turn ${turnOf('Every request carries')} [23:00] |`);
    // The third came after the last word: its gap was never covered.
    expect(coach.hints[2]!.usedAtTurn).toBeUndefined();
    expect(rows[2]).toMatch(/^\| 30:00 \| Deep dive \| (Nudge|Pointer|Sketch) \| .+ \| not covered \|$/);

    // Assisted: depth, by its title, with the number of hints on it.
    expect(coach.assisted.map((a) => a.dimension)).toContain('depth');
    const depth = report.dimensions.find((d) => d.id === 'depth')!;
    const n = coach.assisted.find((a) => a.dimension === 'depth')!.hints;
    expect(md).toMatch(new RegExp(`Assisted \\(evidence came after a hint on it\\): [^\\n]*${depth.title} \\(${n} hints?\\)`));
    // The section sits between the dimensions and the red flags.
    expect(md.indexOf('## Coach mode')).toBeGreaterThan(md.indexOf('## Dimensions'));
    expect(md.indexOf('## Coach mode')).toBeLessThan(md.indexOf('## Red flags'));
  });

  it('[COACH8] a coach-mode report with no hint says every score is the candidate\'s own; an interview\'s Markdown is unchanged', () => {
    const coachNoHints = interviewLog('coach').filter((e) => e.type !== 'hint_given');
    const none = markdownOf(coachNoHints.map((e, i) => ({ ...e, seq: i + 1 })));
    expect(none.md).toContain('Coach mode: 0 hints.');
    expect(none.md).toContain("No hint was asked for: every score is the candidate's own.");
    expect(none.md).not.toContain('| Time | Phase | Rung |');

    const plain = markdownOf(interviewLog('interview'));
    expect(plain.report.coach).toBeUndefined();
    expect(plain.md).not.toContain('Coach mode');
    // Exactly the Markdown of the scored report itself.
    const input = scoringInputFromEvents(interviewLog('interview'), payments, bank.genericPivots);
    expect(plain.md).toBe(reportToMarkdown(scoreOffline(input, rubric), { turnTime: plain.turnTime }));
  });
});
