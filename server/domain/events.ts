// The interview's append-only event log. Every state of a session is a fold of these.
import { z } from 'zod';
import { Level } from './problem.js';
import { Phase } from './phases.js';

export const InterviewerSource = z.enum(['offline', 'openai']);
export type InterviewerSource = z.infer<typeof InterviewerSource>;

/** [COACH1] How the interview runs: `interview` (no help, as always) or `coach` (hints on request). */
export const InterviewMode = z.enum(['interview', 'coach']);
export type InterviewMode = z.infer<typeof InterviewMode>;

/** [COACH3] The rungs of a hint ladder: a nudge, then a pointer, then a sketch of the idea. */
export const HintRung = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export type HintRung = z.infer<typeof HintRung>;

/** [COACH3] What a hint was about: the open gap of the current phase it was built for. */
export const HintGap = z.object({
  /** Stable key, e.g. `fact:scale`, `est:peak_qps`, `comp:cache`, `dd:idempotency:2`, `ap:...`, `pivot:...`. */
  key: z.string(),
  kind: z.enum(['fact', 'estimate', 'board', 'component', 'probe', 'anti_pattern', 'pivot', 'wrap_up']),
  /** The rubric dimension whose evidence a hint on this gap assists. */
  dimension: z.string(),
  label: z.string(),
});
export type HintGap = z.infer<typeof HintGap>;

const EventBody = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('session_started'),
    problemId: z.string(),
    level: Level,
    durationMinutes: z.number().int(),
    /** [COACH1] Absent in logs written before coach mode: an interview. */
    mode: InterviewMode.optional(),
  }),
  z.object({
    type: z.literal('candidate_message'),
    clientMessageId: z.string(),
    text: z.string(),
  }),
  z.object({
    type: z.literal('interviewer_message'),
    text: z.string(),
    /** Keys of the questions this turn asked; the interviewer never asks one twice. */
    asked: z.array(z.string()),
    /** Hidden-fact topics this turn revealed. */
    revealed: z.array(z.string()),
    source: InterviewerSource,
    /** Set when the configured model failed and the offline interviewer answered instead. */
    notice: z.string().optional(),
    /** The candidate turn this answers, when it answers one. */
    replyTo: z.number().int().optional(),
    /** Why the interviewer spoke: a reply, or the server moving the interview along. */
    kind: z.enum(['reply', 'opening', 'phase', 'warning', 'pivot', 'closing']).default('reply'),
    /** [LIS6] The one question the reply asked, so the next turn can tell whether it was answered. */
    question: z.object({ key: z.string(), text: z.string() }).optional(),
    /** [LIS1] What the reply did first (a challenge, a follow-up, declining to give the answer...). */
    move: z.string().optional(),
    /** [LIS6] Keys of questions the candidate left unanswered twice: dropped, and remembered for the report. */
    dropped: z.array(z.string()).optional(),
  }),
  z.object({
    type: z.literal('phase_changed'),
    from: Phase,
    to: Phase,
    reason: z.enum(['candidate', 'timeout']),
  }),
  z.object({
    type: z.literal('pivot_injected'),
    pivotId: z.string(),
    text: z.string(),
  }),
  z.object({
    type: z.literal('time_warning'),
    phase: Phase,
    remainingMs: z.number(),
  }),
  z.object({
    type: z.literal('diagram_updated'),
    elementCount: z.number().int(),
    /** The diagram as text when it was sent (the scene itself is stored beside the session). */
    text: z.string(),
  }),
  z.object({
    /** [COACH4] A hint given in coach mode: the rung of the ladder, its gap, the phase, and how it was asked for. */
    type: z.literal('hint_given'),
    phase: Phase,
    gap: HintGap,
    rung: HintRung,
    text: z.string(),
    via: z.enum(['button', 'chat']),
    /** The candidate turn that asked for it in the chat. */
    replyTo: z.number().int().optional(),
  }),
  z.object({
    type: z.literal('session_ended'),
    reason: z.enum(['time', 'candidate']),
  }),
]);
export type EventBody = z.infer<typeof EventBody>;
export const EventBodySchema = EventBody;

export type EventType = EventBody['type'];

/** A stored event: its per-session sequence number and the interview time it happened at. */
export type SessionEvent = EventBody & {
  seq: number;
  /** Interview milliseconds since the session started (scaled by CLOCK_SPEED). */
  atMs: number;
};

export const SessionEventSchema = z.intersection(
  EventBody,
  z.object({ seq: z.number().int().positive(), atMs: z.number() }),
);
