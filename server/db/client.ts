// Opens the database the configuration names: PostgreSQL through postgres-js when DATABASE_URL is
// set, embedded PGlite in DATA_DIR otherwise. Both get the same drizzle migrations at open.
// [SAFE18] PGlite runs in its own worker thread (pglite-worker.mjs) unless `thread: 'main'` is
// asked for (the bench's baseline): the server's thread only sends queries and reads answers.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { RemotePglite } from './pglite-remote.js';
import { schema } from './schema.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** The raw postgres-js client (PostgreSQL only): LISTEN/NOTIFY lives here. */
  sql?: postgres.Sql;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = new URL('../../drizzle/', import.meta.url).pathname;
/** Serialises concurrent migrations from several processes sharing one PostgreSQL. */
const MIGRATION_LOCK_KEY = 727_274_001;

export type DatabaseTarget =
  | { kind: 'postgres'; url: string }
  /** `thread`: where PGlite runs; its own worker by default, 'main' only for comparisons. */
  | { kind: 'pglite'; dataDir?: string; thread?: 'worker' | 'main' };

export interface OpenOptions {
  /** Told when the database worker stops unexpectedly (every query then fails with DatabaseWorkerError). */
  onCrash?: (err: Error) => void;
}

export async function openDatabase(target: DatabaseTarget, o: OpenOptions = {}): Promise<Database> {
  if (target.kind === 'postgres') return openPostgres(target.url);
  if (target.thread === 'main') return openPgliteHere(target.dataDir);
  return openPgliteWorker(target.dataDir, o);
}

function pgliteDir(dataDir: string): string {
  const dir = resolve(dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function openPgliteWorker(dataDir: string | undefined, o: OpenOptions): Promise<Database> {
  const client = new RemotePglite({ dataDir: dataDir ? pgliteDir(dataDir) : undefined, migrationsFolder: MIGRATIONS_DIR, onCrash: o.onCrash });
  await client.ready; // migrated in the worker
  // drizzle's PGlite driver calls only `query` and `transaction`, which the remote client provides.
  const db = drizzlePglite({ client: client as unknown as PGlite, schema });
  return { kind: 'pglite', db: db as unknown as Db, close: () => client.close() };
}

async function openPgliteHere(dataDir?: string): Promise<Database> {
  let client: PGlite;
  if (dataDir) {
    client = new PGlite(pgliteDir(dataDir));
  } else {
    client = new PGlite(); // in memory, for tests
  }
  await client.waitReady;
  const db = drizzlePglite({ client, schema });
  await migratePglite(db, { migrationsFolder: MIGRATIONS_DIR });
  return { kind: 'pglite', db: db as unknown as Db, close: () => client.close() };
}

async function openPostgres(url: string): Promise<Database> {
  // One connection for the lock and the migration, so both happen in the same session.
  const single = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await single`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migratePostgres(drizzlePostgres({ client: single }), { migrationsFolder: MIGRATIONS_DIR });
    await single`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  } finally {
    await single.end({ timeout: 5 });
  }
  const sql = postgres(url, { max: 10, onnotice: () => {} });
  const db = drizzlePostgres({ client: sql, schema });
  return { kind: 'postgres', db: db as unknown as Db, sql, close: () => sql.end({ timeout: 5 }) };
}
