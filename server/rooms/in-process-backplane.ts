// The single-process backplane (embedded PGlite): this process is the only writer of its rooms, so
// seqs come from memory and scenes are written debounced [ROOM14]: every room's pending elements
// at most every 500 ms, all rooms in one transaction (PGlite runs on this thread: a write per room
// per flush would cost more than the fan-out itself). Seqs are reserved in blocks on the room row
// first, so a process that crashed before a flush never has its seqs reused; the seqs it handed
// out and never stored are reported by `attach` as unknown, so a peer that saw one of them gets
// the full scene. A chat message stores the room's pending scene first: the room row's seq then
// always means "everything up to here is stored".
import type { Attached, Backplane, BackplaneListener } from './backplane.js';
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
  flushMs?: number;
  log?: (msg: string, err?: unknown) => void;
}

export class InProcessBackplane implements Backplane {
  readonly kind = 'in-process' as const;
  readonly nodeId = 'local';
  readonly shared = false;
  private readonly counters = new Map<string, Counter>();
  private dirty = new Map<string, Dirty>();
  private timer: NodeJS.Timeout | undefined;
  /** Writes never overlap, so a later flush always lands after an earlier one. */
  private writing: Promise<void> = Promise.resolve();
  private readonly flushMs: number;

  constructor(
    private readonly store: RoomStore,
    private readonly o: InProcessBackplaneOptions = {},
  ) {
    this.flushMs = o.flushMs ?? SCENE_FLUSH_MS;
  }

  async attach(roomId: string, _listener: BackplaneListener): Promise<Attached> {
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
    if (this.dirty.has(roomId)) await this.flush();
    else await this.writing;
  }

  async commitScene(roomId: string, batches: SceneBatch[]): Promise<number[]> {
    const seqs = await this.allocate(roomId, batches.length);
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
    if (this.dirty.has(roomId)) await this.flush();
    const [seq] = await this.allocate(roomId, 1);
    return this.store.appendChat(roomId, message, seq!);
  }

  publish(): void {
    // One process: the hub has already told every local peer.
  }

  /** Writes every room's pending elements in one transaction. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const next = this.writing.then(() => this.write());
    this.writing = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.flush();
  }

  private schedule(ms: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush().catch(() => undefined), ms);
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

  private async write(): Promise<void> {
    if (this.dirty.size === 0) return;
    const taken = this.dirty;
    this.dirty = new Map();
    try {
      await this.store.saveScenes([...taken].map(([roomId, d]) => ({ roomId, entries: [...d.entries.values()], lastSeq: d.lastSeq })));
    } catch (err) {
      this.o.log?.('rooms: scene flush failed; retrying', err);
      // Put back what no newer change replaced, and try again later.
      for (const [roomId, d] of taken) {
        let again = this.dirty.get(roomId);
        if (!again) this.dirty.set(roomId, (again = { entries: new Map(), lastSeq: 0 }));
        for (const [id, e] of d.entries) if (!again.entries.has(id)) again.entries.set(id, e);
        again.lastSeq = Math.max(again.lastSeq, d.lastSeq);
      }
      this.schedule(this.flushMs * 4);
      throw err;
    }
  }
}
