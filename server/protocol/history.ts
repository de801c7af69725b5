// [PRAC6–PRAC9] Bodies and answers of one person's history endpoints: the practice plan, the export
// of every interview and their deletion. The person is the X-Client-Key their sessions were
// created with; each session's content is opened only by its own token, sent here in the body.
import { z } from 'zod';

export const HISTORY_MAX_SESSIONS = 500;

export const HeldSession = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a session id'),
  token: z.string().min(1).max(200),
});
export type HeldSession = z.infer<typeof HeldSession>;

/** The sessions whose tokens the caller holds. */
export const HistoryBody = z.object({ sessions: z.array(HeldSession).max(HISTORY_MAX_SESSIONS) });
export type HistoryBody = z.infer<typeof HistoryBody>;

export const HistoryDeleteBody = HistoryBody.extend({
  /** Deleting is for good: the caller says so. */
  confirm: z.literal(true, { message: 'send "confirm": true to delete every interview' }),
});
export type HistoryDeleteBody = z.infer<typeof HistoryDeleteBody>;

/**
 * Why one of the person's sessions was left out: no token sent for it, the token no longer opens
 * it, or (plan only) its report could not be built just now.
 */
export const LeftOutReason = z.enum(['no_token', 'token_expired', 'token_revoked', 'no_report']);
export type LeftOut = { id: string; reason: z.infer<typeof LeftOutReason> };

export const HISTORY_EXPORT_FORMAT = 'mock-interview-history';

export type { PracticeNext, PracticePlan, PlanQuote, Review, TrendPoint, Weakness, WeaknessKind } from '../domain/practice-plan.js';
