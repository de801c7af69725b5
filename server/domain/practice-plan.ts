// The practice plan: what keeps going wrong across one person's interviews, when each weakness is
// due for a re-test (spaced repetition), and which problem and level to practise next. Pure: the
// reports, the bank and the time come in; nothing is read or stored here. Rules PRAC1–PRAC6.
import type { Level } from './problem.js';

/** [PRAC3] Days until a weakness is re-tested: after a weak result 1, then 3, 7, 14 after each good one; past the last, learned. */
export const REVIEW_DAYS = [1, 3, 7, 14] as const;
export const DAY_MS = 86_400_000;
/** [PRAC1] A dimension scored this or lower is weak in that interview (2 of 4: below "meets"). */
export const LOW_SCORE = 2;
/** [PRAC1] A weakness recurs when it was weak in at least this many interviews. */
export const RECURS_AT = 2;
const MAX_QUOTES = 3;

const DIMENSIONS = ['requirements', 'estimation', 'high_level_design', 'depth', 'trade_offs', 'failure_modes', 'adaptability', 'communication'] as const;
type Dim = (typeof DIMENSIONS)[number];

interface Quoted {
  turn: number;
  quote: string;
}

/** What the plan reads of a finished interview's report (a stored scoring Report fits). */
export interface PlanReport {
  dimensions: ReadonlyArray<{ id: string; title: string; score: number; confidence?: 'low' | 'not_applicable'; evidence: readonly Quoted[] }>;
  redFlags: ReadonlyArray<{ id: string; title: string; dimension: string; evidence: readonly Quoted[] }>;
  clarification: { factsUncovered: ReadonlyArray<{ topic: string }>; factsMissed: readonly string[] };
}

export interface PlanInterview {
  sessionId: string;
  /** When the interview took place (ms since the epoch). */
  at: number;
  problemId: string;
  problemTitle: string;
  level: Level;
  report: PlanReport;
}

/** What the plan reads of a problem of the bank (a LoadedProblem fits). */
export interface PlanProblem {
  id: string;
  title: string;
  facts: ReadonlyArray<{ topic: string }>;
  estimates: readonly unknown[];
  components: readonly unknown[];
  pivots: readonly unknown[];
  deepDives: ReadonlyArray<{ id: string; title: string; dimensions?: readonly string[] }>;
  antiPatterns: ReadonlyArray<{ id: string; title: string; dimension: string }>;
}

export type WeaknessKind = 'dimension' | 'red_flag' | 'anti_pattern' | 'fact';

export interface PlanQuote extends Quoted {
  sessionId: string;
  problemTitle: string;
  at: string;
}

export interface TrendPoint {
  sessionId: string;
  at: string;
  problemTitle: string;
  weak: boolean;
  /** A dimension's score (1–4); absent for flags and facts. */
  score?: number;
}

export interface Review {
  /** Good results in a row since the last weak one (0: re-test after REVIEW_DAYS[0] days). */
  stage: number;
  lastAt: string;
  /** When the re-test is due; null once learned. */
  dueAt: string | null;
  status: 'due' | 'scheduled' | 'learned';
}

export interface Weakness {
  key: string;
  kind: WeaknessKind;
  id: string;
  title: string;
  /** The rubric dimension it belongs to (facts: requirements). */
  dimension: string;
  weakCount: number;
  /** Interviews that could show it (where the dimension was judged, the problem has the fact, ...). */
  exercised: number;
  direction: 'improving' | 'steady' | 'worsening';
  trend: TrendPoint[];
  quotes: PlanQuote[];
  review: Review;
}

export interface PracticeNext {
  problemId: string;
  problemTitle: string;
  level: Level;
  /** The weakness (or, with no recurring one yet, the weakest dimension) the pick is aimed at. */
  target: { key: string; kind: WeaknessKind; title: string; dimension: string; due: boolean };
  /** The problem's deep dives and known wrong answers that exercise the target's dimension. */
  exercises: string[];
  reason: string;
}

export interface PracticePlan {
  generatedAt: string;
  interviews: number;
  schedule: readonly number[];
  /** [PRAC1] Recurring weaknesses, most pressing first (due re-tests, then the most frequent). */
  weaknesses: Weakness[];
  next: PracticeNext | null;
}

interface Outcome {
  i: PlanInterview;
  weak: boolean;
  score?: number;
  quotes: Quoted[];
}

interface Track {
  kind: WeaknessKind;
  id: string;
  title: string;
  dimension: string;
  outcomes: Outcome[];
}

const iso = (ms: number) => new Date(ms).toISOString();

function track(tracks: Map<string, Track>, key: string, init: Omit<Track, 'outcomes'>): Track {
  let t = tracks.get(key);
  if (!t) tracks.set(key, (t = { ...init, outcomes: [] }));
  return t;
}

/** Every interview's result on every weakness it could show, oldest first. */
function collect(interviews: readonly PlanInterview[], problems: ReadonlyMap<string, PlanProblem>): Map<string, Track> {
  const tracks = new Map<string, Track>();
  const flagTitles = new Map<string, { title: string; dimension: string }>();
  for (const i of interviews) for (const f of i.report.redFlags) flagTitles.set(f.id, { title: f.title, dimension: f.dimension });

  for (const i of interviews) {
    const r = i.report;
    const problem = problems.get(i.problemId);
    for (const d of r.dimensions) {
      if (d.confidence === 'not_applicable') continue;
      const weak = d.score <= LOW_SCORE;
      const flagQuotes = r.redFlags.filter((f) => f.dimension === d.id).flatMap((f) => f.evidence);
      track(tracks, `dimension:${d.id}`, { kind: 'dimension', id: d.id, title: d.title, dimension: d.id }).outcomes.push({
        i,
        weak,
        score: d.score,
        quotes: weak ? [...flagQuotes, ...d.evidence] : [],
      });
    }
    // Rubric flags can be raised in any interview; a problem's known wrong answers only where the problem has them.
    const fired = new Map(r.redFlags.map((f) => [f.id, f]));
    for (const [id, meta] of flagTitles) {
      const ap = /^anti_pattern\.(.+)$/.exec(id)?.[1];
      if (ap && !fired.has(id) && !problem?.antiPatterns.some((a) => a.id === ap)) continue;
      const f = fired.get(id);
      const t = track(tracks, ap ? `anti_pattern:${ap}` : `red_flag:${id}`, { kind: ap ? 'anti_pattern' : 'red_flag', id: ap ?? id, title: meta.title, dimension: meta.dimension });
      t.outcomes.push({ i, weak: Boolean(f), quotes: f ? [...f.evidence] : [] });
    }
    const asked = new Set(r.clarification.factsUncovered.map((f) => f.topic));
    const missed = new Set(r.clarification.factsMissed);
    const topics = new Set([...(problem?.facts.map((f) => f.topic) ?? []), ...missed]);
    for (const topic of topics) {
      const t = track(tracks, `fact:${topic}`, { kind: 'fact', id: topic, title: `Never asked about ${topic.replace(/_/g, ' ')}`, dimension: 'requirements' });
      t.outcomes.push({ i, weak: missed.has(topic) && !asked.has(topic), quotes: [] });
    }
  }
  return tracks;
}

/** [PRAC3] Spaced repetition over a weakness's results: a weak one resets, each good one moves a step. */
export function reviewOf(outcomes: ReadonlyArray<{ at: number; weak: boolean }>, now: number): Review | null {
  let stage: number | null = null;
  let lastAt = 0;
  for (const o of outcomes) {
    if (o.weak) stage = 0;
    else if (stage !== null) stage += 1;
    else continue;
    lastAt = o.at;
  }
  if (stage === null) return null;
  if (stage >= REVIEW_DAYS.length) return { stage, lastAt: iso(lastAt), dueAt: null, status: 'learned' };
  const dueAt = lastAt + REVIEW_DAYS[stage]! * DAY_MS;
  return { stage, lastAt: iso(lastAt), dueAt: iso(dueAt), status: now >= dueAt ? 'due' : 'scheduled' };
}

/** [PRAC2] Which way a weakness is going: the latest result against the earlier ones. */
function directionOf(outcomes: readonly Outcome[]): Weakness['direction'] {
  const last = outcomes.at(-1)!;
  const earlier = outcomes.slice(0, -1);
  if (last.score !== undefined && earlier.length) {
    const mean = earlier.reduce((s, o) => s + (o.score ?? 0), 0) / earlier.length;
    return last.score > mean + 0.5 ? 'improving' : last.score < mean - 0.5 ? 'worsening' : 'steady';
  }
  const before = earlier.at(-1);
  if (!last.weak) return 'improving';
  return before && !before.weak ? 'worsening' : 'steady';
}

const STATUS_ORDER = { due: 0, scheduled: 1, learned: 2 } as const;

/**
 * [PRAC3] How much a weakness weighs, per interview it showed in: a dimension by its mean score (1
 * of 4 weighs 1, 2 weighs 0.5), a red flag or known wrong answer 0.75 (it caps a score), a fact
 * not asked 0.3 (one question away).
 */
function weight(w: Weakness): number {
  if (w.kind === 'fact') return 0.3;
  if (w.kind !== 'dimension') return 0.75;
  const s = w.trend.filter((p) => p.score !== undefined);
  const mean = s.reduce((n, p) => n + p.score!, 0) / Math.max(1, s.length);
  return Math.max(0.25, (3 - mean) / 2);
}

function byPriority(a: Weakness, b: Weakness): number {
  return (
    STATUS_ORDER[a.review.status] - STATUS_ORDER[b.review.status] ||
    Number(b.trend.at(-1)!.weak) - Number(a.trend.at(-1)!.weak) ||
    weight(b) * b.weakCount - weight(a) * a.weakCount ||
    (a.review.dueAt ?? '').localeCompare(b.review.dueAt ?? '') ||
    a.key.localeCompare(b.key)
  );
}

/** [PRAC4] How much of each dimension a problem exercises, each scaled to the bank's most (0–1). */
export function exerciseProfiles(problems: readonly PlanProblem[]): Map<string, Record<Dim, number>> {
  const raw = new Map<string, Record<Dim, number>>();
  for (const p of problems) {
    const tagged = (d: string) => p.deepDives.filter((x) => x.dimensions?.includes(d)).length + p.antiPatterns.filter((a) => a.dimension === d).length;
    raw.set(p.id, {
      requirements: p.facts.length + tagged('requirements'),
      estimation: p.estimates.length + tagged('estimation'),
      high_level_design: p.components.length + tagged('high_level_design'),
      depth: tagged('depth'),
      trade_offs: tagged('trade_offs'),
      failure_modes: tagged('failure_modes'),
      adaptability: p.pivots.length,
      communication: 1,
    });
  }
  const max = Object.fromEntries(DIMENSIONS.map((d) => [d, Math.max(1, ...[...raw.values()].map((r) => r[d]))])) as Record<Dim, number>;
  for (const r of raw.values()) for (const d of DIMENSIONS) r[d] /= max[d];
  return raw;
}

function isDim(d: string): d is Dim {
  return (DIMENSIONS as readonly string[]).includes(d);
}

/** [PRAC4] The problem and level that exercise the target and the other weak dimensions most. */
function recommend(
  target: PracticeNext['target'],
  weaknesses: readonly Weakness[],
  interviews: readonly PlanInterview[],
  problems: readonly PlanProblem[],
): PracticeNext | null {
  if (problems.length === 0) return null;
  const profiles = exerciseProfiles(problems);
  // Gap to "meets" (3) per dimension over every interview, plus each recurring weakness on it.
  const weight = Object.fromEntries(DIMENSIONS.map((d) => [d, 0])) as Record<Dim, number>;
  for (const i of interviews) for (const d of i.report.dimensions) if (isDim(d.id) && d.confidence !== 'not_applicable') weight[d.id] += Math.max(0, 3 - d.score) / interviews.length;
  for (const w of weaknesses) if (isDim(w.dimension) && w.review.status !== 'learned') weight[w.dimension] += 0.5;
  const done = new Map<string, number>();
  for (const i of interviews) done.set(i.problemId, (done.get(i.problemId) ?? 0) + 1);
  const latest = interviews.at(-1);

  const scored = problems.map((p) => {
    const prof = profiles.get(p.id)!;
    let score = isDim(target.dimension) ? 3 * prof[target.dimension] : 0;
    for (const d of DIMENSIONS) score += weight[d] * prof[d];
    if (target.kind === 'anti_pattern') score += p.antiPatterns.some((a) => a.id === target.key.slice('anti_pattern:'.length)) ? 10 : 0;
    if (target.kind === 'fact') score += p.facts.some((f) => `fact:${f.topic}` === target.key) ? 1 : 0;
    score -= 0.25 * (done.get(p.id) ?? 0);
    if (latest?.problemId === p.id && target.kind !== 'anti_pattern') score -= 0.5;
    return { p, score };
  });
  scored.sort((a, b) => b.score - a.score || a.p.id.localeCompare(b.p.id));
  const best = scored[0]!.p;
  const exercises = [
    ...best.deepDives.filter((d) => d.dimensions?.includes(target.dimension)).map((d) => d.title),
    ...best.antiPatterns.filter((a) => a.dimension === target.dimension || target.key === `anti_pattern:${a.id}`).map((a) => `Known wrong answer: ${a.title}`),
  ];
  const level = latest?.level ?? 'mid';
  const why = target.due ? `${target.title} is due for a re-test` : `${target.title} is your weakest area`;
  return {
    problemId: best.id,
    problemTitle: best.title,
    level,
    target,
    exercises,
    reason: `${why}; ${best.title} exercises it. Level ${level}, as in your latest interview.`,
  };
}

/**
 * [PRAC1–PRAC4] The plan from a person's scored interviews (any order) at `now`. Only weaknesses met
 * in at least RECURS_AT interviews are kept; a fact is kept only if it was never asked.
 */
export function buildPracticePlan(input: { interviews: readonly PlanInterview[]; problems: readonly PlanProblem[]; now: number }): PracticePlan {
  const interviews = [...input.interviews].sort((a, b) => a.at - b.at || a.sessionId.localeCompare(b.sessionId));
  const byId = new Map(input.problems.map((p) => [p.id, p]));
  const weaknesses: Weakness[] = [];
  for (const [key, t] of collect(interviews, byId)) {
    const weakOnes = t.outcomes.filter((o) => o.weak);
    if (weakOnes.length < RECURS_AT) continue;
    if (t.kind === 'fact' && weakOnes.length !== t.outcomes.length) continue;
    const review = reviewOf(
      t.outcomes.map((o) => ({ at: o.i.at, weak: o.weak })),
      input.now,
    )!;
    // The newest first; the same words said again are quoted once.
    const quotes = weakOnes
      .slice()
      .reverse()
      .flatMap((o) => o.quotes.slice(0, 1).map((q) => ({ turn: q.turn, quote: q.quote, sessionId: o.i.sessionId, problemTitle: o.i.problemTitle, at: iso(o.i.at) })))
      .filter((q, n, all) => all.findIndex((x) => x.quote === q.quote) === n)
      .slice(0, MAX_QUOTES);
    weaknesses.push({
      key,
      kind: t.kind,
      id: t.id,
      title: t.title,
      dimension: t.dimension,
      weakCount: weakOnes.length,
      exercised: t.outcomes.length,
      direction: directionOf(t.outcomes),
      trend: t.outcomes.map((o) => ({ sessionId: o.i.sessionId, at: iso(o.i.at), problemTitle: o.i.problemTitle, weak: o.weak, ...(o.score !== undefined ? { score: o.score } : {}) })),
      quotes,
      review,
    });
  }
  weaknesses.sort(byPriority);

  let target: PracticeNext['target'] | undefined;
  const first = weaknesses.find((w) => w.review.status !== 'learned');
  if (first) target = { key: first.key, kind: first.kind, title: first.title, dimension: first.dimension, due: first.review.status === 'due' };
  else {
    // No recurring weakness yet: aim at the lowest mean dimension below "meets", if any.
    const sums = new Map<string, { title: string; sum: number; n: number }>();
    for (const i of interviews)
      for (const d of i.report.dimensions) {
        if (d.confidence === 'not_applicable') continue;
        const s = sums.get(d.id) ?? { title: d.title, sum: 0, n: 0 };
        sums.set(d.id, { title: d.title, sum: s.sum + d.score, n: s.n + 1 });
      }
    const lowest = [...sums].map(([id, s]) => ({ id, title: s.title, mean: s.sum / s.n })).sort((a, b) => a.mean - b.mean || a.id.localeCompare(b.id))[0];
    if (lowest && lowest.mean < 3) target = { key: `dimension:${lowest.id}`, kind: 'dimension', title: lowest.title, dimension: lowest.id, due: false };
  }
  return {
    generatedAt: iso(input.now),
    interviews: interviews.length,
    schedule: REVIEW_DAYS,
    weaknesses,
    next: target ? recommend(target, weaknesses, interviews, input.problems) : null,
  };
}
