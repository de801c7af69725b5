// Persistence of whiteboard timelines: one row per entry, numbered per owner (a session or a room). An entry
// number taken twice (another node, or a retry after a crash) is a conflict the recorder resolves.
import { and, asc, desc, eq, gte } from 'drizzle-orm';
import { TimelineEntry, isKeyframe } from '../protocol/board-timeline.js';
import type { Db } from './client.js';
import { roomBoardEntries, sessionBoardEntries } from './schema.js';

/** Another writer stored entry `n` first. */
export class TimelineConflictError extends Error {}

export interface BoardTimelineStore {
  /** Appends one entry; throws TimelineConflictError when its number is taken. */
  append(ownerId: string, entry: TimelineEntry): Promise<void>;
  /** Every entry, in order. */
  all(ownerId: string): Promise<TimelineEntry[]>;
  /** The last keyframe and every entry after it: enough to go on recording. */
  tail(ownerId: string): Promise<TimelineEntry[]>;
}

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: string }).code === '23505') return true;
  }
  return false;
}

/** Whose timelines: a solo interview's (`sessions`) or a peer room's (`rooms`); both tables have the same columns. */
export function createBoardTimelineStore(db: Db, owner: 'sessions' | 'rooms' = 'sessions'): BoardTimelineStore {
  const t = (owner === 'rooms' ? roomBoardEntries : sessionBoardEntries) as typeof sessionBoardEntries;
  const read = (rows: Array<{ entry: unknown }>) => rows.map((r) => TimelineEntry.parse(r.entry));
  return {
    async append(ownerId, entry) {
      try {
        await db.insert(t).values({ ownerId, n: entry.n, atMs: entry.t, keyframe: isKeyframe(entry), entry });
      } catch (err) {
        if (isUniqueViolation(err)) throw new TimelineConflictError(`timeline of ${ownerId}: entry ${entry.n} is taken`);
        throw err;
      }
    },
    async all(ownerId) {
      return read(await db.select({ entry: t.entry }).from(t).where(eq(t.ownerId, ownerId)).orderBy(asc(t.n)));
    },
    async tail(ownerId) {
      const [key] = await db
        .select({ n: t.n })
        .from(t)
        .where(and(eq(t.ownerId, ownerId), eq(t.keyframe, true)))
        .orderBy(desc(t.n))
        .limit(1);
      const from = key?.n ?? 0;
      return read(await db.select({ entry: t.entry }).from(t).where(and(eq(t.ownerId, ownerId), gte(t.n, from))).orderBy(asc(t.n)));
    },
  };
}
