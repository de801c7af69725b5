// The server's side of the database worker (pglite-worker.mjs): an object with the two calls
// drizzle's PGlite driver makes (`query`, `transaction`), each one a message to the worker. The
// server's thread only sends and receives; PGlite's work happens on the worker's thread.
// A worker that dies fails every query in flight and every later one with DatabaseWorkerError
// (nothing is silently dropped: the caller sees the error and no acknowledgement goes out).
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../workers/spawn.js';
import type { FromWorker, ToWorker, WireError, WireResult, WireStatement } from './pglite-wire.js';

/** The database worker is gone (crashed, or closed): no query can run any more. */
export class DatabaseWorkerError extends Error {
  override readonly name = 'DatabaseWorkerError';
}

type QueryOptions = { rowMode?: 'array' | 'object' };

interface Queryable {
  query(sql: string, params?: unknown[], options?: QueryOptions): Promise<WireResult>;
}

function fromWire(e: WireError): Error {
  const err = new Error(e.message);
  err.name = 'DatabaseError';
  return Object.assign(err, e);
}

export interface RemotePgliteOptions {
  dataDir?: string;
  migrationsFolder: string;
  /** Told once when the worker stops without being closed. */
  onCrash?: (err: Error) => void;
}

export class RemotePglite implements Queryable {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (m: FromWorker) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private dead: Error | undefined;
  private closing = false;
  readonly ready: Promise<void>;

  constructor(private readonly o: RemotePgliteOptions) {
    this.worker = spawnWorker(new URL('./pglite-worker.mjs', import.meta.url), { dataDir: o.dataDir, migrationsFolder: o.migrationsFolder }, 'pglite');
    this.ready = new Promise<void>((resolve, reject) => {
      this.worker.on('message', (m: FromWorker) => {
        if ('ready' in m) return resolve();
        if ('failed' in m) {
          const err = new DatabaseWorkerError(`the database did not open: ${m.failed.message}`);
          this.stop(err);
          return reject(err);
        }
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if ('error' in m) p.reject(fromWire(m.error));
        else p.resolve(m);
      });
      this.worker.on('error', (err) => {
        const e = new DatabaseWorkerError(`the database worker crashed: ${err.message}`);
        reject(e);
        this.stop(e);
      });
      this.worker.on('exit', (code) => {
        const e = new DatabaseWorkerError(this.closing ? 'the database is closed' : `the database worker exited (code ${code})`);
        reject(e);
        this.stop(e);
      });
    });
  }

  /** The worker's thread id (tests stop it to check a crash is reported). */
  get threadId(): number {
    return this.worker.threadId;
  }

  query(sql: string, params: unknown[] = [], options: QueryOptions = {}): Promise<WireResult> {
    return this.request({ op: 'query', sql, params, rowMode: options.rowMode ?? 'object' }).then((m) => (m as { result: WireResult }).result);
  }

  /** Runs `fn` inside one transaction in the worker: commits when it resolves, rolls back when it throws. */
  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const begun = (await this.request({ op: 'begin' })) as { tx: number };
    const txId = begun.tx;
    const tx: Queryable = {
      query: (sql, params = [], options = {}) =>
        this.request({ op: 'query', sql, params, rowMode: options.rowMode ?? 'object', tx: txId }).then((m) => (m as { result: WireResult }).result),
    };
    let result: T;
    try {
      result = await fn(tx);
    } catch (err) {
      await this.request({ op: 'end', tx: txId, commit: false }).catch(() => undefined);
      throw err;
    }
    await this.request({ op: 'end', tx: txId, commit: true });
    return result;
  }

  /**
   * Runs every group of statements in one transaction in the worker, each group under its own
   * savepoint: per group, undefined (committed) or the error that rolled that group back.
   */
  async batch(groups: WireStatement[][]): Promise<Array<Error | undefined>> {
    const m = (await this.request({ op: 'batch', groups })) as { result: WireResult };
    return (m.result.rows as Array<WireError | null>).map((e) => (e ? fromWire(e) : undefined));
  }

  /** Waits for the queries in flight, closes PGlite (its files flushed) and ends the worker. */
  async close(): Promise<void> {
    if (this.dead) return;
    try {
      await this.request({ op: 'close' });
    } finally {
      this.closing = true;
      await this.worker.terminate();
    }
  }

  /** Ends the worker without closing PGlite, as a crash would (tests). */
  async kill(): Promise<void> {
    await this.worker.terminate();
  }

  private request(m: DistributiveOmit<ToWorker, 'id'>): Promise<FromWorker> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<FromWorker>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...m, id } as ToWorker);
    });
  }

  private stop(err: Error): void {
    if (this.dead) return;
    this.dead = err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    if (!this.closing) this.o.onCrash?.(err);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
