// The single-process backplane (embedded PGlite): this process is the only writer of its rooms, so
// seqs come from memory. [ROOM14] A scene batch is written (committed by the database worker)
// before `commitScene` resolves, so an acknowledged edit survives a crash; with `flushMs` set the
// older debounced mode writes every room's pending elements at most every `flushMs` instead.
// [SAFE4] Each room is written in its own transaction, so one room's failure
// never holds back another's; an element the database refuses is dropped (its sender is told) and
// the rest of the room is stored; [SAFE5] any other failure is retried with backoff, a few times,
// then given up and reported. Seqs are reserved in blocks on the room row
// first, so a process that crashed before a flush never has its seqs reused; the seqs it handed
// out and never stored are reported by `attach` as unknown, so a peer that saw one of them gets
// the full scene. A chat message stores the room's pending scene first: the room row's seq then
// always means "everything up to here is stored".
import { type Attached, type Backplane, type BackplaneListener, dbReason, isDataError, retryDelay, SAVE_RETRY, type SaveRetry } from './backplane.js';
import type { ChatRow, NewChat, RoomStore, SceneBatch, StoredElement } from './store.js';

export const SCENE_FLUSH_MS = 500;
export const SEQ_RESERVE_BLOCK = 10_000;

interface Counter {
  last: number;
  upTo: number;
  /** Seqs a previous process reserved and did not store (crash), when there are any. */
  unknown?: { after: number; upTo: number };
}

interface Dirty {
  entries: Map<string, StoredElement>;
  lastSeq: number;
}

export interface InProcessBackplaneOptions {
  /** Debounced mode: scenes written at most every `flushMs`, after the ack. Absent: written before the ack. */
  flushMs?: number;
  log?: (msg: string, err?: unknown) => void;
  /** [SAFE5] Backoff of a failed room save (tests shorten it). */
  retry?: SaveRetry;
}

interface Failing {
  attempts: number;
  /** A scheduled write skips the room until then (an explicit flush does not). */
  notBefore: number;
}

export class InProcessBackplane implements Backplane {
  readonly kind = 'in-process' as const;
  readonly nodeId = 'local';
  readonly shared = false;
  private readonly counters = new Map<string, Counter>();
  private readonly listeners = new Map<string, BackplaneListener>();
  private readonly failing = new Map<string, Failing>();
  private dirty = new Map<string, Dirty>();
  private timer: NodeJS.Timeout | undefined;
  private timerDue = 0;
  /** Writes never overlap, so a later flush always lands after an earlier one. */
  private writing: Promise<void> = Promise.resolve();
  private readonly flushMs: number;
  /** Write-through batches waiting for the next group write. */
  private queued: Array<{ roomId: string; d: Dirty; resolve: () => void; reject: (err: unknown) => void }> = [];
  /** The group write under way (detach and close wait for it). */
  private groupWrite: Promise<void> | undefined;
  /** [ROOM14] Scenes are stored before commitScene resolves. */
  private readonly writeThrough: boolean;

  constructor(
    private readonly store: RoomStore,
    private readonly o: InProcessBackplaneOptions = {},
  ) {
    this.flushMs = o.flushMs ?? SCENE_FLUSH_MS;
    this.writeThrough = o.flushMs === undefined;
  }

  async attach(roomId: string, listener: BackplaneListener): Promise<Attached> {
    this.listeners.set(roomId, listener);
    let c = this.counters.get(roomId);
    if (!c) {
      // The first open in this process: what lies between the stored seq and the old reservation
      // was handed out (or not) by a process that is gone, and is not stored.
      const r = await this.store.reserveSeqs(roomId, SEQ_RESERVE_BLOCK);
      c = { last: r.after, upTo: r.upTo, ...(r.after > r.stored ? { unknown: { after: r.stored, upTo: r.after } } : {}) };
      this.counters.set(roomId, c);
    }
    return { seq: c.last, ...(c.unknown ? { unknown: c.unknown } : {}) };
  }

  /** The last peer left: store now rather than at the next tick. */
  async detach(roomId: string): Promise<void> {
    try {
      if (this.dirty.has(roomId)) await this.flush(roomId);
      else await this.writing;
      while (this.groupWrite) await this.groupWrite;
    } finally {
      this.listeners.delete(roomId);
    }
  }

  async commitScene(roomId: string, batches: SceneBatch[]): Promise<number[]> {
    const seqs = await this.allocate(roomId, batches.length);
    if (this.writeThrough) {
      // [ROOM14] Stored before the ack; a failure rejects and the room retries or reports (SAFE5).
      const d: Dirty = { entries: new Map(), lastSeq: seqs[seqs.length - 1] ?? 0 };
      batches.forEach((b, i) => {
        for (const el of b.elements) d.entries.set(el.id, { el, seq: seqs[i]!, from: b.from });
      });
      // Group commit: every room's batch waiting when a write starts goes in that one write, each
      // room under its own savepoint (SAFE4); a room whose data is refused takes the slow path.
      await new Promise<void>((resolve, reject) => {
        this.queued.push({ roomId, d, resolve, reject });
        this.startGroupWrite();
      });
      return seqs;
    }
    let d = this.dirty.get(roomId);
    if (!d) this.dirty.set(roomId, (d = { entries: new Map(), lastSeq: 0 }));
    batches.forEach((b, i) => {
      for (const el of b.elements) d!.entries.set(el.id, { el, seq: seqs[i]!, from: b.from });
    });
    d.lastSeq = Math.max(d.lastSeq, seqs[seqs.length - 1] ?? 0);
    this.schedule(this.flushMs);
    return seqs;
  }

  async commitChat(roomId: string, message: NewChat): Promise<{ message: ChatRow; duplicate: boolean }> {
    // The chat row raises the room's stored seq: the scene seqs below it must be stored first.
    if (this.dirty.has(roomId)) await this.flush(roomId);
    const [seq] = await this.allocate(roomId, 1);
    return this.store.appendChat(roomId, message, seq!);
  }

  publish(): void {
    // One process: the hub has already told every local peer.
  }

  /** Writes the pending elements of every room (or of one), each room in its own transaction. */
  flush(roomId?: string): Promise<void> {
    if (!roomId && this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const next = this.writing.then(() => this.write(false, roomId));
    this.writing = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.flush();
    while (this.groupWrite) await this.groupWrite;
  }

  /** [ROOM14][SAFE20] Writes the queued batches of every room, one group write at a time. */
  private startGroupWrite(): void {
    if (this.groupWrite) return;
    this.groupWrite = (async () => {
      while (this.queued.length) {
        const batch = this.queued;
        this.queued = [];
        let outcome: Array<Error | undefined>;
        try {
          outcome = await this.store.saveScenesEach(batch.map((b) => ({ roomId: b.roomId, entries: [...b.d.entries.values()], lastSeq: b.d.lastSeq })));
        } catch (err) {
          for (const b of batch) b.reject(err);
          continue;
        }
        await Promise.all(
          batch.map(async (b, i) => {
            const err = outcome[i];
            if (!err) return b.resolve();
            if (!isDataError(err)) return b.reject(err);
            // [SAFE4] The data is at fault: element by element, the refused ones dropped and reported.
            await this.writeRoom(b.roomId, b.d).then(b.resolve, b.reject);
          }),
        );
      }
    })().finally(() => {
      this.groupWrite = undefined;
    });
  }

  private schedule(ms: number): void {
    const due = Date.now() + ms;
    if (this.timer && this.timerDue <= due) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const next = this.writing.then(() => this.write(true));
      this.writing = next.catch(() => undefined);
    }, ms);
    this.timer.unref();
  }

  private async allocate(roomId: string, n: number): Promise<number[]> {
    const c = this.counters.get(roomId);
    if (!c) throw new Error(`room ${roomId} is not attached`);
    if (c.last + n > c.upTo) {
      const r = await this.store.reserveSeqs(roomId, Math.max(SEQ_RESERVE_BLOCK, n));
      c.upTo = r.upTo;
    }
    const seqs: number[] = [];
    for (let i = 0; i < n; i++) seqs.push(++c.last);
    return seqs;
  }

  /**
   * Writes the pending elements, one transaction per room. A scheduled write skips rooms waiting
   * out a backoff; an explicit flush (chat, detach, shutdown) tries them all and fails when one did.
   */
  private async write(scheduled = false, only?: string): Promise<void> {
    if (this.dirty.size === 0) return;
    const now = Date.now();
    const taken = new Map<string, Dirty>();
    for (const [roomId, d] of this.dirty) {
      if (only !== undefined && roomId !== only) continue;
      const f = this.failing.get(roomId);
      if (scheduled && f && f.notBefore > now) continue;
      taken.set(roomId, d);
    }
    for (const roomId of taken.keys()) this.dirty.delete(roomId);
    let failure: unknown;
    for (const [roomId, d] of taken) {
      try {
        await this.writeRoom(roomId, d);
        this.failing.delete(roomId);
      } catch (err) {
        failure ??= err;
        this.failed(roomId, d, err);
      }
    }
    if (this.dirty.size) this.schedule(this.nextRetryIn());
    if (failure) throw failure;
  }

  private async writeRoom(roomId: string, d: Dirty): Promise<void> {
    const entries = [...d.entries.values()];
    try {
      await this.store.saveScenes([{ roomId, entries, lastSeq: d.lastSeq }]);
      return;
    } catch (err) {
      if (!isDataError(err)) throw err;
    }
    // [SAFE4] The data is at fault: store element by element, drop (and report) what is refused.
    const refused: Array<{ id: string; from: string; el: unknown }> = [];
    let reason = '';
    for (const e of entries) {
      try {
        await this.store.saveScenes([{ roomId, entries: [e], lastSeq: 0 }]);
      } catch (err) {
        if (!isDataError(err)) throw err;
        reason ||= dbReason(err);
        refused.push({ id: e.el.id, from: e.from, el: e.el });
      }
    }
    await this.store.saveScenes([{ roomId, entries: [], lastSeq: d.lastSeq }]);
    if (refused.length) {
      this.o.log?.(`room ${roomId}: ${refused.length} element(s) could not be stored and were dropped (${reason})`);
      this.listeners.get(roomId)?.refused?.(refused, reason);
    }
  }

  /** [SAFE5] Puts back what no newer change replaced and retries later, or gives up after the last attempt. */
  private failed(roomId: string, d: Dirty, err: unknown): void {
    const retry = this.o.retry ?? SAVE_RETRY;
    const f = this.failing.get(roomId) ?? { attempts: 0, notBefore: 0 };
    f.attempts++;
    const reason = dbReason(err);
    let again = this.dirty.get(roomId);
    if (f.attempts >= retry.attempts) {
      this.failing.delete(roomId);
      const lost = [...d.entries.values()].filter((e) => !again?.entries.has(e.el.id));
      this.o.log?.(`room ${roomId}: storing ${lost.length} element(s) failed ${f.attempts} times; given up (${reason})`);
      this.listeners.get(roomId)?.saveFailed?.(
        lost.map((e) => ({ id: e.el.id, from: e.from, el: e.el })),
        reason,
      );
      return;
    }
    f.notBefore = Date.now() + retryDelay(retry, f.attempts);
    this.failing.set(roomId, f);
    this.o.log?.(`room ${roomId}: storing the scene failed (attempt ${f.attempts} of ${retry.attempts}); retrying (${reason})`);
    if (!again) this.dirty.set(roomId, (again = { entries: new Map(), lastSeq: 0 }));
    for (const [id, e] of d.entries) if (!again.entries.has(id)) again.entries.set(id, e);
    again.lastSeq = Math.max(again.lastSeq, d.lastSeq);
  }

  private nextRetryIn(): number {
    const now = Date.now();
    let soonest = Number.POSITIVE_INFINITY;
    for (const roomId of this.dirty.keys()) {
      const f = this.failing.get(roomId);
      soonest = Math.min(soonest, f ? Math.max(1, f.notBefore - now) : this.flushMs);
    }
    return soonest;
  }
}
