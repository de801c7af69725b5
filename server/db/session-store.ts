// Persistence of sessions: the event log, the session row, the scene and the report.
import { and, asc, desc, eq, gt } from 'drizzle-orm';
import type { EventBody, SessionEvent } from '../domain/events.js';
import type { SceneElement } from '../protocol/index.js';
import type { Db } from './client.js';
import { reports, sessionEvents, sessions } from './schema.js';

export type SessionRow = typeof sessions.$inferSelect;
export type NewSession = Omit<typeof sessions.$inferInsert, 'lastSeq' | 'createdAt'>;
export type TimedEvent = EventBody & { atMs: number };

/** Another writer appended to the session first (seq or clientMessageId already taken). */
export class AppendConflictError extends Error {}

export interface StoredReport {
  rubricVersion: string;
  scorer: string;
  report: unknown;
  createdAt: Date;
}

export interface SessionStore {
  create(row: NewSession, first: TimedEvent[]): Promise<SessionEvent[]>;
  get(id: string): Promise<SessionRow | undefined>;
  listByClient(clientKeyHash: string, limit: number): Promise<SessionRow[]>;
  events(id: string, afterSeq?: number): Promise<SessionEvent[]>;
  /** Appends after `expectedLastSeq` atomically; throws AppendConflictError if someone else did. */
  append(id: string, expectedLastSeq: number, events: TimedEvent[]): Promise<SessionEvent[]>;
  /** Stores the scene; `svg` is the picture of exactly this scene, or null when none is (any more). */
  saveScene(id: string, elements: SceneElement[], svg: string | null): Promise<void>;
  saveReport(id: string, report: Omit<StoredReport, 'createdAt'>): Promise<void>;
  getReport(id: string): Promise<StoredReport | undefined>;
}

function clientMessageIdOf(e: EventBody): string | null {
  return e.type === 'candidate_message' ? e.clientMessageId : null;
}

function toRow(sessionId: string, seq: number, e: TimedEvent) {
  const { atMs, ...body } = e;
  return { sessionId, seq, type: body.type, atMs, clientMessageId: clientMessageIdOf(body), payload: body };
}

function fromRow(r: typeof sessionEvents.$inferSelect): SessionEvent {
  return { ...(r.payload as EventBody), seq: r.seq, atMs: r.atMs };
}

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: string }).code === '23505') return true;
  }
  return false;
}

function statusAfter(events: TimedEvent[]): { status?: string; phase?: string; ended: boolean } {
  let phase: string | undefined;
  let ended = false;
  for (const e of events) {
    if (e.type === 'phase_changed') phase = e.to;
    if (e.type === 'session_ended') ended = true;
  }
  return { phase, status: ended ? 'ended' : undefined, ended };
}

export function createSessionStore(db: Db): SessionStore {
  return {
    async create(row, first) {
      return db.transaction(async (tx) => {
        await tx.insert(sessions).values({ ...row, lastSeq: first.length });
        const rows = first.map((e, i) => toRow(row.id, i + 1, e));
        await tx.insert(sessionEvents).values(rows);
        return rows.map((r) => ({ ...(r.payload as EventBody), seq: r.seq, atMs: r.atMs }) as SessionEvent);
      });
    },

    async get(id) {
      const [row] = await db.select().from(sessions).where(eq(sessions.id, id)).limit(1);
      return row;
    },

    async listByClient(clientKeyHash, limit) {
      return db
        .select()
        .from(sessions)
        .where(eq(sessions.clientKeyHash, clientKeyHash))
        .orderBy(desc(sessions.createdAt))
        .limit(limit);
    },

    async events(id, afterSeq = 0) {
      const rows = await db
        .select()
        .from(sessionEvents)
        .where(and(eq(sessionEvents.sessionId, id), gt(sessionEvents.seq, afterSeq)))
        .orderBy(asc(sessionEvents.seq));
      return rows.map(fromRow);
    },

    async append(id, expectedLastSeq, events) {
      if (events.length === 0) return [];
      const rows = events.map((e, i) => toRow(id, expectedLastSeq + i + 1, e));
      const lastSeq = expectedLastSeq + events.length;
      const { phase, status, ended } = statusAfter(events);
      try {
        await db.transaction(async (tx) => {
          const updated = await tx
            .update(sessions)
            .set({
              lastSeq,
              ...(phase ? { phase } : {}),
              ...(status ? { status } : {}),
              ...(ended ? { endedAt: new Date() } : {}),
            })
            .where(and(eq(sessions.id, id), eq(sessions.lastSeq, expectedLastSeq)))
            .returning({ id: sessions.id });
          if (updated.length === 0) throw new AppendConflictError(`session ${id} moved past seq ${expectedLastSeq}`);
          await tx.insert(sessionEvents).values(rows);
        });
      } catch (err) {
        if (err instanceof AppendConflictError) throw err;
        if (isUniqueViolation(err)) throw new AppendConflictError(`session ${id}: conflicting append`);
        throw err;
      }
      return rows.map((r) => ({ ...(r.payload as EventBody), seq: r.seq, atMs: r.atMs }) as SessionEvent);
    },

    async saveScene(id, elements, svg) {
      await db
        .update(sessions)
        .set({ scene: elements, sceneSvg: svg })
        .where(eq(sessions.id, id));
    },

    async saveReport(id, r) {
      await db
        .insert(reports)
        .values({ sessionId: id, ...r })
        .onConflictDoUpdate({ target: reports.sessionId, set: { rubricVersion: r.rubricVersion, scorer: r.scorer, report: r.report, createdAt: new Date() } });
    },

    async getReport(id) {
      const [row] = await db.select().from(reports).where(eq(reports.sessionId, id)).limit(1);
      return row ? { rubricVersion: row.rubricVersion, scorer: row.scorer, report: row.report, createdAt: row.createdAt } : undefined;
    },
  };
}
