// The databases every contract suite is registered against: embedded PGlite always, PostgreSQL
// when DATABASE_URL names one, or (with CI set) the CI's PostgreSQL, which must then be reachable.
// Chosen the way tests/support/app.ts chooses: the configuration's DATABASE_URL.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { type Database, openDatabase } from '../../server/db/client.js';
import { parseEnv } from '../../server/env.js';

export const CI_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface ContractDatabase {
  name: 'PGlite' | 'PostgreSQL';
  open(): Promise<Database>;
}

export function contractDatabases(): ContractDatabase[] {
  const url = parseEnv().DATABASE_URL ?? (process.env.CI ? CI_POSTGRES_URL : undefined);
  const pglite = shared(() => openDatabase({ kind: 'pglite' }));
  const list: ContractDatabase[] = [{ name: 'PGlite', open: pglite.open }];
  const closers = [pglite.closeAll];
  if (url) {
    const pg = shared(() => openDatabase({ kind: 'postgres', url }));
    list.push({ name: 'PostgreSQL', open: pg.open });
    closers.push(pg.closeAll);
  } else {
    console.log('contracts: DATABASE_URL is not set (and CI is not): the PostgreSQL registrations are left out');
  }
  afterAll(async () => {
    for (const close of closers) await close();
  });
  return list;
}

/**
 * One database for every suite of a test file registered on it (opening PGlite and migrating is
 * the slow part on a loaded machine): suites' close is a no-op, the file closes it after its last
 * suite (contractDatabases registers that at the file's top level).
 */
function shared(open: () => Promise<Database>): { open: () => Promise<Database>; closeAll: () => Promise<void> } {
  let opened: Promise<Database> | undefined;
  return {
    open: async () => ({ ...(await (opened ??= open())), close: async () => {} }),
    closeAll: async () => {
      const db = opened;
      opened = undefined;
      if (db) await (await db).close();
    },
  };
}

/** Opening PGlite and migrating it can take a minute when the machine is loaded. */
export const OPEN_TIMEOUT_MS = 180_000;

/** Ids unique across runs: PostgreSQL keeps rows between runs and other tests share it. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('base64url')}`;
}

/** Waits for `check` to hold (cross-node notifications arrive asynchronously). */
export async function eventually(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A store over a database opened before the suite's tests and closed after; call the getter inside tests. */
export function useStore<S>(open: () => Promise<Database>, create: (db: Database['db']) => S): () => S {
  const database = useDatabase(open);
  let store: S | undefined;
  return () => (store ??= create(database().db));
}

/** Opens a database before the suite's tests and closes it after; the getter is valid inside tests. */
export function useDatabase(open: () => Promise<Database>): () => Database {
  let database: Database | undefined;
  beforeAll(async () => {
    database = await open();
  }, OPEN_TIMEOUT_MS);
  afterAll(async () => {
    await database?.close();
  });
  return () => {
    if (!database) throw new Error('the database is not open');
    return database;
  };
}
