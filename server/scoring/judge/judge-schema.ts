// What the model judge must return, as a zod schema and the JSON schema sent as
// `response_format` (strict structured output: every field required, no extra keys).
import { z } from 'zod';
import { DimensionId, PerformedLevel } from '../types.js';

export const JudgeDimension = z.object({
  id: DimensionId,
  score: z.number().int().min(1).max(4),
  supportedLevel: PerformedLevel,
  rationale: z.string(),
  evidence: z.array(z.object({ turn: z.number().int(), quote: z.string() })).max(3),
});

export const JudgeOutput = z.object({
  dimensions: z.array(JudgeDimension),
  summary: z.string(),
});
export type JudgeOutput = z.infer<typeof JudgeOutput>;

export const JUDGE_SCHEMA_NAME = 'interview_scores';

/** The JSON schema for `response_format.json_schema.schema` (the `$schema` key is left out). */
export function judgeJsonSchema(): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(JudgeOutput) as Record<string, unknown>;
  return withoutSafeIntegerBounds(schema) as Record<string, unknown>;
}

/** zod writes ±2^53 bounds on every integer; they say nothing and some servers reject big bounds. */
function withoutSafeIntegerBounds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutSafeIntegerBounds);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if ((k === 'minimum' || k === 'maximum') && Math.abs(v as number) === Number.MAX_SAFE_INTEGER) continue;
    out[k] = withoutSafeIntegerBounds(v);
  }
  return out;
}
