// Persistence of rooms (drizzle; PGlite and PostgreSQL alike): the room row and its seq counter,
// the scene as one row per element, chat, and the interviewer's scorecard.
import { and, asc, count, desc, eq, gt, isNull, lte, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { writeGroups } from '../db/groups.js';
import { roomChat, roomElements, roomScorecards, rooms } from '../db/schema.js';
import type { RoomElement, RoomRole, ScorecardEntry } from '../protocol/rooms.js';

export type RoomRow = typeof rooms.$inferSelect;
export type NewRoom = Omit<typeof rooms.$inferInsert, 'seq' | 'seqReserved' | 'createdAt'>;

export interface StoredElement {
  el: RoomElement;
  /** The seq at which the element last changed. */
  seq: number;
  /** The peer whose change it was. */
  from: string;
}

export interface SceneBatch {
  from: string;
  elements: RoomElement[];
}

export interface NewChat {
  clientMessageId: string;
  peerId: string;
  name: string;
  role: RoomRole;
  kind: 'message' | 'pivot';
  text: string;
  pivotId?: string;
  at: Date;
}

export interface ChatRow extends NewChat {
  seq: number;
}

/** A notification to send in the same transaction as a write (delivered when it commits). */
export interface TxNotification {
  channel: string;
  payload: string;
}

/** Rows per INSERT: small enough that embedded PGlite (on the server's thread) yields to the sockets between statements. */
const INSERT_CHUNK = 100;

class DuplicateChat extends Error {}

export interface RoomStore {
  create(row: NewRoom): Promise<void>;
  get(id: string): Promise<RoomRow | undefined>;
  scene(id: string): Promise<StoredElement[]>;
  /** Elements not deleted. */
  elementCount(id: string): Promise<number>;
  /**
   * Raises the room's reservation by `n` above everything stored or reserved; returns the range
   * and `stored`, the room row's seq (in-process: everything at or below it is stored).
   */
  reserveSeqs(id: string, n: number): Promise<{ after: number; upTo: number; stored: number }>;
  /**
   * [SAFE20] Writes elements at seqs already handed out for many rooms at once, each room rolled
   * back alone when it fails: per room, undefined (stored) or its error.
   */
  saveScenesEach(scenes: Array<{ roomId: string; entries: StoredElement[]; lastSeq: number }>): Promise<Array<Error | undefined>>;
  /** Writes elements at seqs already handed out, for many rooms in one transaction (the in-process flush). */
  saveScenes(scenes: Array<{ roomId: string; entries: StoredElement[]; lastSeq: number }>): Promise<void>;
  /**
   * Takes the next seqs from the room row and writes the batches in one transaction; an element
   * is written only where it wins the merge against the stored one (other nodes write too).
   */
  appendScene(id: string, batches: SceneBatch[], notify?: (seqs: number[]) => TxNotification | undefined): Promise<number[]>;
  /** Stores a chat message at `seq`, or at the room's next seq; idempotent on clientMessageId. */
  appendChat(id: string, msg: NewChat, seq: number | 'next', notify?: (seq: number) => TxNotification | undefined): Promise<{ message: ChatRow; duplicate: boolean }>;
  changesSince(id: string, afterSeq: number, upToSeq?: number): Promise<{ elements: StoredElement[]; chat: ChatRow[] }>;
  /** The latest `limit` messages after seq `after`, oldest first. */
  recentChat(id: string, limit: number, after?: number): Promise<ChatRow[]>;
  allChat(id: string): Promise<ChatRow[]>;
  /** Sets the start once; returns the stored start. */
  start(id: string, at: Date): Promise<Date>;
  /** [RIV7] Sets the end once; returns the stored end. */
  end(id: string, at: Date): Promise<Date>;
  /** [RIV9] Shares the scorecard's notes with the candidate (at `at`) or makes them private again. */
  shareNotes(id: string, shared: boolean, at: Date): Promise<void>;
  /** [RIV8] Stores the shadow report unless one is stored; returns the stored one. */
  saveShadow(id: string, report: unknown): Promise<unknown>;
  saveScorecard(id: string, entry: Omit<ScorecardEntry, 'updatedAt'> & { updatedAt: Date }): Promise<void>;
  scorecard(id: string): Promise<ScorecardEntry[]>;
}

type ElementRow = ReturnType<typeof toElementRow>;

function toElementRow(roomId: string, e: StoredElement) {
  return {
    roomId,
    elementId: e.el.id,
    seq: e.seq,
    version: e.el.version,
    versionNonce: e.el.versionNonce,
    isDeleted: e.el.isDeleted === true,
    changedBy: e.from,
    element: e.el,
  };
}

function fromElementRow(r: { element: unknown; seq: number; changedBy: string | null }): StoredElement {
  return { el: r.element as RoomElement, seq: r.seq, from: r.changedBy ?? '' };
}

function fromChatRow(r: typeof roomChat.$inferSelect): ChatRow {
  return {
    seq: r.seq,
    clientMessageId: r.clientMessageId,
    peerId: r.peerId,
    name: r.name,
    role: r.role as RoomRole,
    kind: r.kind as ChatRow['kind'],
    text: r.text,
    ...(r.pivotId ? { pivotId: r.pivotId } : {}),
    at: r.at,
  };
}

export function createRoomStore(db: Db): RoomStore {
  /** The upserts of `all` (one statement per INSERT_CHUNK rows). */
  function upsertStatements(all: ElementRow[], onlyWinners: boolean): SQL[] {
    // One row per element per statement (PostgreSQL refuses to update a row twice); later wins.
    const unique = [...new Map(all.map((r) => [`${r.roomId}\u0000${r.elementId}`, r])).values()];
    // The merge rule (domain/scene-merge.ts) in SQL, so concurrent writers leave the winner stored.
    const onlyIfWins = onlyWinners
      ? sql` where excluded.version > room_elements.version or (excluded.version = room_elements.version and excluded.version_nonce < room_elements.version_nonce)`
      : sql``;
    const out: SQL[] = [];
    for (let i = 0; i < unique.length; i += INSERT_CHUNK) {
      // The rows travel as one JSON parameter: far cheaper to build and bind than 8 per row.
      const rows = JSON.stringify(
        unique.slice(i, i + INSERT_CHUNK).map((r) => ({ r: r.roomId, k: r.elementId, s: r.seq, v: r.version, n: r.versionNonce, d: r.isDeleted, f: r.changedBy, e: r.element })),
      );
      out.push(sql`
        insert into room_elements (room_id, element_id, seq, version, version_nonce, is_deleted, changed_by, element)
        select x.r, x.k, x.s, x.v, x.n, x.d, x.f, x.e
        from jsonb_to_recordset(${rows}::jsonb) as x(r text, k text, s integer, v integer, n bigint, d boolean, f text, e jsonb)
        on conflict (room_id, element_id) do update set
          seq = excluded.seq, version = excluded.version, version_nonce = excluded.version_nonce,
          is_deleted = excluded.is_deleted, changed_by = excluded.changed_by, element = excluded.element${onlyIfWins}`);
    }
    return out;
  }

  /** The elements of many rooms at seqs already handed out, and each room's stored seq raised. */
  function sceneStatements(scenes: Array<{ roomId: string; entries: StoredElement[]; lastSeq: number }>): SQL[] {
    const rows = scenes.flatMap((s) => s.entries.map((e) => toElementRow(s.roomId, e)));
    const seqs = sql.join(
      scenes.map((s) => sql`(${s.roomId}, ${s.lastSeq}::integer)`),
      sql`, `,
    );
    return [
      ...upsertStatements(rows, false),
      sql`update "rooms" set "seq" = greatest("rooms"."seq", v.seq) from (values ${seqs}) as v(id, seq) where "rooms"."id" = v.id`,
    ];
  }

  async function upsertElements(tx: Pick<Db, 'execute'>, all: ElementRow[], onlyWinners: boolean) {
    for (const q of upsertStatements(all, onlyWinners)) await tx.execute(q);
  }

  async function existingChat(id: string, clientMessageId: string): Promise<ChatRow | undefined> {
    const [row] = await db
      .select()
      .from(roomChat)
      .where(and(eq(roomChat.roomId, id), eq(roomChat.clientMessageId, clientMessageId)))
      .limit(1);
    return row ? fromChatRow(row) : undefined;
  }

  return {
    async create(row) {
      await db.insert(rooms).values(row);
    },

    async get(id) {
      const [row] = await db.select().from(rooms).where(eq(rooms.id, id)).limit(1);
      return row;
    },

    async scene(id) {
      const rows = await db
        .select({ element: roomElements.element, seq: roomElements.seq, changedBy: roomElements.changedBy })
        .from(roomElements)
        .where(eq(roomElements.roomId, id));
      return rows.map(fromElementRow);
    },

    async elementCount(id) {
      const [row] = await db
        .select({ n: count() })
        .from(roomElements)
        .where(and(eq(roomElements.roomId, id), eq(roomElements.isDeleted, false)));
      return Number(row?.n ?? 0);
    },

    async reserveSeqs(id, n) {
      const [row] = await db
        .update(rooms)
        .set({ seqReserved: sql`greatest(${rooms.seqReserved}, ${rooms.seq}) + ${n}` })
        .where(eq(rooms.id, id))
        .returning({ seqReserved: rooms.seqReserved, seq: rooms.seq });
      if (!row) throw new Error(`room ${id} does not exist`);
      return { after: row.seqReserved - n, upTo: row.seqReserved, stored: row.seq };
    },

    async saveScenes(scenes) {
      if (scenes.length === 0) return;
      await db.transaction(async (tx) => {
        for (const q of sceneStatements(scenes)) await tx.execute(q);
      });
    },

    async saveScenesEach(scenes) {
      if (scenes.length === 0) return [];
      // [SAFE4][SAFE20] All rooms in a few statements first (the common case: one message to the
      // database worker); when that fails, each room again under its own savepoint, so only the
      // room at fault fails.
      const [together] = await writeGroups(db, [sceneStatements(scenes)]);
      if (!together) return scenes.map(() => undefined);
      return writeGroups(db, scenes.map((s) => sceneStatements([s])));
    },

    async appendScene(id, batches, notify) {
      if (batches.length === 0) return [];
      return db.transaction(async (tx) => {
        // The row lock taken here orders this room's writers across nodes.
        const [row] = await tx
          .update(rooms)
          .set({ seq: sql`${rooms.seq} + ${batches.length}` })
          .where(eq(rooms.id, id))
          .returning({ seq: rooms.seq });
        if (!row) throw new Error(`room ${id} does not exist`);
        const seqs = batches.map((_, i) => row.seq - batches.length + 1 + i);
        const rows: ElementRow[] = [];
        batches.forEach((b, i) => {
          for (const el of b.elements) rows.push(toElementRow(id, { el, seq: seqs[i]!, from: b.from }));
        });
        await upsertElements(tx, rows, true);
        const n = notify?.(seqs);
        if (n) await tx.execute(sql`select pg_notify(${n.channel}, ${n.payload})`);
        return seqs;
      });
    },

    async appendChat(id, msg, seq, notify) {
      const values = { roomId: id, ...msg, pivotId: msg.pivotId ?? null };
      try {
        const stored = await db.transaction(async (tx) => {
          let at: number;
          if (seq === 'next') {
            const [row] = await tx
              .update(rooms)
              .set({ seq: sql`${rooms.seq} + 1` })
              .where(eq(rooms.id, id))
              .returning({ seq: rooms.seq });
            if (!row) throw new Error(`room ${id} does not exist`);
            at = row.seq;
          } else {
            at = seq;
            await tx
              .update(rooms)
              .set({ seq: sql`greatest(${rooms.seq}, ${seq})` })
              .where(eq(rooms.id, id));
          }
          const inserted = await tx
            .insert(roomChat)
            .values({ ...values, seq: at })
            .onConflictDoNothing({ target: [roomChat.roomId, roomChat.clientMessageId] })
            .returning();
          if (inserted.length === 0) throw new DuplicateChat();
          const n = notify?.(at);
          if (n) await tx.execute(sql`select pg_notify(${n.channel}, ${n.payload})`);
          return fromChatRow(inserted[0]!);
        });
        return { message: stored, duplicate: false };
      } catch (err) {
        if (!(err instanceof DuplicateChat)) throw err;
        const existing = await existingChat(id, msg.clientMessageId);
        if (!existing) throw new Error(`chat ${msg.clientMessageId} conflicted but is not stored`);
        return { message: existing, duplicate: true };
      }
    },

    async changesSince(id, afterSeq, upToSeq) {
      const elementWhere = [eq(roomElements.roomId, id), gt(roomElements.seq, afterSeq)];
      const chatWhere = [eq(roomChat.roomId, id), gt(roomChat.seq, afterSeq)];
      if (upToSeq !== undefined) {
        elementWhere.push(lte(roomElements.seq, upToSeq));
        chatWhere.push(lte(roomChat.seq, upToSeq));
      }
      const elements = await db
        .select({ element: roomElements.element, seq: roomElements.seq, changedBy: roomElements.changedBy })
        .from(roomElements)
        .where(and(...elementWhere))
        .orderBy(asc(roomElements.seq));
      const chat = await db
        .select()
        .from(roomChat)
        .where(and(...chatWhere))
        .orderBy(asc(roomChat.seq));
      return { elements: elements.map(fromElementRow), chat: chat.map(fromChatRow) };
    },

    async recentChat(id, limit, after = 0) {
      const rows = await db
        .select()
        .from(roomChat)
        .where(and(eq(roomChat.roomId, id), gt(roomChat.seq, after)))
        .orderBy(desc(roomChat.seq))
        .limit(limit);
      return rows.map(fromChatRow).reverse();
    },

    async allChat(id) {
      const rows = await db.select().from(roomChat).where(eq(roomChat.roomId, id)).orderBy(asc(roomChat.seq));
      return rows.map(fromChatRow);
    },

    async start(id, at) {
      await db
        .update(rooms)
        .set({ startedAt: at })
        .where(and(eq(rooms.id, id), isNull(rooms.startedAt)));
      const [row] = await db.select({ startedAt: rooms.startedAt }).from(rooms).where(eq(rooms.id, id)).limit(1);
      return row?.startedAt ?? at;
    },

    async end(id, at) {
      await db
        .update(rooms)
        .set({ endedAt: at })
        .where(and(eq(rooms.id, id), isNull(rooms.endedAt)));
      const [row] = await db.select({ endedAt: rooms.endedAt }).from(rooms).where(eq(rooms.id, id)).limit(1);
      return row?.endedAt ?? at;
    },

    async shareNotes(id, shared, at) {
      await db
        .update(rooms)
        .set({ notesSharedAt: shared ? at : null })
        .where(eq(rooms.id, id));
    },

    async saveShadow(id, report) {
      await db
        .update(rooms)
        .set({ shadowReport: report })
        .where(and(eq(rooms.id, id), isNull(rooms.shadowReport)));
      const [row] = await db.select({ shadowReport: rooms.shadowReport }).from(rooms).where(eq(rooms.id, id)).limit(1);
      return row?.shadowReport ?? report;
    },

    async saveScorecard(id, e) {
      await db
        .insert(roomScorecards)
        .values({ roomId: id, dimension: e.dimension, score: e.score, notes: e.notes, updatedAt: e.updatedAt })
        .onConflictDoUpdate({
          target: [roomScorecards.roomId, roomScorecards.dimension],
          set: { score: e.score, notes: e.notes, updatedAt: e.updatedAt },
        });
    },

    async scorecard(id) {
      const rows = await db.select().from(roomScorecards).where(eq(roomScorecards.roomId, id)).orderBy(asc(roomScorecards.dimension));
      return rows.map((r) => ({ dimension: r.dimension, score: r.score, notes: r.notes, updatedAt: r.updatedAt.toISOString() }));
    },
  };
}
