// The embedded database's own thread: PGlite (PostgreSQL compiled to WebAssembly) runs here, so
// its queries never hold up the server's sockets and timers. The server talks to it through
// pglite-remote.ts: queries, transactions (begin, queries tagged with the transaction, end) and
// close, and batches (groups of statements, each under its own savepoint). Migrations run here
// before the first answer. Every statement is committed to DATA_DIR before its answer leaves this
// thread. Plain JavaScript (the messages are typed in pglite-wire.ts) so the thread starts without
// a TypeScript loader: opening the database costs no more than it did on the server's thread.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, types } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';

const port = parentPort;
const { dataDir, migrationsFolder } = workerData;

/** The parsers drizzle's PGlite driver passes: dates and intervals stay text (drizzle maps them). */
const identity = (v) => v;
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

/** A database error as plain data: PostgreSQL's fields (code: the SQLSTATE) kept. */
function wireError(err) {
  const e = err ?? {};
  const out = { message: err instanceof Error ? err.message : String(err) };
  for (const k of ['code', 'detail', 'hint', 'severity', 'where', 'table', 'column', 'constraint', 'schema', 'routine']) {
    if (typeof e[k] === 'string') out[k] = e[k];
  }
  return out;
}

const send = (m) => port.postMessage(m);

async function main() {
  const pg = new PGlite(dataDir);
  await pg.waitReady;
  await migrate(drizzle({ client: pg }), { migrationsFolder });

  /** Open transactions by id: the PGlite transaction and how to end it. */
  const open = new Map();
  let nextTx = 1;
  let closing;

  port.on('message', (m) => {
    switch (m.op) {
      case 'query': {
        const target = m.tx === undefined ? pg : open.get(m.tx)?.tx;
        if (!target) {
          send({ id: m.id, error: { message: `transaction ${m.tx} is not open` } });
          return;
        }
        target.query(m.sql, m.params, { rowMode: m.rowMode, parsers: PARSERS }).then(
          (r) => send({ id: m.id, result: { rows: r.rows, fields: r.fields, affectedRows: r.affectedRows } }),
          (err) => send({ id: m.id, error: wireError(err) }),
        );
        return;
      }
      case 'begin': {
        const tx = nextTx++;
        let replyTo = -1;
        pg.transaction(async (t) => {
          const commit = await new Promise((end) => {
            open.set(tx, { tx: t, end: (c, id) => ((replyTo = id), end(c)) });
            send({ id: m.id, tx });
          });
          open.delete(tx);
          if (!commit) throw new Rollback();
        }).then(
          () => send({ id: replyTo, result: { rows: [], fields: [] } }),
          (err) => {
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
      case 'batch': {
        // One transaction, one savepoint per group: a group that fails is rolled back alone and
        // reported; the others commit. Nothing waits on the server's thread in between.
        pg.transaction(async (tx) => {
          const outcome = [];
          for (const group of m.groups) {
            await tx.query('savepoint batch_group');
            try {
              for (const st of group) await tx.query(st.sql, st.params);
              await tx.query('release savepoint batch_group');
              outcome.push(null);
            } catch (err) {
              await tx.query('rollback to savepoint batch_group');
              await tx.query('release savepoint batch_group');
              outcome.push(wireError(err));
            }
          }
          return outcome;
        }).then(
          (outcome) => send({ id: m.id, result: { rows: outcome, fields: [] } }),
          (err) => send({ id: m.id, error: wireError(err) }),
        );
        return;
      }
      case 'close': {
        closing ??= pg.close();
        closing.then(
          () => send({ id: m.id, result: { rows: [], fields: [] } }),
          (err) => send({ id: m.id, error: wireError(err) }),
        );
        return;
      }
    }
  });
  send({ ready: true });
}

main().catch((err) => send({ failed: wireError(err) }));
