// The practice plan (server/domain/practice-plan.ts): recurring weaknesses with their trend and
// quotes, the spaced-repetition schedule on an injected clock, and "practise next" aimed at the
// weakest area, over the real problem bank.
import { describe, expect, it } from 'vitest';
import { loadProblemBank } from '../../server/content/problem-bank.js';
import { buildPracticePlan, DAY_MS, exerciseProfiles, REVIEW_DAYS, reviewOf, type PlanInterview, type PlanReport } from '../../server/domain/practice-plan.js';
import { EXERCISED_DIMENSIONS } from '../../server/domain/problem.js';
import { DIMENSION_IDS } from '../../server/scoring/types.js';

const bank = loadProblemBank();
const T0 = Date.UTC(2026, 2, 1, 9, 0);

type Scores = Partial<Record<(typeof DIMENSION_IDS)[number], number>>;

function report(scores: Scores, o: { flags?: Array<{ id: string; dimension: string; quote?: string }>; asked?: string[]; missed?: string[]; quote?: string } = {}): PlanReport {
  return {
    dimensions: DIMENSION_IDS.map((id) => ({
      id,
      title: `T ${id}`,
      score: scores[id] ?? 3,
      evidence: [{ turn: 2, quote: o.quote ?? `said about ${id}` }],
    })),
    redFlags: (o.flags ?? []).map((f) => ({ id: f.id, title: `Flag ${f.id}`, dimension: f.dimension, evidence: f.quote ? [{ turn: 4, quote: f.quote }] : [] })),
    clarification: { factsUncovered: (o.asked ?? []).map((topic) => ({ topic })), factsMissed: o.missed ?? [] },
  };
}

function interview(n: number, day: number, r: PlanReport, problemId = 'url-shortener', level: PlanInterview['level'] = 'mid'): PlanInterview {
  return { sessionId: `s${n}`, at: T0 + day * DAY_MS, problemId, problemTitle: bank.byId.get(problemId)!.title, level, report: r };
}

const plan = (interviews: PlanInterview[], now = T0 + 30 * DAY_MS) => buildPracticePlan({ interviews, problems: bank.problems, now });

describe('practice plan: what recurs', () => {
  it('[PRAC1] a dimension low in two interviews recurs, with its quotes newest first; one low once does not', () => {
    const p = plan([
      interview(1, 0, report({ failure_modes: 1, estimation: 2 }, { quote: 'first answer' })),
      interview(2, 2, report({ failure_modes: 2 }, { quote: 'second answer' })),
      interview(3, 4, report({ failure_modes: 3 })),
    ]);
    const fm = p.weaknesses.find((w) => w.key === 'dimension:failure_modes')!;
    expect(fm).toBeDefined();
    expect(fm.weakCount).toBe(2);
    expect(fm.exercised).toBe(3);
    expect(fm.quotes.map((q) => [q.sessionId, q.quote])).toEqual([
      ['s2', 'second answer'],
      ['s1', 'first answer'],
    ]);
    expect(p.weaknesses.some((w) => w.key === 'dimension:estimation')).toBe(false);
    expect(p.interviews).toBe(3);
  });

  it('[PRAC1] red flags and known wrong answers met more than once recur, with the quote that raised them', () => {
    const p = plan([
      interview(1, 0, report({}, { flags: [{ id: 'no_numbers', dimension: 'estimation', quote: 'numbers later' }, { id: 'anti_pattern.collisions_ignored', dimension: 'depth', quote: 'collisions are rare' }] })),
      interview(2, 1, report({}, { flags: [{ id: 'no_numbers', dimension: 'estimation', quote: 'skip the math' }] }), 'chat'),
      interview(3, 2, report({}, { flags: [{ id: 'anti_pattern.collisions_ignored', dimension: 'depth', quote: 'a clash is unlikely' }] })),
    ]);
    const flag = p.weaknesses.find((w) => w.key === 'red_flag:no_numbers')!;
    expect(flag.kind).toBe('red_flag');
    expect(flag.quotes.map((q) => q.quote)).toEqual(['skip the math', 'numbers later']);
    const ap = p.weaknesses.find((w) => w.key === 'anti_pattern:collisions_ignored')!;
    expect(ap.kind).toBe('anti_pattern');
    expect(ap.dimension).toBe('depth');
    // Only the URL shortener interviews could show it: the chat one does not count either way.
    expect(ap.exercised).toBe(2);
    expect(ap.weakCount).toBe(2);
    // The same words said again are quoted once.
    const again = plan([1, 2, 3].map((n) => interview(n, n, report({}, { flags: [{ id: 'no_numbers', dimension: 'estimation', quote: 'numbers later' }] }))));
    expect(again.weaknesses.find((w) => w.key === 'red_flag:no_numbers')!.quotes.map((q) => [q.sessionId, q.quote])).toEqual([['s3', 'numbers later']]);
  });

  it('[PRAC1] a fact missed in every interview that had it recurs; one asked once does not', () => {
    const p = plan([
      interview(1, 0, report({}, { missed: ['latency', 'geography'], asked: ['scale'] })),
      interview(2, 1, report({}, { missed: ['latency', 'geography'], asked: ['scale'] })),
      interview(3, 2, report({}, { missed: ['latency'], asked: ['geography'] })),
    ]);
    const keys = p.weaknesses.filter((w) => w.kind === 'fact').map((w) => w.key);
    expect(keys).toContain('fact:latency');
    expect(keys).not.toContain('fact:geography');
    expect(keys).not.toContain('fact:scale');
    expect(p.weaknesses.find((w) => w.key === 'fact:latency')!.title).toBe('Never asked about latency');
  });

  it('[PRAC2] the trend lists every interview that could show it, oldest first, and says which way it goes', () => {
    const up = plan([interview(1, 0, report({ depth: 1 })), interview(2, 1, report({ depth: 2 })), interview(3, 2, report({ depth: 4 }))]);
    const d = up.weaknesses.find((w) => w.key === 'dimension:depth')!;
    expect(d.trend.map((t) => [t.sessionId, t.score, t.weak])).toEqual([
      ['s1', 1, true],
      ['s2', 2, true],
      ['s3', 4, false],
    ]);
    expect(d.direction).toBe('improving');
    const down = plan([interview(1, 0, report({ depth: 3 })), interview(2, 1, report({ depth: 2 })), interview(3, 2, report({ depth: 1 }))]);
    expect(down.weaknesses.find((w) => w.key === 'dimension:depth')!.direction).toBe('worsening');
    const flat = plan([interview(1, 0, report({ depth: 2 })), interview(2, 1, report({ depth: 2 }))]);
    expect(flat.weaknesses.find((w) => w.key === 'dimension:depth')!.direction).toBe('steady');
  });
});

describe('practice plan: spaced repetition', () => {
  const at = (day: number) => T0 + day * DAY_MS;

  it(`[PRAC3] a weak result is due again after ${REVIEW_DAYS[0]} day, each good re-test waits longer (${REVIEW_DAYS.join(', ')} days), then it is learned`, () => {
    expect(REVIEW_DAYS).toEqual([1, 3, 7, 14]);
    const weak = [{ at: at(0), weak: true }];
    expect(reviewOf(weak, at(0.5))).toEqual({ stage: 0, lastAt: new Date(at(0)).toISOString(), dueAt: new Date(at(1)).toISOString(), status: 'scheduled' });
    expect(reviewOf(weak, at(1))!.status).toBe('due');
    const good1 = [...weak, { at: at(1), weak: false }];
    expect(reviewOf(good1, at(3.9))).toMatchObject({ stage: 1, dueAt: new Date(at(4)).toISOString(), status: 'scheduled' });
    expect(reviewOf(good1, at(4))!.status).toBe('due');
    const good2 = [...good1, { at: at(4), weak: false }];
    expect(reviewOf(good2, at(5))).toMatchObject({ stage: 2, dueAt: new Date(at(11)).toISOString() });
    const good3 = [...good2, { at: at(11), weak: false }];
    expect(reviewOf(good3, at(12))).toMatchObject({ stage: 3, dueAt: new Date(at(25)).toISOString() });
    const good4 = [...good3, { at: at(25), weak: false }];
    expect(reviewOf(good4, at(400))).toMatchObject({ stage: 4, dueAt: null, status: 'learned' });
  });

  it('[PRAC3] a weak result resets the schedule; good results before the first weak one do not count', () => {
    const outcomes = [
      { at: at(0), weak: false },
      { at: at(1), weak: true },
      { at: at(2), weak: false },
      { at: at(5), weak: false },
      { at: at(6), weak: true },
    ];
    expect(reviewOf(outcomes, at(6.5))).toMatchObject({ stage: 0, lastAt: new Date(at(6)).toISOString(), dueAt: new Date(at(7)).toISOString(), status: 'scheduled' });
    expect(reviewOf([{ at: at(0), weak: false }], at(1))).toBeNull();
  });

  it('[PRAC3] a weakness not practised comes back due; the plan puts due re-tests first', () => {
    const interviews = [
      interview(1, 0, report({ estimation: 1, trade_offs: 2 })),
      interview(2, 1, report({ estimation: 2, trade_offs: 2 })),
      // Estimation practised well on day 2 (due on day 5); trade-offs still weak on day 2 (due on day 3).
      interview(3, 2, report({ estimation: 3, trade_offs: 2 })),
    ];
    const early = plan(interviews, T0 + 2.5 * DAY_MS);
    expect(early.weaknesses.map((w) => [w.key, w.review.status])).toEqual([
      ['dimension:trade_offs', 'scheduled'],
      ['dimension:estimation', 'scheduled'],
    ]);
    const later = plan(interviews, T0 + 5 * DAY_MS);
    expect(later.weaknesses.every((w) => w.review.status === 'due')).toBe(true);
    expect(later.next!.target).toMatchObject({ key: 'dimension:trade_offs', due: true });
    // On day 3.5 only trade-offs is due: it goes first even though estimation was weaker before.
    const mid = plan(interviews, T0 + 3.5 * DAY_MS);
    expect(mid.weaknesses[0]!.key).toBe('dimension:trade_offs');
    expect(mid.weaknesses[0]!.review.status).toBe('due');
    expect(mid.weaknesses[1]!.review.status).toBe('scheduled');
  });
});

describe('practice plan: practise next', () => {
  it('[PRAC4] after three interviews weak on failure modes, the pick is a problem that exercises failure modes the most', () => {
    const p = plan([
      interview(1, 0, report({ failure_modes: 1 }), 'url-shortener', 'mid'),
      interview(2, 2, report({ failure_modes: 1 }), 'news-feed', 'mid'),
      interview(3, 4, report({ failure_modes: 2 }), 'chat', 'senior'),
    ]);
    expect(p.next!.target).toMatchObject({ key: 'dimension:failure_modes', dimension: 'failure_modes' });
    expect(p.next!.level).toBe('senior');
    const profiles = exerciseProfiles(bank.problems);
    const best = Math.max(...[...profiles.values()].map((r) => r.failure_modes));
    expect(profiles.get(p.next!.problemId)!.failure_modes).toBeGreaterThanOrEqual(best - 0.35);
    expect(p.next!.exercises.length).toBeGreaterThan(0);
    const picked = bank.byId.get(p.next!.problemId)!;
    for (const title of p.next!.exercises.filter((e) => !e.startsWith('Known wrong answer: '))) {
      expect(picked.deepDives.find((d) => d.title === title)!.dimensions).toContain('failure_modes');
    }
    expect(p.next!.reason).toContain('T failure_modes');
  });

  it('[PRAC3] among weaknesses equally due, a dimension at 1 of 4 outranks a flag, and a flag outranks a fact not asked', () => {
    const r = () => report({ estimation: 1 }, { flags: [{ id: 'decides_alone', dimension: 'communication', quote: 'I will just pick' }], missed: ['latency'] });
    const p = plan([interview(1, 0, r()), interview(2, 1, r()), interview(3, 2, r())], T0 + 3.5 * DAY_MS);
    expect(p.weaknesses.map((w) => w.key)).toEqual(['dimension:estimation', 'red_flag:decides_alone', 'fact:latency']);
    expect(p.next!.target.key).toBe('dimension:estimation');
    // A dimension only at 2 of 4 weighs less than the same flag.
    const mild = () => report({ estimation: 2 }, { flags: [{ id: 'decides_alone', dimension: 'communication' }] });
    const q = plan([interview(1, 0, mild()), interview(2, 1, mild())], T0 + 3.5 * DAY_MS);
    expect(q.weaknesses.map((w) => w.key)).toEqual(['red_flag:decides_alone', 'dimension:estimation']);
  });

  it('[PRAC4] a known wrong answer met twice brings back a problem that has it', () => {
    const flag = [{ id: 'anti_pattern.collisions_ignored', dimension: 'depth', quote: 'collisions are rare' }];
    const p = plan([interview(1, 0, report({}, { flags: flag })), interview(2, 1, report({}, { flags: flag })), interview(3, 2, report({ depth: 4 }), 'chat')]);
    expect(p.next!.target.key).toBe('anti_pattern:collisions_ignored');
    expect(bank.byId.get(p.next!.problemId)!.antiPatterns.map((a) => a.id)).toContain('collisions_ignored');
    expect(p.next!.exercises).toContain('Known wrong answer: Random or hashed codes with no collision check');
  });

  it('[PRAC4] with one interview the pick aims at its lowest dimension; with nothing weak there is no pick', () => {
    const one = plan([interview(1, 0, report({ estimation: 1, depth: 2 }))]);
    expect(one.weaknesses).toEqual([]);
    expect(one.next!.target).toMatchObject({ key: 'dimension:estimation', due: false });
    expect(plan([interview(1, 0, report({}))]).next).toBeNull();
    expect(plan([]).next).toBeNull();
  });

  it('[PRAC4] the same reports give the same plan whatever order they come in', () => {
    const list = [interview(1, 0, report({ depth: 1 })), interview(2, 1, report({ depth: 2 }), 'chat'), interview(3, 2, report({ depth: 1 }), 'yelp')];
    expect(plan([...list].reverse())).toEqual(plan(list));
  });
});

describe('[PRAC5] the bank maps every problem to the dimensions it exercises', () => {
  it('every deep dive of all 28 problems names its dimensions, and every exercised dimension has problems', () => {
    expect(bank.problems.length).toBe(28);
    for (const p of bank.problems) {
      for (const d of p.deepDives) expect(d.dimensions?.length, `${p.id}/${d.id}`).toBeGreaterThan(0);
      for (const a of p.antiPatterns) expect(EXERCISED_DIMENSIONS).toContain(a.dimension);
      const dims = new Set([...p.deepDives.flatMap((d) => d.dimensions ?? []), ...p.antiPatterns.map((a) => a.dimension)]);
      expect(dims.has('depth'), p.id).toBe(true);
    }
    const profiles = exerciseProfiles(bank.problems);
    for (const d of EXERCISED_DIMENSIONS) expect([...profiles.values()].some((r) => r[d] > 0), d).toBe(true);
  });
});
