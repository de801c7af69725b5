// The levels a candidate is interviewed for, as both sides name them (domain/problem.ts
// re-exports them for the problem bank). Pure data: zod only.
import { z } from 'zod';

export const LEVELS = ['junior', 'mid', 'senior'] as const;
export const Level = z.enum(LEVELS);
export type Level = z.infer<typeof Level>;
