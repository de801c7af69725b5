// The one protocol module: zod schemas of every REST body and WebSocket frame. The server and the
// web client import this same file; types come from z.infer.
import { z } from 'zod';
import { InterviewMode, SessionEventSchema } from '../domain/events.js';
import { Level } from './levels.js';
import { DEFAULT_DURATION_MINUTES, MAX_DURATION_MINUTES, MIN_DURATION_MINUTES } from './phases.js';
import { ClockView } from './views.js';

export const PROTOCOL_VERSION = 1;

/** Limits, named once; the server enforces them and the client can show them. */
export const LIMITS = {
  messageChars: 4_000,
  clientMessageIdChars: 100,
  sceneElements: 5_000,
  sceneBytes: 2_000_000,
  svgBytes: 2_000_000,
  frameBytes: 2_500_000,
  bodyBytes: 2_500_000,
  transcriptChars: 1_000_000,
} as const;

// ---- REST bodies ----------------------------------------------------------------------------

export const CreateSessionBody = z.object({
  problemId: z.string().min(1).max(100),
  level: Level,
  durationMinutes: z.number().int().min(MIN_DURATION_MINUTES).max(MAX_DURATION_MINUTES).default(DEFAULT_DURATION_MINUTES),
  /** [COACH1] `interview` (no help; the default) or `coach` (hints on request). */
  mode: InterviewMode.optional(),
});
export type CreateSessionBody = z.infer<typeof CreateSessionBody>;

export const MessageText = z
  .string()
  .transform((t) => t.trim())
  .pipe(z.string().min(1, 'message is empty').max(LIMITS.messageChars, `message is over ${LIMITS.messageChars} characters`));

export const ClientMessageId = z.string().min(1).max(LIMITS.clientMessageIdChars).regex(/^[A-Za-z0-9_:.-]+$/, 'clientMessageId: letters, digits, _ : . - only');

export const PostMessageBody = z.object({ clientMessageId: ClientMessageId, text: MessageText });
export type PostMessageBody = z.infer<typeof PostMessageBody>;

/** An Excalidraw element: the fields the server reads are checked, the rest is kept as is. */
export const SceneElement = z
  .object({
    id: z.string().min(1).max(200),
    type: z.string().min(1).max(50),
    version: z.number().int().nonnegative().optional(),
    versionNonce: z.number().int().optional(),
    isDeleted: z.boolean().optional(),
  })
  .passthrough();
export type SceneElement = z.infer<typeof SceneElement>;

export const PutDiagramBody = z.object({
  elements: z.array(SceneElement).max(LIMITS.sceneElements, `a scene may hold at most ${LIMITS.sceneElements} elements`),
  /** The scene as SVG (from Excalidraw's exportToSvg), kept for the report. */
  svg: z.string().max(LIMITS.svgBytes).optional(),
});
export type PutDiagramBody = z.infer<typeof PutDiagramBody>;

/** A transcript pasted or uploaded for scoring (Markdown turns or the JSON export). */
export const ScoreTranscriptBody = z.object({
  text: z.string().min(1, 'transcript is empty').max(LIMITS.transcriptChars, `transcript is over ${LIMITS.transcriptChars} characters`),
  level: Level.optional(),
  problemId: z.string().min(1).max(100).optional(),
});
export type ScoreTranscriptBody = z.infer<typeof ScoreTranscriptBody>;

// ---- Session WebSocket -----------------------------------------------------------------------

export const SessionClientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), protocol: z.number().int().optional(), lastSeq: z.number().int().nonnegative().default(0) }),
  z.object({ type: z.literal('message'), clientMessageId: ClientMessageId, text: MessageText }),
  z.object({ type: z.literal('advance') }),
  z.object({ type: z.literal('end') }),
  z.object({ type: z.literal('diagram'), elements: PutDiagramBody.shape.elements, svg: PutDiagramBody.shape.svg }),
  z.object({ type: z.literal('ping') }),
  /** [COACH4] Coach mode: the next hint (recorded as a hint_given event, sent back as an event frame). */
  z.object({ type: z.literal('hint') }),
]);
export type SessionClientFrame = z.infer<typeof SessionClientFrame>;

export const SessionServerFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('welcome'), protocol: z.number(), sessionId: z.string(), lastSeq: z.number(), clock: ClockView }),
  z.object({ type: z.literal('event'), event: SessionEventSchema }),
  /** A piece of the interviewer's reply as it is produced; the durable event follows. */
  z.object({ type: z.literal('delta'), replyTo: z.number().optional(), turnId: z.string(), text: z.string() }),
  z.object({ type: z.literal('typing'), turnId: z.string(), replyTo: z.number().optional() }),
  z.object({ type: z.literal('ack'), clientMessageId: z.string(), seq: z.number() }),
  z.object({ type: z.literal('clock'), clock: ClockView }),
  z.object({ type: z.literal('report_ready'), sessionId: z.string() }),
  z.object({ type: z.literal('pong') }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
]);
export type SessionServerFrame = z.infer<typeof SessionServerFrame>;

export const ERROR_CODES = {
  badFrame: 'bad_frame',
  tooLarge: 'too_large',
  ended: 'session_ended',
  notFound: 'not_found',
  unauthorized: 'unauthorized',
  internal: 'internal',
} as const;

export * from './coach.js';
export * from './levels.js';
export * from './phases.js';
export * from './reference.js';
export * from './rooms.js';
export * from './safe-json.js';
export * from './transcripts.js';
export * from './views.js';
