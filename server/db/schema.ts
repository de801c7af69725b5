// The drizzle schema. Sessions are event-sourced: `session_events` is the append-only log, the
// `sessions` row holds what listing and authorisation need plus the latest whiteboard scene.
import { sql } from 'drizzle-orm';
import type { SceneElement } from '../protocol/index.js';
import { bigint, boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    clientKeyHash: text('client_key_hash'),
    problemId: text('problem_id').notNull(),
    level: text('level').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    /** CLOCK_SPEED when the session started: interview time = real time since start x speed. */
    clockSpeed: real('clock_speed').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull(),
    status: text('status').notNull(),
    phase: text('phase').notNull(),
    lastSeq: integer('last_seq').notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true, mode: 'date' }),
    scene: jsonb('scene').$type<SceneElement[]>(),
    sceneSvg: text('scene_svg'),
    /** [SAFE17] Set when the token was revoked (DELETE /api/sessions/:id/token): it opens nothing from then on. */
    tokenRevokedAt: timestamp('token_revoked_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('sessions_client_key_idx').on(t.clientKeyHash, t.createdAt)],
);

export const sessionEvents = pgTable(
  'session_events',
  {
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    atMs: doublePrecision('at_ms').notNull(),
    clientMessageId: text('client_message_id'),
    payload: jsonb('payload').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.seq] }),
    uniqueIndex('session_events_client_message_idx')
      .on(t.sessionId, t.clientMessageId)
      .where(sql`${t.clientMessageId} is not null`),
  ],
);

export const reports = pgTable('reports', {
  sessionId: text('session_id')
    .primaryKey()
    .references(() => sessions.id, { onDelete: 'cascade' }),
  rubricVersion: text('rubric_version').notNull(),
  scorer: text('scorer').notNull(),
  report: jsonb('report').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const schema = { sessions, sessionEvents, reports };

// ---- Peer rooms (server/rooms, rules in server/rooms/SPEC.md) ---------------------------------
// A room's durable state: its scene as one row per element (the merge winner and the seq it last
// changed at), its chat, and an interview room's scorecard. `rooms.seq` orders everything a room
// stores; every node takes the next seq from this row in the transaction that writes.

export const rooms = pgTable('rooms', {
  id: text('id').primaryKey(),
  mode: text('mode').notNull(),
  /** The whiteboard's token, or the interviewer's in an interview room. */
  tokenHash: text('token_hash').notNull(),
  candidateTokenHash: text('candidate_token_hash'),
  problemId: text('problem_id'),
  level: text('level'),
  durationMinutes: integer('duration_minutes'),
  clockSpeed: real('clock_speed').notNull(),
  /** When the interviewer started the room clock. */
  startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
  /** When the interviewer ended the interview (RIV7); the room clock says 'ended' from then on. */
  endedAt: timestamp('ended_at', { withTimezone: true, mode: 'date' }),
  /** [RIV9] When the interviewer shared the scorecard's notes with the candidate; null: private. */
  notesSharedAt: timestamp('notes_shared_at', { withTimezone: true, mode: 'date' }),
  /** The AI shadow score of an ended interview (a scoring Report), built once (RIV8). */
  shadowReport: jsonb('shadow_report'),
  /** The last seq stored. */
  seq: integer('seq').notNull().default(0),
  /** In-process backplane: seqs up to here may have been handed out; a restart continues above. */
  seqReserved: integer('seq_reserved').notNull().default(0),
  /** [SAFE16] When the links' tokens were issued (the server's clock); they expire TOKEN_TTL_HOURS later. */
  tokenIssuedAt: timestamp('token_issued_at', { withTimezone: true, mode: 'date' }),
  /** [SAFE17] Revocation of the room's (or the interviewer's) token, and of the candidate's. */
  tokenRevokedAt: timestamp('token_revoked_at', { withTimezone: true, mode: 'date' }),
  candidateTokenRevokedAt: timestamp('candidate_token_revoked_at', { withTimezone: true, mode: 'date' }),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const roomElements = pgTable(
  'room_elements',
  {
    roomId: text('room_id')
      .notNull()
      .references(() => rooms.id, { onDelete: 'cascade' }),
    elementId: text('element_id').notNull(),
    /** The seq at which this element last changed: a resume sends the rows above lastSeq. */
    seq: integer('seq').notNull(),
    version: integer('version').notNull(),
    versionNonce: bigint('version_nonce', { mode: 'number' }).notNull(),
    isDeleted: boolean('is_deleted').notNull(),
    changedBy: text('changed_by'),
    element: jsonb('element').notNull(),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.elementId] }), index('room_elements_seq_idx').on(t.roomId, t.seq)],
);

export const roomChat = pgTable(
  'room_chat',
  {
    roomId: text('room_id')
      .notNull()
      .references(() => rooms.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    clientMessageId: text('client_message_id').notNull(),
    peerId: text('peer_id').notNull(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    kind: text('kind').notNull(),
    text: text('text').notNull(),
    pivotId: text('pivot_id'),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.seq] }), uniqueIndex('room_chat_client_message_idx').on(t.roomId, t.clientMessageId)],
);

export const roomScorecards = pgTable(
  'room_scorecards',
  {
    roomId: text('room_id')
      .notNull()
      .references(() => rooms.id, { onDelete: 'cascade' }),
    dimension: text('dimension').notNull(),
    score: integer('score').notNull(),
    notes: text('notes').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.dimension] })],
);

// ---- Whiteboard timelines (server/domain/board-timeline.ts; rules RPL* in server/SPEC.md) ------
// Every accepted change of a solo interview's board at its interview time: a keyframe (the whole
// board) or a compact change, numbered from 1. Written beside the scene on each save.

export const sessionBoardEntries = pgTable(
  'session_board_entries',
  {
    ownerId: text('owner_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    n: integer('n').notNull(),
    atMs: doublePrecision('at_ms').notNull(),
    keyframe: boolean('keyframe').notNull(),
    entry: jsonb('entry').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.n] })],
);

/** The same timeline for a peer room's whiteboard (RPL10). */
export const roomBoardEntries = pgTable(
  'room_board_entries',
  {
    ownerId: text('owner_id')
      .notNull()
      .references(() => rooms.id, { onDelete: 'cascade' }),
    n: integer('n').notNull(),
    atMs: doublePrecision('at_ms').notNull(),
    keyframe: boolean('keyframe').notNull(),
    entry: jsonb('entry').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.n] })],
);
