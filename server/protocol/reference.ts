// The reference walkthrough of a finished interview (`GET /api/sessions/:id/reference`): the
// problem's reference answer from the bank, marked against what the candidate said and drew.
// Standalone on purpose: index.ts re-exports this file, so it must not import index.ts back.
import { z } from 'zod';

/** Where a candidate said something: the turn (numbered like the transcript, from 1) and a verbatim quote. */
export const ReferenceQuote = z.object({ turn: z.number().int().positive(), quote: z.string() });
export type ReferenceQuote = z.infer<typeof ReferenceQuote>;

export const ReferenceFact = z.object({
  topic: z.string(),
  /** What the interviewer says about it (the bank's verbatim answer). */
  answer: z.string(),
  /** The candidate asked about it during the interview (the interviewer revealed it). */
  asked: z.boolean(),
  /** The interviewer turn that gave it, when asked. */
  turn: z.number().int().positive().optional(),
});
export type ReferenceFact = z.infer<typeof ReferenceFact>;

export const ReferenceEstimateVerdict = z.enum(['in_range', 'close', 'off']);

export const ReferenceEstimateRow = z.object({
  id: z.string(),
  label: z.string(),
  /** The reference range, written with units ("1k QPS–5k QPS"). */
  range: z.string(),
  /** How the figure follows from the stated facts (the bank's derivation text). */
  derivation: z.string(),
  /** The candidate's concluded figure for it (the last they stated), checked against the range; null if none. */
  stated: ReferenceQuote.extend({ figure: z.string(), verdict: ReferenceEstimateVerdict, factor: z.number() }).nullable(),
  /** Figures that only repeated one the interviewer gave: recaps, not estimates. */
  recaps: z.array(ReferenceQuote.extend({ figure: z.string() })),
});
export type ReferenceEstimateRow = z.infer<typeof ReferenceEstimateRow>;

export const ReferenceComponent = z.object({
  id: z.string(),
  label: z.string(),
  synonyms: z.array(z.string()),
  /** The layer of the reference diagram it sits in. */
  layer: z.enum(['edge', 'service', 'async', 'data']),
  covered: z.boolean(),
  /** On the whiteboard (a synonym in the diagram's text). */
  drawn: z.boolean(),
  /** Stated in the talk: the first statement that names it. */
  said: ReferenceQuote.nullable(),
});
export type ReferenceComponent = z.infer<typeof ReferenceComponent>;

export const ReferenceCue = z.object({
  /** What this part of a good answer is about (the interviewer's follow-up when it is missing). */
  ask: z.string(),
  /** Words that show it (the bank's phrases, wildcards removed), a few. */
  examples: z.array(z.string()),
  status: z.enum(['covered', 'hedged', 'missed']),
  by: ReferenceQuote.nullable(),
});
export type ReferenceCue = z.infer<typeof ReferenceCue>;

export const ReferenceDeepDive = z.object({
  id: z.string(),
  title: z.string(),
  probes: z.array(z.object({ ask: z.string(), cues: z.array(ReferenceCue) })),
});
export type ReferenceDeepDive = z.infer<typeof ReferenceDeepDive>;

export const ReferenceAntiPattern = z.object({
  id: z.string(),
  title: z.string(),
  why: z.string(),
  /** The candidate's statements that showed it (empty: they did not fall into it). */
  fellInto: z.array(ReferenceQuote),
});
export type ReferenceAntiPattern = z.infer<typeof ReferenceAntiPattern>;

/** An Excalidraw element as generated for the reference diagram (the fields a scene needs, kept loose). */
export const ReferenceSceneElement = z.looseObject({ id: z.string(), type: z.string() });

export const ReferenceWalkthrough = z.object({
  format: z.literal('mock-interview-reference'),
  problem: z.object({ id: z.string(), title: z.string(), statement: z.string() }),
  functional: z.array(z.string()),
  facts: z.array(ReferenceFact),
  estimates: z.array(ReferenceEstimateRow),
  components: z.array(ReferenceComponent),
  /** The expected components as an Excalidraw scene, laid out in layers, covered ones green and missed ones red. */
  diagram: z.object({ elements: z.array(ReferenceSceneElement) }),
  deepDives: z.array(ReferenceDeepDive),
  antiPatterns: z.array(ReferenceAntiPattern),
});
export type ReferenceWalkthrough = z.infer<typeof ReferenceWalkthrough>;
