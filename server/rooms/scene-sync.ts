// The room's merged scene and its log of seqs. A peer's changed elements merge at once
// (domain/scene-merge.ts); the next flush stores them (one seq per batch), forwards them in seq
// order and acknowledges the sender; changes other nodes stored are read back by `catchUp`.
// Every accepted element version enters the scene through `applyAccepted`.
import { ROOM_ERROR_CODES, ROOM_LIMITS, type RoomElement } from '../protocol/rooms.js';
import { type Attached, dbReason, isDataError, retryDelay, SAVE_RETRY } from './backplane.js';
import { orderedElements, reconcile } from '../domain/scene-merge.js';
import type { LocalPeer } from './peer.js';
import type { RoomHost } from './room-context.js';
import type { ChatRow, StoredElement } from './store.js';

/** Merged here, not stored yet: a resume from any seq includes it. */
export const PENDING = Number.POSITIVE_INFINITY;

/** Where an accepted element version came from. */
export type SceneOrigin =
  /** A local peer's frame: merged now, stored (and given its seq) by the next flush. */
  | { kind: 'peer'; peerId: string }
  /** Another node stored it; read back from the store by `catchUp`. */
  | { kind: 'node'; peerId: string }
  /** The stored scene, loaded when the room opens. */
  | { kind: 'store' };

interface Outgoing {
  from: LocalPeer;
  elements: Map<string, RoomElement>;
  /** Ids the sender sent that lost to the room's version. */
  rejected: Set<string>;
}

/** What a joining peer is sent of the scene: all of it, or what changed after `since`. */
export interface SceneResume {
  full: boolean;
  since: number;
  /** Chat up to this seq belongs in the snapshot. */
  upTo: number;
}

type Unstored = Array<{ id: string; from: string; el: unknown }>;

export class SceneSync {
  private readonly elements = new Map<string, RoomElement>();
  private readonly seqOf = new Map<string, number>();
  private delivered = 0;
  /** [ROOM5] Seqs a crashed process handed out and never stored: a resume from one gets the full scene. */
  private unknown: Attached['unknown'];
  private outbox: Outgoing[] = [];
  private flushQueued = false;
  /** [SAFE5] Failed attempts at storing the current outbox. */
  private saveAttempts = 0;

  constructor(private readonly room: RoomHost) {}

  /**
   * The one place an accepted element version is applied to the room's scene: a peer's change
   * (seq PENDING until the flush stores it), another node's stored change, or the stored scene on
   * open. Whatever must follow every accepted change (a whiteboard-replay recorder) hooks here.
   */
  private applyAccepted(elements: readonly RoomElement[], seq: number, origin: SceneOrigin): void {
    for (const el of elements) {
      this.elements.set(el.id, el);
      this.seqOf.set(el.id, seq);
    }
    // [RPL10] The node a peer is on records its change (once, whichever nodes apply it).
    if (origin.kind === 'peer' && elements.length) this.room.ctx.board?.changed(this.room.id, () => [...this.elements.values()]);
  }

  /** Where the room's log stands and the stored scene, as the backplane and store give them. */
  load(attached: Attached, stored: StoredElement[]): void {
    this.delivered = attached.seq;
    this.unknown = attached.unknown;
    for (const s of stored) this.applyAccepted([s.el], s.seq, { kind: 'store' });
  }

  get seq(): number {
    return this.delivered;
  }

  get hasPending(): boolean {
    return this.outbox.length > 0;
  }

  elementCount(): number {
    let n = 0;
    for (const el of this.elements.values()) if (!el.isDeleted) n++;
    return n;
  }

  /**
   * [ROOM4][ROOM5] What a peer joining with `lastSeq` gets: the full scene, or only what changed
   * since. A lastSeq this room never reached, or one whose changes a crash lost, gets the full
   * scene: the client reconciles and sends again what the room lacks.
   */
  async resume(lastSeq: number | undefined): Promise<SceneResume> {
    const { store, backplane } = this.room.ctx;
    if (lastSeq !== undefined && lastSeq > this.delivered && backplane.shared) {
      // A peer coming from another node may have seen seqs this node has not read yet.
      const row = await store.get(this.room.id);
      if (row && row.seq >= lastSeq) await this.catchUp(row.seq);
    }
    const full = lastSeq === undefined || lastSeq > this.delivered || this.lost(lastSeq);
    return { full, since: full ? 0 : lastSeq, upTo: this.delivered };
  }

  /** The elements a resume sends, in scene order. */
  snapshotElements(r: SceneResume): RoomElement[] {
    const all = [...this.elements.values()];
    return orderedElements(r.full ? all : all.filter((e) => this.seqOf.get(e.id)! > r.since));
  }

  private lost(lastSeq: number): boolean {
    return this.unknown !== undefined && lastSeq > this.unknown.after && lastSeq <= this.unknown.upTo;
  }

  /**
   * [ROOM2][ROOM3] Merges a peer's changed elements now; what changed is stored and forwarded to
   * the other peers by the next flush, and the sender gets an ack with the seq.
   */
  receive(peer: LocalPeer, incoming: RoomElement[]): void {
    let fresh = 0;
    const seen = new Set<string>();
    for (const el of incoming) {
      if (!this.elements.has(el.id) && !seen.has(el.id)) fresh++;
      seen.add(el.id);
    }
    if (fresh > 0 && this.elements.size + fresh > ROOM_LIMITS.roomElements) {
      this.room.error(peer, ROOM_ERROR_CODES.tooManyElements, `the room holds ${this.elements.size} elements and this frame adds ${fresh}; the limit is ${ROOM_LIMITS.roomElements}`);
      return;
    }
    const { accepted, rejected } = reconcile(this.elements, incoming);
    this.applyAccepted(accepted, PENDING, { kind: 'peer', peerId: peer.info.peerId });
    let out = this.outbox[this.outbox.length - 1];
    if (!out || out.from !== peer) this.outbox.push((out = { from: peer, elements: new Map(), rejected: new Set() }));
    for (const el of accepted) {
      out.elements.set(el.id, el);
      out.rejected.delete(el.id);
    }
    for (const el of rejected) out.rejected.add(el.id);
    this.scheduleFlush();
  }

  private scheduleFlush(delayMs = 0): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    const run = () =>
      this.room.background(() => {
        this.flushQueued = false;
        return this.flush();
      });
    if (delayMs) setTimeout(run, delayMs).unref();
    else run();
  }

  /** Stores the merged batches (one seq each), then forwards them in seq order. */
  async flush(): Promise<void> {
    const out = this.outbox;
    this.outbox = [];
    if (out.length === 0) return;
    const { backplane, log } = this.room.ctx;
    const batches = out.filter((b) => b.elements.size > 0);
    let seqs: number[] = [];
    if (batches.length) {
      try {
        seqs = await backplane.commitScene(
          this.room.id,
          batches.map((b) => ({ from: b.from.info.peerId, elements: [...b.elements.values()] })),
        );
      } catch (err) {
        // [SAFE5] Retried with backoff a few times; a data error can never succeed and is not.
        const retry = this.room.ctx.retry ?? SAVE_RETRY;
        const reason = dbReason(err);
        this.saveAttempts++;
        if (!isDataError(err) && this.saveAttempts < retry.attempts) {
          log(`room ${this.room.id}: storing the scene failed (attempt ${this.saveAttempts} of ${retry.attempts}); retrying (${reason})`);
          this.outbox = [...out, ...this.outbox];
          this.scheduleFlush(retryDelay(retry, this.saveAttempts));
          return;
        }
        log(`room ${this.room.id}: storing the scene failed ${this.saveAttempts} time(s); given up (${reason})`);
        this.saveAttempts = 0;
        this.dropUnstored(
          batches.flatMap((b) => [...b.elements.values()].map((el) => ({ id: el.id, from: b.from.info.peerId, el }))),
          isDataError(err) ? ROOM_ERROR_CODES.elementRefused : ROOM_ERROR_CODES.saveFailed,
          reason,
        );
        return;
      }
      this.saveAttempts = 0;
      if (backplane.shared && seqs[0]! > this.delivered + 1) await this.catchUp(seqs[0]! - 1);
    }
    let i = 0;
    for (const b of out) {
      let seq = this.delivered;
      if (b.elements.size) {
        seq = seqs[i++]!;
        const changed: RoomElement[] = [];
        for (const el of b.elements.values()) {
          // A newer version that arrived meanwhile (from another node) has already gone out.
          if (this.elements.get(el.id) !== el) continue;
          this.seqOf.set(el.id, seq);
          changed.push(el);
        }
        this.delivered = Math.max(this.delivered, seq);
        if (changed.length) this.room.broadcast({ type: 'scene', seq, elements: changed, from: b.from.info.peerId }, b.from);
      }
      const winners = [...b.rejected].map((id) => this.elements.get(id)!).filter(Boolean);
      this.room.send(b.from, { type: 'ack', of: 'scene', seq, ...(winners.length ? { elements: winners } : {}) });
    }
  }

  /** [ROOM21] Reads what other nodes stored after `delivered` (up to `upTo`) and forwards it. */
  async catchUp(upTo: number): Promise<void> {
    if (upTo <= this.delivered) return;
    const { elements, chat } = await this.room.ctx.store.changesSince(this.room.id, this.delivered, upTo);
    const bySeq = new Map<number, { scene: StoredElement[]; chat: ChatRow[] }>();
    const at = (seq: number) => {
      let g = bySeq.get(seq);
      if (!g) bySeq.set(seq, (g = { scene: [], chat: [] }));
      return g;
    };
    for (const e of elements) at(e.seq).scene.push(e);
    for (const c of chat) at(c.seq).chat.push(c);
    for (const seq of [...bySeq.keys()].sort((a, b) => a - b)) {
      const g = bySeq.get(seq)!;
      if (g.scene.length) {
        const from = g.scene[0]!.from;
        const { accepted } = reconcile(this.elements, g.scene.map((s) => s.el));
        this.applyAccepted(accepted, seq, { kind: 'node', peerId: from });
        if (accepted.length) this.room.broadcast({ type: 'scene', seq, elements: accepted, from });
      }
      for (const c of g.chat) this.room.deliverChat(c);
    }
    this.delivered = Math.max(this.delivered, upTo);
  }

  /** A chat message got `seq`: what other nodes stored before it goes out first. */
  async reach(seq: number): Promise<void> {
    if (this.room.ctx.backplane.shared && seq > this.delivered + 1) await this.catchUp(seq - 1);
    this.delivered = Math.max(this.delivered, seq);
  }

  /**
   * [SAFE4][SAFE5] Elements that could not be stored: their senders get an error frame naming
   * them, and the room forgets them (unless a newer version replaced them meanwhile), so nobody
   * joining later is shown what a restart would lose.
   */
  dropUnstored(elements: Unstored, code: string, reason: string): void {
    const bySender = new Map<string, string[]>();
    for (const e of elements) {
      if (this.elements.get(e.id) === e.el) {
        this.elements.delete(e.id);
        this.seqOf.delete(e.id);
      }
      const ids = bySender.get(e.from);
      if (ids) ids.push(e.id);
      else bySender.set(e.from, [e.id]);
    }
    for (const [peerId, ids] of bySender) {
      const peer = this.room.peers.get(peerId);
      if (!peer) continue;
      const what = code === ROOM_ERROR_CODES.elementRefused ? 'could not be stored and were dropped' : 'were not stored (the database failed); draw them again';
      this.room.error(peer, code, `${ids.length} element(s) ${what}: ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', …' : ''} (${reason})`);
    }
  }
}
