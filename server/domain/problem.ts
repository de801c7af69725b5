// The problem bank's shape. Problems are data (prompts/problems/*.yaml), validated at load.
import { z } from 'zod';

// The levels are the protocol's (the web reads them too).
export { LEVELS, Level } from '../protocol/levels.js';

/**
 * Topics a clarifying question can be about. The standard topics have built-in trigger words
 * (see fact-topics.ts); a problem may add its own topics, which must then list keywords.
 */
export const STANDARD_TOPICS = [
  'scale',
  'read_write',
  'latency',
  'availability',
  'consistency',
  'data_retention',
  'out_of_scope',
  'geography',
  'features',
  'clients',
] as const;

const id = z.string().regex(/^[a-z0-9][a-z0-9-_]*$/, 'lowercase id (a-z, 0-9, -, _)');

export const HiddenFact = z.object({
  topic: id,
  /** Extra words that mean a question is about this fact (lowercase). */
  keywords: z.array(z.string().min(2)).default([]),
  /** What the interviewer says, verbatim, every time this topic is asked about. */
  answer: z.string().min(10),
});
export type HiddenFact = z.infer<typeof HiddenFact>;

/**
 * A reference estimate. `low` and `high` are quantities written with units, e.g. "1k QPS",
 * "5 TB/year", "200 Mbps", "3 TB"; the loader parses them with the same parser that reads the
 * candidate's numbers, so a range and a stated figure always mean the same thing.
 */
export const EstimateKind = z.enum(['qps', 'bytes_per_year', 'bytes', 'bps']);
export type EstimateKind = z.infer<typeof EstimateKind>;
export const ReferenceEstimate = z.object({
  id,
  label: z.string().min(3),
  kind: EstimateKind,
  low: z.string(),
  high: z.string(),
  /** Words near a stated number that tie it to this estimate (e.g. "write", "redirect"). */
  keywords: z.array(z.string()).default([]),
  /** How an interviewer would derive it, shown in the report. */
  derivation: z.string().min(10),
});
export type ReferenceEstimate = z.infer<typeof ReferenceEstimate>;

export const ExpectedComponent = z.object({
  id,
  label: z.string().min(2),
  /** Lowercase words that count as this component in the diagram or the chat. */
  synonyms: z.array(z.string().min(2)).min(1),
  /** The question the interviewer asks when it is missing. */
  question: z.string().min(10),
});
export type ExpectedComponent = z.infer<typeof ExpectedComponent>;

/**
 * [LIS2] One part of a good answer to a probe. Phrases use the understanding module's phrase syntax
 * (lowercase; a trailing `*` matches any word starting so: "dedup*"; a plural "s" is implied).
 */
export const AnswerCue = z.object({
  /** Any of these, said as a statement (not asked, negated, hedged or put off), shows this part. */
  any: z.array(z.string().min(2)).min(1),
  /** The follow-up when the rest of the answer is there but this part is missing. */
  ask: z.string().min(10),
});
export type AnswerCue = z.infer<typeof AnswerCue>;

/** A deep-dive probe: the question, and what a good answer contains ("answered when"). */
export const Probe = z.preprocess(
  (v) => (typeof v === 'string' ? { ask: v } : v),
  z.object({
    ask: z.string().min(10),
    /** Every part said, in any turn: the probe is answered and never asked; some parts: a follow-up on the first missing one. */
    answeredWhen: z.array(AnswerCue).default([]),
  }),
);
export type Probe = z.infer<typeof Probe>;

/** The rubric dimensions the bank's deep dives and anti-patterns exercise (PRAC5). */
export const EXERCISED_DIMENSIONS = ['requirements', 'estimation', 'high_level_design', 'depth', 'trade_offs', 'failure_modes'] as const;
export const ExercisedDimension = z.enum(EXERCISED_DIMENSIONS);

/**
 * [LIS4] A known wrong answer to this problem, which a real interviewer challenges at once. A
 * candidate sentence shows it when it states (not asks, not negates) a phrase of every `says`
 * group, or when it rejects or puts off one of `rejects` ("we don't need an idempotency key").
 */
export const AntiPattern = z
  .object({
    id,
    /** How the report names it: "Marks a timed-out charge as failed". */
    title: z.string().min(5),
    says: z.array(z.array(z.string().min(2)).min(1)).default([]),
    rejects: z.array(z.string().min(2)).default([]),
    /** A sentence that also states one of these names the fix, and is not the anti-pattern. */
    unless: z.array(z.string().min(2)).default([]),
    /** What the interviewer says: plain, one question, never the answer. */
    challenge: z.string().min(10),
    /** Why it is wrong and what a good answer does instead (shown in the report, never during the interview). */
    why: z.string().min(10),
    dimension: ExercisedDimension,
  })
  .refine((a) => a.says.length > 0 || a.rejects.length > 0, 'an anti-pattern needs `says` or `rejects`');
export type AntiPattern = z.infer<typeof AntiPattern>;

export const DeepDive = z.object({
  id,
  title: z.string().min(3),
  /** [PRAC5] The rubric dimensions this topic exercises (the practice plan picks problems by them). */
  dimensions: z.array(ExercisedDimension).min(1).optional(),
  probes: z.array(Probe).min(1),
  /** Words showing the candidate engaged with this topic. */
  keywords: z.array(z.string().min(2)).min(1),
});
export type DeepDive = z.infer<typeof DeepDive>;

export const Pivot = z.object({
  id,
  text: z.string().min(10),
  /** Words that show the candidate adapted the design to this pivot. */
  expects: z.array(z.string().min(2)).min(1),
});
export type Pivot = z.infer<typeof Pivot>;

export const Problem = z.object({
  id,
  title: z.string().min(3),
  difficulty: z.enum(['easy', 'medium', 'hard']),
  tags: z.array(z.string()).min(1),
  /** Short and deliberately ambiguous: the candidate must ask. */
  statement: z.string().min(10),
  /** The core functional requirements an interviewer hopes the candidate names. */
  functional: z.array(z.string().min(3)).min(2),
  facts: z.array(HiddenFact).min(6),
  estimates: z.array(ReferenceEstimate).min(2),
  components: z.array(ExpectedComponent).min(4),
  deepDives: z.array(DeepDive).min(3),
  pivots: z.array(Pivot).min(2),
  antiPatterns: z.array(AntiPattern).default([]),
});
export type Problem = z.infer<typeof Problem>;

export const GenericPivots = z.object({ pivots: z.array(Pivot).min(4) });

export interface ResolvedEstimate extends ReferenceEstimate {
  /** The range in base units (see quantities.ts). */
  lowValue: number;
  highValue: number;
}

/** A problem as the server uses it: validated, with its estimate ranges parsed. */
export interface LoadedProblem extends Problem {
  resolvedEstimates: ResolvedEstimate[];
}
