// [SAFE18][SAFE19] The main thread kept free: PGlite answers from its own worker thread
// (transactions atomic, a dead worker fails loudly), and the scorer, transcript reader and
// diagram-to-text run in a worker pool within a time budget. Nothing here asserts a wall-clock
// time: the tests assert order (health answers before the slow work finishes) and outcomes.
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '../../server/db/client.js';
import { DatabaseWorkerError, RemotePglite } from '../../server/db/pglite-remote.js';
import { MIGRATIONS_DIR } from '../../server/db/client.js';
import { loadProblemBank } from '../../server/content/problem-bank.js';
import { ComputeBudgetError, ComputePool } from '../../server/workers/compute-pool.js';
import { startTestServer, usingPostgres, type TestServer } from '../support/app.js';
import { connect } from '../support/ws-client.js';

// Real servers, databases and worker threads on a loaded 2-core machine (no time is asserted on).
vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close().catch(() => {});
});

async function boot(env: Record<string, string> = {}): Promise<TestServer> {
  const s = await startTestServer({ env: { LIMIT_MESSAGES_PER_SECOND: '100000', LIMIT_FRAMES_PER_SECOND: '100000', ...env } });
  open.push(s);
  return s;
}

/** The run-on "sentence" full of figures that once took 30 s to score. */
const FIGURES = 'Interviewer: Design a URL shortener.\nCandidate: ' + '12,345 qps '.repeat(Math.ceil(250_000 / 11));

function rects(n: number) {
  return Array.from({ length: n }, (_, i) => ({ id: `r${i}`, type: 'rectangle', x: (i % 100) * 120, y: Math.floor(i / 100) * 80, width: 100, height: 60, version: 1, versionNonce: i }));
}

/** The rows of a raw `execute` (PGlite's result shape). */
const rowsOf = (r: unknown) => (r as { rows: Array<Record<string, number>> }).rows;

/** Calls /api/health until `done()`; how many answered before it. */
async function healthWhile(app: TestServer, done: () => boolean): Promise<number> {
  let answered = 0;
  while (!done()) {
    const r = await app.api('/api/health');
    expect(r.status).toBe(200);
    if (!done()) answered++;
  }
  return answered;
}

describe.skipIf(usingPostgres)('PGlite in its worker thread', () => {
  it('[SAFE18] transactions through the worker are atomic: a failing one leaves nothing, a committed one all', async () => {
    const db: Database = await openDatabase({ kind: 'pglite' });
    open.push(db);
    await db.db.execute(sql`create table t (a int primary key)`);
    await expect(
      db.db.transaction(async (tx) => {
        await tx.execute(sql`insert into t values (1), (2)`);
        await tx.execute(sql`insert into t values (2)`); // unique violation
      }),
    ).rejects.toMatchObject({ cause: { code: '23505' } });
    expect(rowsOf(await db.db.execute(sql`select count(*)::int as n from t`))).toEqual([{ n: 0 }]);
    // Concurrent transactions and plain queries interleave without seeing each other's halves.
    await Promise.all([
      db.db.transaction(async (tx) => {
        await tx.execute(sql`insert into t values (10)`);
        await tx.execute(sql`insert into t values (11)`);
      }),
      db.db.transaction(async (tx) => {
        await tx.execute(sql`insert into t values (20)`);
        await tx.execute(sql`insert into t values (21)`);
      }),
      db.db.execute(sql`select count(*)::int as n from t`).then((r) => expect([0, 2, 4]).toContain(rowsOf(r)[0]!.n)),
    ]);
    expect(rowsOf(await db.db.execute(sql`select a from t order by a`)).map((r) => r.a)).toEqual([10, 11, 20, 21]);
  });

  it('[SAFE18] a worker that dies fails the query in flight and every later one with DatabaseWorkerError, and says so', async () => {
    const crashes: Error[] = [];
    const client = new RemotePglite({ migrationsFolder: MIGRATIONS_DIR, onCrash: (e) => crashes.push(e) });
    await client.ready;
    const inFlight = client.query('select pg_sleep(2)');
    await client.kill();
    await expect(inFlight).rejects.toBeInstanceOf(DatabaseWorkerError);
    await expect(client.query('select 1')).rejects.toThrow(/database worker exited/);
    expect(crashes).toHaveLength(1);
  });

  it('[SAFE18] /api/health answers while one session socket is flooded with 1,000 message frames', async () => {
    const app = await boot();
    const s = (await app.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'mid' } })).body;
    const ws = await connect(`${app.url.replace('http', 'ws')}/api/sessions/${s.id}/ws?token=${s.token}`);
    ws.send({ type: 'hello', lastSeq: 0 });
    await ws.next((f) => f.type === 'snapshot' || f.type === 'hello' || f.type === 'session', 30_000).catch(() => undefined);
    let acks = 0;
    ws.ws.on('message', (d) => {
      if (JSON.parse(d.toString()).type === 'ack') acks++;
    });
    for (let i = 0; i < 1_000; i++) ws.send({ type: 'message', clientMessageId: `b${i}-${Date.now()}`, text: `Question ${i}: how many users and what read to write ratio?` });
    const health = await app.api('/api/health');
    expect(health.status).toBe(200);
    expect(acks).toBeLessThan(1_000); // health answered while the burst was still being stored
    await ws.close();
  });
});

describe('the compute pool', () => {
  it('[SAFE19] a pathological transcript is scored off the main thread: /api/health answers before the score does', async () => {
    const app = await boot();
    let done = false;
    const scored = app.api('/api/score', { body: { text: FIGURES, problemId: 'url-shortener' } }).finally(() => (done = true));
    const answered = await healthWhile(app, () => done);
    const r = await scored;
    expect(r.status).toBe(200);
    expect(r.body.format).toBe('mock-interview-report');
    expect(answered).toBeGreaterThan(0);
  });

  it('[SAFE19] past its budget a score is a 422 too_complex with the budget named; the next call gets an answer too', async () => {
    const app = await boot({ COMPUTE_BUDGET_MS: '1' });
    const r = await app.api('/api/score', { body: { text: FIGURES, problemId: 'url-shortener' } });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('too_complex');
    expect(r.body.error.message).toMatch(/1 ms budget/);
    const preview = await app.api('/api/score/preview', { body: { text: FIGURES } });
    expect(preview.status).toBe(422);
    expect(preview.body.error.code).toBe('too_complex');
    expect((await app.api('/api/health')).status).toBe(200);
  });

  it('[SAFE19] a whiteboard past the budget is refused with 422 too_complex and nothing is stored', async () => {
    const app = await boot({ COMPUTE_BUDGET_MS: '1' });
    const s = (await app.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'mid' } })).body;
    const put = await app.api(`/api/sessions/${s.id}/diagram`, { method: 'PUT', token: s.token, body: { elements: rects(3_000) } });
    expect(put.status).toBe(422);
    expect(put.body.error.code).toBe('too_complex');
    const stored = await app.api(`/api/sessions/${s.id}/diagram`, { token: s.token });
    expect(stored.body.elements).toEqual([]);
  });

  it('[SAFE19] the pool replaces a worker ended for its budget, and the same call within budget gives the pure function\'s answer', async () => {
    const bank = loadProblemBank();
    const tight = new ComputePool({ bank, workers: 1, budgetMs: 1 });
    open.push(tight);
    await expect(tight.compute.describeDiagram(rects(3_000))).rejects.toBeInstanceOf(ComputeBudgetError);
    const roomy = new ComputePool({ bank, workers: 1, budgetMs: 120_000 });
    open.push(roomy);
    const { describeDiagram } = await import('../../server/domain/diagram-text.js');
    expect(await roomy.compute.describeDiagram(rects(50))).toEqual(describeDiagram(rects(50)));
    // The tight pool still answers (a fresh worker): a refusal, not a hang.
    await expect(tight.compute.describeDiagram(rects(3_000))).rejects.toBeInstanceOf(ComputeBudgetError);
  });
});
