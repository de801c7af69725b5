// The embedded database's own thread: PGlite (PostgreSQL compiled to WebAssembly) runs here, so
// its queries never hold up the server's sockets and timers. The server talks to it through
// pglite-remote.ts: queries, transactions (begin, queries tagged with the transaction, end) and
// close. Migrations run here before the first answer. Every statement is committed to DATA_DIR
// before its answer leaves this thread.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction, types } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { ToWorker, FromWorker, WireError } from './pglite-wire.js';

const port = parentPort!;
const { dataDir, migrationsFolder } = workerData as { dataDir?: string; migrationsFolder: string };

/** The parsers drizzle's PGlite driver passes: dates and intervals stay text (drizzle maps them). */
const identity = (v: string) => v;
const PARSERS = {
  [types.TIMESTAMP]: identity,
  [types.TIMESTAMPTZ]: identity,
  [types.INTERVAL]: identity,
  [types.DATE]: identity,
  1231: identity,
  1115: identity,
  1185: identity,
  1187: identity,
  1182: identity,
};

class Rollback extends Error {}

function wireError(err: unknown): WireError {
  const e = (err ?? {}) as Record<string, unknown>;
  const out: WireError = { message: err instanceof Error ? err.message : String(err) };
  for (const k of ['code', 'detail', 'hint', 'severity', 'where', 'table', 'column', 'constraint', 'schema', 'routine'] as const) {
    if (typeof e[k] === 'string') out[k] = e[k] as string;
  }
  return out;
}

const send = (m: FromWorker) => port.postMessage(m);

async function main() {
  const pg = new PGlite(dataDir);
  await pg.waitReady;
  await migrate(drizzle({ client: pg }), { migrationsFolder });

  const open = new Map<number, { tx: Transaction; end: (commit: boolean, replyTo: number) => void }>();
  let nextTx = 1;
  let closing: Promise<void> | undefined;

  port.on('message', (m: ToWorker) => {
    switch (m.op) {
      case 'query': {
        const target = m.tx === undefined ? pg : open.get(m.tx)?.tx;
        if (!target) {
          send({ id: m.id, error: { message: `transaction ${m.tx} is not open` } });
          return;
        }
        target.query(m.sql, m.params, { rowMode: m.rowMode, parsers: PARSERS }).then(
          (r) => send({ id: m.id, result: { rows: r.rows, fields: r.fields, affectedRows: r.affectedRows } }),
          (err: unknown) => send({ id: m.id, error: wireError(err) }),
        );
        return;
      }
      case 'begin': {
        const tx = nextTx++;
        let replyTo = -1;
        pg.transaction(async (t) => {
          const commit = await new Promise<boolean>((end) => {
            open.set(tx, { tx: t, end: (c, id) => ((replyTo = id), end(c)) });
            send({ id: m.id, tx });
          });
          open.delete(tx);
          if (!commit) throw new Rollback();
        }).then(
          () => send({ id: replyTo, result: { rows: [], fields: [] } }),
          (err: unknown) => {
            open.delete(tx);
            if (replyTo < 0) send({ id: m.id, error: wireError(err) }); // BEGIN itself failed
            else if (err instanceof Rollback) send({ id: replyTo, result: { rows: [], fields: [] } });
            else send({ id: replyTo, error: wireError(err) });
          },
        );
        return;
      }
      case 'end': {
        const t = open.get(m.tx);
        if (!t) send({ id: m.id, error: { message: `transaction ${m.tx} is not open` } });
        else t.end(m.commit, m.id);
        return;
      }
      case 'close': {
        closing ??= pg.close();
        closing.then(
          () => send({ id: m.id, result: { rows: [], fields: [] } }),
          (err: unknown) => send({ id: m.id, error: wireError(err) }),
        );
        return;
      }
    }
  });
  send({ ready: true });
}

main().catch((err: unknown) => send({ failed: wireError(err) }));
