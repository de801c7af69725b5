// Peer rooms: the REST bodies and WebSocket frames of a shared whiteboard + chat room (DESIGN §6,
// rules in server/rooms/SPEC.md). The `type` names and the fields DESIGN names are a contract;
// fields may be added. Client→server and server→client are separate unions on `type`.
import { z } from 'zod';
import { DEFAULT_DURATION_MINUTES, MAX_DURATION_MINUTES, MIN_DURATION_MINUTES, Phase } from '../domain/phases.js';
import { HintGap } from '../domain/events.js';
import { Level } from '../domain/problem.js';
import { ReportSchema } from './report.js';

export const ROOM_PROTOCOL_VERSION = 1;

/** Limits, named once: the server enforces them, the client can show them. */
export const ROOM_LIMITS = {
  /** A client frame above this gets a `too_large` error; above twice this ws closes the socket (1009). */
  frameBytes: 2_000_000,
  /** Elements in one `scene` frame. */
  elementsPerFrame: 5_000,
  /** Elements a room may hold, tombstones included. */
  roomElements: 20_000,
  /** Connections in one room, over all nodes. */
  peersPerRoom: 10,
  chatChars: 2_000,
  nameChars: 40,
  clientMessageIdChars: 100,
  scorecardNotesChars: 4_000,
  /** Pointer frames relayed per peer per second; extra ones are dropped (the latest is sent late). */
  pointerHz: 30,
  /** A peer whose socket has more than this queued gets no pointer frames until it drains. */
  pointerBackpressureBytes: 256 * 1024,
  /** A peer this far behind on durable frames is closed (1013) and resumes with lastSeq. */
  slowConsumerBytes: 16 * 1024 * 1024,
  /** Chat messages a full snapshot carries. */
  chatHistory: 200,
  /** A connection that sends no `join` within this is closed. */
  joinTimeoutMs: 10_000,
} as const;

export const ROOM_ERROR_CODES = {
  badFrame: 'bad_frame',
  tooLarge: 'too_large',
  limit: 'limit_exceeded',
  tooManyElements: 'too_many_elements',
  roomFull: 'room_full',
  joinFirst: 'join_first',
  forbidden: 'forbidden',
  unknownPivot: 'unknown_pivot',
  notFound: 'not_found',
  unauthorized: 'unauthorized',
  tooSlow: 'too_slow',
  internal: 'internal',
  /** [SAFE4] The database refused an element (it can never be stored): it was dropped. */
  elementRefused: 'element_refused',
  /** [SAFE5] Storing changes failed after every retry: they were given up. */
  saveFailed: 'save_failed',
} as const;

/** Close codes the room socket uses besides ws's own (1009 frame too big). */
export const ROOM_CLOSE_CODES = {
  goingAway: 1001,
  policy: 1008,
  tryAgainLater: 1013,
} as const;

export const ROOM_MODES = ['whiteboard', 'interview'] as const;
export const RoomMode = z.enum(ROOM_MODES);
export type RoomMode = z.infer<typeof RoomMode>;

export const ROOM_ROLES = ['peer', 'interviewer', 'candidate'] as const;
export const RoomRole = z.enum(ROOM_ROLES);
export type RoomRole = z.infer<typeof RoomRole>;

/** Server frames only an interviewer's connection may ever receive. */
export const INTERVIEWER_ONLY_FRAMES = ['kit', 'pivot', 'scorecard', 'ladder'] as const;

// ---- REST -----------------------------------------------------------------------------------

export const CreateRoomBody = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('whiteboard') }),
  z.object({
    mode: z.literal('interview'),
    problemId: z.string().min(1).max(100),
    level: Level,
    durationMinutes: z.number().int().min(MIN_DURATION_MINUTES).max(MAX_DURATION_MINUTES).default(DEFAULT_DURATION_MINUTES),
  }),
]);
export type CreateRoomBody = z.infer<typeof CreateRoomBody>;

/** A join link: the token rides in the fragment so it never reaches Referer headers or logs. */
export const RoomLink = z.object({ role: RoomRole, token: z.string(), url: z.string() });
export type RoomLink = z.infer<typeof RoomLink>;

export const CreateRoomResponse = z.object({
  id: z.string(),
  mode: RoomMode,
  /** The creator's link: the only one of a whiteboard room, the interviewer's of an interview. */
  token: z.string(),
  url: z.string(),
  interviewer: RoomLink.optional(),
  candidate: RoomLink.optional(),
});
export type CreateRoomResponse = z.infer<typeof CreateRoomResponse>;

// ---- shared pieces --------------------------------------------------------------------------

/**
 * An Excalidraw element. The merge reads id, version, versionNonce and isDeleted; every other
 * field is kept as sent.
 */
export const RoomElement = z.looseObject({
  id: z.string().min(1).max(200),
  type: z.string().min(1).max(50),
  version: z.number().int().min(0).max(2_147_483_647),
  versionNonce: z.number().int(),
  isDeleted: z.boolean().optional(),
});
export type RoomElement = z.infer<typeof RoomElement>;

export const PeerInfo = z.object({ peerId: z.string(), name: z.string(), role: RoomRole });
export type PeerInfo = z.infer<typeof PeerInfo>;

const PeerName = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'name is empty').max(ROOM_LIMITS.nameChars, `name is over ${ROOM_LIMITS.nameChars} characters`));

const ChatText = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'chat text is empty').max(ROOM_LIMITS.chatChars, `chat text is over ${ROOM_LIMITS.chatChars} characters`));

export const RoomClientMessageId = z
  .string()
  .min(1)
  .max(ROOM_LIMITS.clientMessageIdChars)
  .regex(/^[A-Za-z0-9_:.-]+$/, 'clientMessageId: letters, digits, _ : . - only');

export const ChatMessage = z.object({
  seq: z.number(),
  clientMessageId: z.string(),
  peerId: z.string(),
  name: z.string(),
  role: RoomRole,
  kind: z.enum(['message', 'pivot']),
  text: z.string(),
  /** ISO time the server stored it. */
  at: z.string(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

export const RoomClock = z.object({
  status: z.enum(['waiting', 'running', 'ended']),
  phase: Phase,
  elapsedMs: z.number(),
  totalMs: z.number(),
  phaseEndsAtMs: z.number(),
  remainingInPhaseMs: z.number(),
  remainingTotalMs: z.number(),
  speed: z.number(),
  plan: z.array(z.object({ phase: Phase, startMs: z.number(), endMs: z.number() })),
});
export type RoomClock = z.infer<typeof RoomClock>;

/** GET /api/rooms/:id: who is there, the mode, the scene's size and (interview) the clock. */
export interface RoomInfo {
  id: string;
  mode: RoomMode;
  /** The role the token gives. */
  role: RoomRole;
  peers: PeerInfo[];
  elementCount: number;
  seq: number;
  createdAt: string;
  interview?: {
    problem: { id: string; title: string; statement: string };
    level: string;
    durationMinutes: number;
    clock: RoomClock;
  };
}

export const ScorecardEntry = z.object({
  dimension: z.string(),
  score: z.number().int().min(1).max(4),
  notes: z.string(),
  updatedAt: z.string(),
});
export type ScorecardEntry = z.infer<typeof ScorecardEntry>;

/** The interviewer's kit: what the candidate must never see. */
export const InterviewKit = z.object({
  problem: z.object({ id: z.string(), title: z.string(), statement: z.string(), functional: z.array(z.string()) }),
  level: Level,
  durationMinutes: z.number(),
  facts: z.array(z.object({ topic: z.string(), answer: z.string() })),
  estimates: z.array(z.object({ id: z.string(), label: z.string(), low: z.string(), high: z.string(), derivation: z.string() })),
  components: z.array(z.object({ id: z.string(), label: z.string() })),
  deepDives: z.array(z.object({ id: z.string(), title: z.string(), probes: z.array(z.string()) })),
  pivots: z.array(z.object({ id: z.string(), text: z.string(), source: z.enum(['problem', 'generic']), expects: z.array(z.string()) })),
  rubric: z.object({ dimensions: z.array(z.object({ id: z.string(), title: z.string(), expected: z.string().optional() })) }),
  deliveredPivots: z.array(z.string()),
});
export type InterviewKit = z.infer<typeof InterviewKit>;

/** [RIV10] Coach mode's ladder for the room's current phase: each open gap (the current one first) with a nudge, a pointer and a sketch. */
export const KitLadder = z.object({
  phase: Phase,
  gaps: z.array(HintGap.extend({ rungs: z.tuple([z.string(), z.string(), z.string()]) })),
});
export type KitLadder = z.infer<typeof KitLadder>;

// ---- client → server ------------------------------------------------------------------------

export const RoomClientFrame = z.discriminatedUnion('type', [
  /** First frame. The token is in the URL (`?token=`) or the Authorization header. */
  z.object({ type: z.literal('join'), name: PeerName, lastSeq: z.number().int().nonnegative().optional(), protocol: z.number().int().optional() }),
  /** Only the elements this client changed. */
  z.object({
    type: z.literal('scene'),
    elements: z.array(RoomElement).max(ROOM_LIMITS.elementsPerFrame, `a scene frame may carry at most ${ROOM_LIMITS.elementsPerFrame} elements`),
  }),
  z.object({ type: z.literal('pointer'), x: z.number().finite(), y: z.number().finite(), button: z.enum(['down', 'up']).optional() }),
  z.object({ type: z.literal('chat'), clientMessageId: RoomClientMessageId, text: ChatText }),
  z.object({ type: z.literal('ping') }),
  // Interviewer only (an interview room's interviewer link).
  z.object({ type: z.literal('start') }),
  z.object({ type: z.literal('pivot'), pivotId: z.string().min(1).max(100) }),
  z.object({
    type: z.literal('scorecard'),
    dimension: z.string().min(1).max(100),
    score: z.number().int().min(1, 'score is 1-4').max(4, 'score is 1-4'),
    notes: z.string().max(ROOM_LIMITS.scorecardNotesChars, `notes are over ${ROOM_LIMITS.scorecardNotesChars} characters`).default(''),
  }),
  /** Ends the interview: the room clock stops at 'ended' for everyone and the report opens (RIV7). */
  z.object({ type: z.literal('end') }),
  /** [RIV9] Shares the scorecard's notes with the candidate (or takes them back). */
  z.object({ type: z.literal('share_notes'), shared: z.boolean() }),
  /** [RIV10] Asks for the ladder of the current phase, answered by a `ladder` frame. */
  z.object({ type: z.literal('ladder') }),
]);
export type RoomClientFrame = z.infer<typeof RoomClientFrame>;

// ---- server → client ------------------------------------------------------------------------

export const RoomServerFrame = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('snapshot'),
    protocol: z.number(),
    seq: z.number(),
    /** The merged scene; after a join with lastSeq, only the elements changed since. */
    elements: z.array(RoomElement),
    peers: z.array(PeerInfo),
    /** false when the elements are only what changed since the join's lastSeq. */
    full: z.boolean(),
    chat: z.array(ChatMessage),
    you: PeerInfo,
    mode: RoomMode,
  }),
  /** What a merge changed, to every peer but its sender. */
  z.object({ type: z.literal('scene'), seq: z.number(), elements: z.array(RoomElement), from: z.string() }),
  /**
   * To the sender of a scene or chat frame. `elements`: the room's versions of elements the
   * sender sent but that lost the merge, so the sender converges too.
   */
  z.object({ type: z.literal('ack'), of: z.enum(['scene', 'chat']), seq: z.number(), clientMessageId: z.string().optional(), elements: z.array(RoomElement).optional(), duplicate: z.boolean().optional() }),
  z.object({ type: z.literal('presence'), peers: z.array(PeerInfo) }),
  z.object({ type: z.literal('pointer'), peerId: z.string(), x: z.number(), y: z.number(), button: z.enum(['down', 'up']).optional() }),
  ChatMessage.extend({ type: z.literal('chat') }),
  z.object({ type: z.literal('clock'), clock: RoomClock }),
  /** [RIV9] Whether the interviewer shares the scorecard's notes with the candidate (interview rooms, to everyone). */
  z.object({ type: z.literal('notes'), shared: z.boolean() }),
  z.object({ type: z.literal('pong') }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
  // Interviewer only.
  z.object({ type: z.literal('kit'), kit: InterviewKit, scorecard: z.array(ScorecardEntry) }),
  z.object({ type: z.literal('pivot'), pivotId: z.string(), seq: z.number() }),
  z.object({ type: z.literal('scorecard'), entries: z.array(ScorecardEntry) }),
  /** [RIV10] The ladder of the current phase, to the interviewer who asked. */
  z.object({ type: z.literal('ladder'), ladder: KitLadder }),
]);
export type RoomServerFrame = z.infer<typeof RoomServerFrame>;

// ---- the peer interview's report (GET /api/rooms/:id/report, RIV8) ---------------------------

export const RoomReportResponse = z.object({
  roomId: z.string(),
  level: Level,
  problem: z.object({ id: z.string(), title: z.string() }),
  /** When the interviewer ended it; null when the clock ran out on its own. */
  endedAt: z.string().nullable(),
  /** The rubric's dimensions in order (what the interviewer scored against). */
  dimensions: z.array(z.object({ id: z.string(), title: z.string() })),
  /**
   * The interviewer's own scores, as they stand now (they may still be edited after the end).
   * [RIV9] A candidate gets every entry's notes empty unless the interviewer shares them.
   */
  scorecard: z.array(ScorecardEntry),
  /** [RIV9] Whether the interviewer shares the notes with the candidate. */
  notesShared: z.boolean(),
  /** The AI shadow score of the room's transcript and diagram: built once, at the first request after the end. */
  shadow: ReportSchema,
});
export type RoomReportResponse = z.infer<typeof RoomReportResponse>;

export type InterviewerOnlyFrame = Extract<RoomServerFrame, { type: (typeof INTERVIEWER_ONLY_FRAMES)[number] }>;

export function isInterviewerOnly(frame: RoomServerFrame): frame is InterviewerOnlyFrame {
  return (INTERVIEWER_ONLY_FRAMES as readonly string[]).includes(frame.type);
}
