// Evidence to scores, by the rubric's rules only: signals fire on metric thresholds and add their
// points; a dimension's points against a level's bars give its 1-4 score; red flags cap scores and
// cost verdict steps; the weighted mean gives the verdict and the level performed at.
import { LEVELS, type Level } from '../../domain/problem.js';
import type { Hit, MetricValue } from './metrics/context.js';
import type { MetricId } from './metric-ids.js';
import type { Condition, Dimension, RedFlag, Rubric, Signal } from './rubric-schema.js';
import { type DimensionId, type PerformedLevel, VERDICTS, type Verdict } from '../types.js';

export type Outcome = 'fired' | 'not' | 'skipped';
type Metrics = Record<MetricId, MetricValue>;

/** [SCO2] A condition on a metric that could not be measured is skipped, not false. */
export function evaluate(c: Condition, metrics: Metrics): Outcome {
  if ('metric' in c) {
    const v = metrics[c.metric].value;
    if (v === undefined) return 'skipped';
    const ok =
      (c.gte === undefined || v >= c.gte) &&
      (c.lte === undefined || v <= c.lte) &&
      (c.gt === undefined || v > c.gt) &&
      (c.lt === undefined || v < c.lt);
    return ok ? 'fired' : 'not';
  }
  const parts = ('all' in c ? c.all : c.any).map((p) => evaluate(p, metrics));
  if ('all' in c) return parts.includes('skipped') ? 'skipped' : parts.every((p) => p === 'fired') ? 'fired' : 'not';
  return parts.includes('fired') ? 'fired' : parts.includes('skipped') ? 'skipped' : 'not';
}

export interface DimensionScoring {
  dimension: Dimension;
  /** [SCO45] False when the dimension had nothing to judge: it does not count toward the verdict. */
  applicable: boolean;
  points: number;
  fired: Signal[];
  skipped: Signal[];
  /** Share of the dimension's positive points that could be measured; bars are scaled by it. */
  attainable: number;
  score: Record<Level, number>;
  supportedLevel: PerformedLevel;
}

/**
 * A red flag as scored: a rubric flag raised by its condition, or one instance of the anti-pattern
 * flag for a known wrong answer the candidate gave (SCO39). `rule` is the rubric entry whose id the
 * dimensions' level lists name.
 */
export interface Flag {
  /** The report's id: the rubric id, or `anti_pattern.<bank id>` for a known wrong answer. */
  id: string;
  rule: RedFlag;
  dimension: DimensionId;
  title: string;
  description: string;
  cap: number;
  advice: string;
  /** The metric flag's condition and evidence metric (for quotes). */
  when?: Condition;
  evidence?: MetricId;
  /** The sentences that raised it, when it has its own (an anti-pattern). */
  hits?: Hit[];
}

/** A known wrong answer found in the transcript, as the scorer raises it. */
export interface FoundAntiPattern {
  id: string;
  title: string;
  why: string;
  dimension: DimensionId;
  hit: Hit;
}

/** A rubric flag as a scored flag (metric flags only carry a condition). */
export function metricFlag(rule: RedFlag & { kind?: 'metric' }): Flag {
  return {
    id: rule.id,
    rule,
    dimension: rule.dimension,
    title: rule.title,
    description: rule.description,
    cap: rule.cap,
    advice: rule.advice,
    when: rule.when,
    ...(rule.evidence ? { evidence: rule.evidence } : {}),
  };
}

type FlagLike = Flag | RedFlag;
function asFlag(f: FlagLike): Flag {
  return 'rule' in f ? f : f.kind === 'anti_pattern' ? { id: f.id, rule: f, dimension: 'depth', title: f.title, description: f.description, cap: f.cap, advice: f.advice } : metricFlag(f);
}

export interface Scoring {
  dimensions: DimensionScoring[];
  redFlags: Array<{ flag: Flag; outcome: Outcome }>;
  mean: Record<Level, number>;
  verdict: Record<Level, Verdict>;
  performedLevel: PerformedLevel;
}

function positive(signals: readonly Signal[]): number {
  return signals.reduce((n, s) => n + Math.max(0, s.points), 0);
}

/** [SCO3] Points against a level's bars: exceeds 4, meets 3, partial 2, else 1. */
export function scoreAgainst(points: number, t: { partial: number; meets: number; exceeds: number }, scale: number): number {
  if (points >= t.exceeds * scale) return 4;
  if (points >= t.meets * scale) return 3;
  if (points >= t.partial * scale) return 2;
  return 1;
}

/** The flags raised that apply at the level: the flag's dimension lists its rubric id at that level. */
export function flagsAt(rubric: Rubric, scoring: { redFlags: ReadonlyArray<{ flag: FlagLike; outcome: Outcome }> }, level: Level): Flag[] {
  return scoring.redFlags
    .filter((r) => r.outcome === 'fired')
    .map((r) => asFlag(r.flag))
    .filter((f) => rubric.dimensions.find((d) => d.id === f.dimension)!.levels[level].redFlags.includes(f.rule.id));
}

/**
 * Raises the rubric's red flags: each metric flag whose condition holds, and [SCO39] one instance
 * of each anti-pattern flag per known wrong answer found, on the dimension the bank names.
 */
export function raiseFlags(rubric: Rubric, metrics: Metrics, antiPatterns: readonly FoundAntiPattern[] = []): Scoring['redFlags'] {
  const out: Scoring['redFlags'] = [];
  for (const rule of rubric.redFlags) {
    if (rule.kind !== 'anti_pattern') {
      out.push({ flag: metricFlag(rule), outcome: evaluate(rule.when, metrics) });
      continue;
    }
    for (const ap of antiPatterns) {
      const flag: Flag = { id: `${rule.id}.${ap.id}`, rule, dimension: ap.dimension, title: ap.title, description: ap.why, cap: rule.cap, advice: betterAnswer(ap.why) ?? rule.advice, hits: [ap.hit] };
      out.push({ flag, outcome: 'fired' });
    }
  }
  return out;
}

/** The bank's "A strong answer ..." sentence of an anti-pattern's why: the next step for it. */
function betterAnswer(why: string): string | undefined {
  const m = /(?:^|\.\s+)((?:A|The) (?:strong|good|better|right) answer[^]*)$/.exec(why);
  return m?.[1]?.trim();
}

export function scoreEvidence(rubric: Rubric, metrics: Metrics, antiPatterns: readonly FoundAntiPattern[] = []): Scoring {
  const redFlags = raiseFlags(rubric, metrics, antiPatterns);
  const dimensions = rubric.dimensions.map((dimension): DimensionScoring => {
    const outcomes = dimension.signals.map((s) => [s, evaluate(s.when, metrics)] as const);
    const fired = outcomes.filter(([, o]) => o === 'fired').map(([s]) => s);
    const skipped = outcomes.filter(([, o]) => o === 'skipped').map(([s]) => s);
    const total = positive(dimension.signals);
    const attainable = total > 0 ? (total - positive(skipped)) / total : 1;
    const points = fired.reduce((n, s) => n + s.points, 0);
    const score = {} as Record<Level, number>;
    for (const level of LEVELS) {
      let s = scoreAgainst(points, dimension.levels[level].thresholds, attainable);
      for (const f of flagsAt(rubric, { redFlags }, level)) if (f.dimension === dimension.id) s = Math.min(s, f.cap);
      score[level] = s;
    }
    const applicable = !dimension.applicableWhen || evaluate(dimension.applicableWhen, metrics) === 'fired';
    return { dimension, applicable, points, fired, skipped, attainable, score, supportedLevel: 'below_junior' };
  });
  for (const d of dimensions) d.supportedLevel = supported(d.score);
  return { dimensions, redFlags, ...overall(rubric, dimensions.map((d) => ({ id: d.dimension.id, score: d.score, applicable: d.applicable })), redFlags) };
}

/** The highest level, in order from junior, whose bar the dimension meets (score 3 or more). */
export function supported(score: Record<Level, number>): PerformedLevel {
  let out: PerformedLevel = 'below_junior';
  for (const level of LEVELS) {
    if (score[level] >= 3) out = level;
    else break;
  }
  return out;
}

/**
 * [SCO5] Per level: the weighted mean of the scores against that level gives the verdict band;
 * each red flag that applies at that level costs a step (bounded); missing the bar on too many of
 * the level's key dimensions caps the verdict. The level performed at is the highest level,
 * reached in order from junior, whose verdict is at least `performsAtVerdict`.
 */
export function overall(
  rubric: Rubric,
  all: Array<{ id: DimensionId; score: Record<Level, number>; applicable?: boolean }>,
  redFlags: ReadonlyArray<{ flag: FlagLike; outcome: Outcome }>,
): Pick<Scoring, 'mean' | 'verdict' | 'performedLevel'> {
  // [SCO45] A dimension with nothing to judge counts neither in the mean nor among the key dimensions.
  const scores = all.filter((s) => s.applicable !== false);
  const mean = {} as Record<Level, number>;
  const verdict = {} as Record<Level, Verdict>;
  let performedLevel: PerformedLevel = 'below_junior';
  let reached = true;
  for (const level of LEVELS) {
    let sum = 0;
    let weights = 0;
    for (const s of scores) {
      const w = rubric.dimensions.find((d) => d.id === s.id)!.levels[level].weight;
      sum += w * s.score[level]!;
      weights += w;
    }
    mean[level] = Math.round((sum / weights) * 100) / 100;
    const band = rubric.verdictBands.find((b) => mean[level] >= b.minMean)?.verdict ?? 'strong_no';
    const steps = Math.min(rubric.maxRedFlagSteps, rubric.redFlagVerdictStep * flagsAt(rubric, { redFlags }, level).length);
    let v = Math.max(0, VERDICTS.indexOf(band) - steps);
    const key = scores.filter((s) => rubric.dimensions.find((d) => d.id === s.id)!.levels[level].key);
    const meeting = key.filter((s) => s.score[level]! >= 3).length;
    if (key.length > 0 && meeting < rubric.keyDimensions.minShare * key.length) {
      v = Math.min(v, VERDICTS.indexOf(rubric.keyDimensions.capVerdict));
    }
    // [SCO54] A flag that decides the interview on its own (the design never got its time) caps the verdict.
    for (const f of flagsAt(rubric, { redFlags }, level)) {
      const cap = 'capVerdict' in f.rule ? f.rule.capVerdict : undefined;
      if (cap) v = Math.min(v, VERDICTS.indexOf(cap));
    }
    verdict[level] = VERDICTS[v]!;
    if (reached && VERDICTS.indexOf(verdict[level]) >= VERDICTS.indexOf(rubric.performsAtVerdict)) performedLevel = level;
    else reached = false;
  }
  return { mean, verdict, performedLevel };
}
