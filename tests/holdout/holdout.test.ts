// [SCO23] The hold-out set: transcripts written after the calibration, in other styles (terse,
// verbose, non-native English, headings, timestamps) and on other problems, scored free-form. The
// scorer must place each within one level of its intended level, rank the levels, find every pivot
// however it is phrased, and keep its report rules (verbatim quotes, determinism) on unseen text.
import { describe, expect, it } from 'vitest';
import { LEVELS } from '../../server/domain/problem.js';
import { extractEvidence } from '../../server/scoring/rules/extract.js';
import { NO_TURN_NOTE } from '../../server/scoring/report/next-steps.js';
import { scoreOffline } from '../../server/scoring/offline-scorer.js';
import { loadRubric } from '../../server/scoring/rules/rubric.js';
import type { DimensionId, Report } from '../../server/scoring/types.js';
import { holdoutCases } from './holdout-set.js';

const rubric = loadRubric();
const cases = holdoutCases();
const reports = new Map(cases.map((c) => [c.name, scoreOffline(c.input, rubric)]));
const atMid = new Map(holdoutCases({ level: 'mid' }).map((c) => [c.name, scoreOffline(c.input, rubric)]));
const ORDER = { below_junior: 0, junior: 1, mid: 2, senior: 3 } as const;
const NOTIFICATIONS = 'mid-notifications-unseen.md';

const dim = (r: Report, id: DimensionId) => r.dimensions.find((d) => d.id === id)!;

describe('[SCO23] hold-out transcripts', () => {
  it('[SCO23] has at least two transcripts per level, each 15 to 50 turns (the reported unseen case aside)', () => {
    for (const level of LEVELS) expect(cases.filter((c) => c.intended === level).length, level).toBeGreaterThanOrEqual(2);
    for (const c of cases.filter((x) => x.name !== NOTIFICATIONS)) {
      expect(c.input.turns.length, c.name).toBeGreaterThanOrEqual(15);
      expect(c.input.turns.length, c.name).toBeLessThanOrEqual(50);
    }
    expect(cases.map((c) => c.name)).toContain(NOTIFICATIONS);
  });

  it('[SCO23] each performs within one level of its intended level', () => {
    for (const c of cases) {
      const got = reports.get(c.name)!.performedLevel;
      expect(Math.abs(ORDER[got] - ORDER[c.intended]), `${c.name}: intended ${c.intended}, performed ${got}`).toBeLessThanOrEqual(1);
    }
  });

  it('[SCO23] scored against mid, mean overall scores rise junior < mid < senior', () => {
    const mean = (level: string) => {
      const xs = cases.filter((c) => c.intended === level).map((c) => atMid.get(c.name)!.overallScore);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    expect(mean('junior')).toBeLessThan(mean('mid'));
    expect(mean('mid')).toBeLessThan(mean('senior'));
  });

  it('[SCO24] finds the pivot in every transcript that has one, whatever its phrasing, and none where there is none', () => {
    for (const c of cases) {
      const pivot = reports.get(c.name)!.pivot;
      if (c.pivot === undefined) {
        expect(pivot, c.name).toBeNull();
        continue;
      }
      expect(pivot, c.name).not.toBeNull();
      expect(pivot!.text.startsWith(c.pivot), `${c.name}: found "${pivot!.text.slice(0, 60)}"`).toBe(true);
      expect(pivot!.handling, c.name).not.toBe('not_answered');
    }
  });

  it('[SCO32] finds the high-level design and the deep dive when they are only named in passing ("At a high level, ...", "before I go deeper?")', () => {
    const name = 'mid-courier-tracking.md';
    const c = cases.find((x) => x.name === name)!;
    const r = reports.get(name)!;
    const rows = Object.fromEntries(r.timeUse.rows.map((row) => [row.phase, row]));
    for (const phase of ['requirements', 'estimation', 'high_level_design', 'deep_dive', 'wrap_up']) {
      expect(rows[phase]!.status, phase).not.toBe('skipped');
      expect(rows[phase]!.turns, phase).toBeGreaterThan(0);
    }
    const design = c.input.turns.find((t) => t.text.startsWith('At a high level'))!;
    const ev = extractEvidence(c.input, rubric);
    expect(ev.index.transitions.map((t) => [t.turn, t.to, t.by])).toEqual([
      [design.turn - 2, 'estimation', 'candidate'],
      [design.turn, 'high_level_design', 'candidate'],
      [design.turn + 1, 'deep_dive', 'interviewer'],
      [c.input.turns.find((t) => t.text.startsWith('We have a few minutes left'))!.turn, 'wrap_up', 'interviewer'],
    ]);
    // The check-in at the end of the sketch is not a clarifying question.
    expect(r.clarification.questions).toBe(4);
  });

  it('[SCO33] next steps quote three different turns, each bearing on its step, or say that no turn showed it', () => {
    for (const [name, r] of [...reports, ...atMid]) {
      const quoted = r.nextSteps.flatMap((s) => (s.evidence ? [s.evidence] : []));
      expect(new Set(quoted.map((e) => e.turn)).size, name).toBe(quoted.length);
      for (const s of r.nextSteps) {
        // [SCO43] "No turn showed this" goes on to say what to do instead.
        if (!s.evidence) expect(s.note?.startsWith(`${NO_TURN_NOTE} Next time`), `${name} ${s.dimension}: ${s.note}`).toBe(true);
        else expect(s.evidence.note, `${name} ${s.dimension}`).not.toBe('Where this was expected.');
      }
    }
    // "I'll leave out ETA prediction and courier assignment" states the scope: no next step asks for it.
    const courier = reports.get('mid-courier-tracking.md')!;
    expect(courier.dimensions.find((d) => d.id === 'requirements')!.marks.map((m) => m.signal)).toContain('req_scopes');
    expect(courier.nextSteps.map((s) => s.text)).not.toContain(rubric.dimensions[0]!.signals.find((s) => s.id === 'req_scopes')!.advice);
  });

  it('[SCO25] the notification transcript earns trade-offs >= 2 and adaptability >= 2 at mid', () => {
    const r = atMid.get(NOTIFICATIONS)!;
    expect(dim(r, 'trade_offs').score).toBeGreaterThanOrEqual(2);
    expect(dim(r, 'adaptability').score).toBeGreaterThanOrEqual(2);
    expect(dim(r, 'trade_offs').marks.map((m) => m.signal)).toEqual(expect.arrayContaining(['trade_language', 'trade_alternatives']));
    expect(r.pivot).toMatchObject({ turn: 10, handling: 'well' });
    expect(r.pivot!.changed).toEqual(expect.arrayContaining(['token buckets', 'shard', 'batch']));
  });

  it('[SCO26] retries, backoff, circuit breakers, dead letters and partitioning count as depth on the notification transcript', () => {
    const r = atMid.get(NOTIFICATIONS)!;
    expect(dim(r, 'depth').score).toBeGreaterThanOrEqual(2);
    expect(dim(r, 'depth').marks.map((m) => m.signal)).toContain('depth_mechanisms');
  });

  it('[SCO27] quotes the sentence that carries the signal: a question about scale, not the arithmetic, for non-functional requirements', () => {
    const r = atMid.get(NOTIFICATIONS)!;
    const nfr = dim(r, 'requirements').evidence.find((e) => e.note === 'Raises non-functional requirements, not just features')!;
    expect(nfr.quote).not.toMatch(/600 per second/);
    expect(nfr.quote.trim().endsWith('?')).toBe(true);
    const comm = dim(r, 'communication');
    for (const e of comm.evidence) expect(e.quote).not.toMatch(/per second/);
  });

  it('[SCO19] every quote is a verbatim slice of the turn it names and of the file', () => {
    for (const c of cases) {
      const r = reports.get(c.name)!;
      const quotes = [
        ...r.dimensions.flatMap((d) => d.evidence),
        ...r.redFlags.flatMap((f) => f.evidence),
        ...(r.pivot?.evidence ?? []),
        ...r.nextSteps.flatMap((s) => (s.evidence ? [s.evidence] : [])),
      ];
      for (const q of quotes) {
        expect(c.input.turns[q.turn - 1]!.text, `${c.name} turn ${q.turn}`).toContain(q.quote);
        expect(c.text).toContain(q.quote);
      }
      expect(r.nextSteps, c.name).toHaveLength(3);
    }
  });

  it('[SCO1] scoring a hold-out transcript again gives a byte-identical report', () => {
    const fresh = loadRubric();
    for (const c of cases) expect(JSON.stringify(scoreOffline(structuredClone(c.input), fresh))).toBe(JSON.stringify(reports.get(c.name)));
  });
});
