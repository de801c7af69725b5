// [PRAC8] One person's sessions as stored (every one of their client key, newest first), and the
// deletion of a set of them with everything that hangs off them, in one transaction.
import { desc, eq, inArray } from 'drizzle-orm';
import type { Db } from './client.js';
import { reports, sessionEvents, sessions } from './schema.js';
import type { SessionRow } from './session-store.js';

export interface HistoryStore {
  owned(clientKeyHash: string): Promise<SessionRow[]>;
  /** Deletes the sessions, their events and reports (and, by cascade, anything else keyed on them). */
  delete(ids: readonly string[]): Promise<number>;
}

export function createHistoryStore(db: Db): HistoryStore {
  return {
    async owned(clientKeyHash) {
      return db.select().from(sessions).where(eq(sessions.clientKeyHash, clientKeyHash)).orderBy(desc(sessions.createdAt));
    },
    async delete(ids) {
      if (ids.length === 0) return 0;
      return db.transaction(async (tx) => {
        await tx.delete(reports).where(inArray(reports.sessionId, [...ids]));
        await tx.delete(sessionEvents).where(inArray(sessionEvents.sessionId, [...ids]));
        const gone = await tx.delete(sessions).where(inArray(sessions.id, [...ids])).returning({ id: sessions.id });
        return gone.length;
      });
    },
  };
}
