// The rubric's shape (rubrics/rubric.yaml). The rubric is data: dimensions, what each level is
// expected to show, the signals that earn marks and points, red flags, thresholds, verdict bands
// and the vocabulary the offline pass listens for.
import { z } from 'zod';
import { LEVELS, Level } from '../../domain/problem.js';
import { METRIC_IDS } from './metric-ids.js';
import { DIMENSION_IDS, DimensionId, Verdict } from '../types.js';

export const MetricId = z.enum(METRIC_IDS);

export type Condition =
  | { metric: z.infer<typeof MetricId>; gte?: number; lte?: number; gt?: number; lt?: number }
  | { all: Condition[] }
  | { any: Condition[] };

const Comparison = z
  .object({
    metric: MetricId,
    gte: z.number().optional(),
    lte: z.number().optional(),
    gt: z.number().optional(),
    lt: z.number().optional(),
  })
  .strict()
  .refine((c) => [c.gte, c.lte, c.gt, c.lt].some((v) => v !== undefined), 'a comparison needs gte, lte, gt or lt');

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    Comparison,
    z.object({ all: z.array(Condition).min(1) }).strict(),
    z.object({ any: z.array(Condition).min(1) }).strict(),
  ]),
);

const signalId = z.string().regex(/^[a-z][a-z0-9_]*$/, 'snake_case id');

export const Signal = z
  .object({
    id: signalId,
    /** What an interviewer would write next to the mark. */
    text: z.string().min(5),
    /** Evidence points toward the dimension (negative for [-] signals). */
    points: z.number().min(-4).max(4),
    when: Condition,
    /** The metric whose quotes illustrate the signal (default: the first one in `when` with any). */
    evidence: MetricId.optional(),
    /** The next step to suggest when a positive signal is missing or a negative one fired. */
    advice: z.string().min(10),
  })
  .strict();
export type Signal = z.infer<typeof Signal>;

export const Thresholds = z
  .object({ partial: z.number(), meets: z.number(), exceeds: z.number() })
  .strict()
  .refine((t) => t.partial <= t.meets && t.meets <= t.exceeds, 'thresholds must be partial <= meets <= exceeds');

export const LevelSpec = z
  .object({
    expected: z.string().min(10),
    plus: z.array(signalId),
    plusPlus: z.array(signalId),
    minus: z.array(signalId),
    redFlags: z.array(signalId),
    thresholds: Thresholds,
    weight: z.number().positive(),
    /** A core dimension of the level: see `keyDimensions`. */
    key: z.boolean(),
  })
  .strict();
export type LevelSpec = z.infer<typeof LevelSpec>;

export const Dimension = z
  .object({
    id: DimensionId,
    title: z.string().min(3),
    summary: z.string().min(10),
    levels: z.object({ junior: LevelSpec, mid: LevelSpec, senior: LevelSpec }).strict(),
    signals: z.array(Signal).min(2),
    /**
     * [SCO45] The dimension can be judged only when this holds (fires): otherwise it is "not
     * applicable" (no pivot and no pushback: nothing to adapt to) and does not count toward the verdict.
     */
    applicableWhen: Condition.optional(),
  })
  .strict();
export type Dimension = z.infer<typeof Dimension>;

/** A red flag raised by a condition on the measured evidence, on one dimension. */
export const MetricRedFlag = z
  .object({
    id: signalId,
    kind: z.literal('metric').optional(),
    title: z.string().min(5),
    description: z.string().min(10),
    dimension: DimensionId,
    /** The dimension's score is at most this when the flag is raised. */
    cap: z.number().int().min(1).max(4),
    /** [SCO54] At the levels where the flag applies, the verdict is at most this. */
    capVerdict: Verdict.optional(),
    when: Condition,
    evidence: MetricId.optional(),
    advice: z.string().min(10),
  })
  .strict();
export type MetricRedFlag = z.infer<typeof MetricRedFlag>;

/**
 * [SCO39] A red flag raised once for each of the problem's known wrong answers (the bank's
 * anti-patterns) the candidate gives and does not put right. It caps the dimension the bank names
 * for that answer, at the levels where that dimension lists this flag's id; title and detail come
 * from the bank (its title and why), the advice from here.
 */
export const AntiPatternRedFlag = z
  .object({
    id: signalId,
    kind: z.literal('anti_pattern'),
    title: z.string().min(5),
    description: z.string().min(10),
    cap: z.number().int().min(1).max(4),
    advice: z.string().min(10),
  })
  .strict();
export type AntiPatternRedFlag = z.infer<typeof AntiPatternRedFlag>;

export const RedFlag = z.union([AntiPatternRedFlag, MetricRedFlag]);
export type RedFlag = z.infer<typeof RedFlag>;

const phrases = z.array(z.string().min(1)).min(1);

export const VOCABULARY_KEYS = [
  'nfrTopics', 'scope', 'outOfScope', 'functional',
  'derivation', 'readWrite', 'consequence',
  'components', 'dataFlow', 'api', 'heavyInfra',
  'mechanisms', 'concurrency', 'raceCore', 'lowLevelDetail', 'bottlenecks',
  'alternatives', 'options', 'tradeoff', 'contrast', 'comparative', 'justification', 'absolutes',
  'change', 'dismissive', 'challenge', 'pushback', 'revision',
  'failure', 'failureScenario', 'ops',
  'involvement', 'checkInQuestion', 'decisions', 'signposts', 'agenda', 'nudges',
  'transition', 'pivotCues', 'pivotHints', 'pivotConstraint', 'pivotMagnitude', 'pivotDemand',
] as const;
export type VocabularyKey = (typeof VOCABULARY_KEYS)[number];

export const Vocabulary = z
  .object({
    ...(Object.fromEntries(VOCABULARY_KEYS.filter((k) => k !== 'nfrTopics').map((k) => [k, phrases])) as Record<Exclude<VocabularyKey, 'nfrTopics'>, typeof phrases>),
    /** Non-functional topics: each topic's words; the metric counts distinct topics raised. */
    nfrTopics: z.record(z.string(), phrases),
    phaseCues: z
      .object({ estimation: phrases, high_level_design: phrases, deep_dive: phrases, wrap_up: phrases })
      .strict(),
  })
  .strict();
export type Vocabulary = z.infer<typeof Vocabulary>;

export const Params = z
  .object({
    /** A deep-dive candidate turn at least this long counts as sustained reasoning. */
    longTurnWords: z.number().int().positive(),
    /** A candidate turn shorter than this is terse. */
    terseTurnWords: z.number().int().positive(),
    /** A phase that took this many times its planned minutes is an overrun. */
    overrunFactor: z.number().min(1),
    /** Under this share of its planned minutes a phase is under-used. */
    underFactor: z.number().min(0).max(1),
    /** Keyword hits needed before a deep-dive topic counts as engaged. */
    deepDiveMinHits: z.number().int().positive(),
    /** Interview length assumed for a transcript that does not say. */
    defaultDurationMinutes: z.number().int().positive(),
    /** [SCO45] Fewer substantive candidate words than this in the whole interview: every score is low confidence. */
    minCandidateWords: z.number().int().positive(),
    /** [SCO45] Fewer candidate words than this in the sentences a dimension's signals quote: a score of 3 or 4 is low confidence. */
    minEvidenceWords: z.number().int().positive(),

  })
  .strict();

export const RubricSchema = z
  .object({
    version: z.string().min(1),
    title: z.string().min(3),
    /** What each score means against the target level. */
    scale: z.object({ '1': z.string(), '2': z.string(), '3': z.string(), '4': z.string() }).strict(),
    /** The lowest weighted mean score each verdict needs, best verdict first. */
    verdictBands: z.array(z.object({ verdict: Verdict, minMean: z.number() }).strict()).length(6),
    /** How many verdict steps each red flag costs, and at most how many in all. */
    redFlagVerdictStep: z.number().int().min(0),
    maxRedFlagSteps: z.number().int().min(0),
    /** The verdict a level must reach for the candidate to be said to perform at it. */
    performsAtVerdict: Verdict,
    /**
     * A strong mean must not hide a miss on what the level is about: when fewer than `minShare`
     * of a level's key dimensions meet the bar (score 3 or more), its verdict is at most `capVerdict`.
     */
    keyDimensions: z.object({ minShare: z.number().min(0).max(1), capVerdict: Verdict }).strict(),
    dimensions: z.array(Dimension).length(DIMENSION_IDS.length),
    redFlags: z.array(RedFlag).min(1),
    vocabulary: Vocabulary,
    params: Params,
  })
  .strict();
export type Rubric = z.infer<typeof RubricSchema>;

export { LEVELS, Level };
