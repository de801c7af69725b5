// [COACH*] Coach mode on the wire: the hints a session has had (REST and the session socket) and
// the report's coach section (each hint, where it was used, the dimensions it assisted).
import { z } from 'zod';
import { HintGap, HintRung, InterviewMode } from '../domain/events.js';
import { Phase } from '../domain/phases.js';

/** Phase names, for the web's coach views. */
export { PHASE_LABELS } from '../domain/phases.js';

export { InterviewMode };

/** One hint as the candidate saw it. */
export const HintView = z.object({
  seq: z.number().int(),
  atMs: z.number(),
  phase: Phase,
  gap: HintGap,
  rung: HintRung,
  rungName: z.enum(['nudge', 'pointer', 'sketch']),
  text: z.string(),
  via: z.enum(['button', 'chat']),
});
export type HintView = z.infer<typeof HintView>;

/** `GET /api/sessions/:id/hints`, and `POST` (which asks for the next one). */
export const HintsView = z.object({
  mode: InterviewMode,
  hints: z.array(HintView),
  /** The hint just given (POST only). */
  hint: HintView.optional(),
  /** When no hint could be given (nothing open, the ladder done): why, in a sentence for the candidate. */
  message: z.string().optional(),
});
export type HintsView = z.infer<typeof HintsView>;

/** [COACH6] A hint in the report: where it was given and the candidate turn where its gap was covered. */
export const CoachHintReport = HintView.extend({
  /** 1-based transcript turn the hint came before. */
  beforeTurn: z.number().int().positive().optional(),
  /** The candidate turn (1-based) after which the gap was no longer open; absent if it never was. */
  usedAtTurn: z.number().int().positive().optional(),
});

/** [COACH6] A dimension whose evidence came after a hint on it. */
export const AssistedDimension = z.object({
  dimension: z.string(),
  hints: z.number().int().positive(),
  /** Evidence turns of the dimension that came after a hint on it. */
  turns: z.array(z.number().int().positive()),
});

export const CoachReport = z.object({
  mode: InterviewMode,
  hints: z.array(CoachHintReport),
  assisted: z.array(AssistedDimension),
});
export type CoachReport = z.infer<typeof CoachReport>;
