// The problem bank's shape. Problems are data (prompts/problems/*.yaml), validated at load.
import { z } from 'zod';

export const LEVELS = ['junior', 'mid', 'senior'] as const;
export const Level = z.enum(LEVELS);
export type Level = z.infer<typeof Level>;

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

export const DeepDive = z.object({
  id,
  title: z.string().min(3),
  probes: z.array(z.string().min(10)).min(1),
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
