// Writes several independent groups of statements at once: one transaction, each group under its
// own savepoint, so a group that fails is rolled back alone (and its error returned) while the
// others commit. With PGlite in its worker the whole batch runs there in one message (no round
// trip while the transaction is open); elsewhere drizzle's nested transactions do the same.
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from './client.js';
import { RemotePglite } from './pglite-remote.js';

const dialect = new PgDialect();

export async function writeGroups(db: Db, groups: SQL[][]): Promise<Array<Error | undefined>> {
  if (groups.length === 0) return [];
  const client = (db as { $client?: unknown }).$client;
  if (client instanceof RemotePglite) {
    return client.batch(groups.map((g) => g.map((q) => dialect.sqlToQuery(q)).map(({ sql, params }) => ({ sql, params }))));
  }
  return db.transaction(async (tx) => {
    const out: Array<Error | undefined> = [];
    for (const group of groups) {
      try {
        await tx.transaction(async (sp) => {
          for (const q of group) await sp.execute(q);
        });
        out.push(undefined);
      } catch (err) {
        out.push(err instanceof Error ? err : new Error(String(err)));
      }
    }
    return out;
  });
}
