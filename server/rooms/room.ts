// One live room on this node: its merged scene, its local peers and what other nodes told about
// theirs. Scene frames merge at once (domain/scene-merge.ts); storing them, chat, catching up with other nodes
// and joins run one at a time in `chain`, so every peer sees durable frames in seq order.
// Rule ids refer to server/rooms/SPEC.md.
import { performance } from 'node:perf_hooks';
import type { WallClock } from '../app/session-service.js';
import { Level, type LoadedProblem, type Pivot } from '../domain/problem.js';
import {
  type ChatMessage,
  type PeerInfo,
  ROOM_CLOSE_CODES,
  ROOM_ERROR_CODES,
  ROOM_LIMITS,
  ROOM_PROTOCOL_VERSION,
  type RoomElement,
  type RoomMode,
  type RoomServerFrame,
  isInterviewerOnly,
} from '../protocol/rooms.js';
import { type Backplane, type BackplaneListener, dbReason, isDataError, retryDelay, SAVE_RETRY, type SaveRetry, type VolatileMessage } from './backplane.js';
import { buildKit, type KitDimension, pivotCards } from './kit.js';
import { orderedElements, reconcile } from '../domain/scene-merge.js';
import { roomClock } from './room-clock.js';
import type { ChatRow, RoomRow, RoomStore, StoredElement } from './store.js';

/** What the room needs of a socket: the ws adapter and the tests' fakes implement it. */
export interface PeerConnection {
  /** Bytes queued on the socket and not yet written. */
  readonly bufferedAmount: number;
  send(data: string): void;
  close(code: number, reason: string): void;
}

export interface LocalPeer {
  readonly info: PeerInfo;
  readonly conn: PeerConnection;
  gone: boolean;
  lastPointerAt: number;
  pendingPointer?: PointerFrame;
  pointerTimer?: NodeJS.Timeout;
}

type PointerFrame = Extract<RoomServerFrame, { type: 'pointer' }>;

export interface InterviewContext {
  problem: LoadedProblem;
  genericPivots: readonly Pivot[];
  dimensions: readonly KitDimension[];
}

export interface RoomContext {
  store: RoomStore;
  backplane: Backplane;
  /** Wall time for the interview clock and chat times (tests move it by hand). */
  clock: WallClock;
  interview?: InterviewContext;
  log: (msg: string, err?: unknown) => void;
  /** [RIV7] The interviewer ended the interview on this node (the report can be built now). */
  onEnded?: (roomId: string) => void;
  /** [SAFE5] Backoff of a failed scene store (tests shorten it). */
  retry?: SaveRetry;
}

/** [ROOM11] Pointer frames per peer are at least this far apart. */
export const POINTER_INTERVAL_MS = 1000 / ROOM_LIMITS.pointerHz;
/** [ROOM23] Nodes re-announce their peers this often; silent nodes' peers expire after 3 periods. */
export const PRESENCE_HEARTBEAT_MS = 10_000;
const PRESENCE_TTL_MS = 3 * PRESENCE_HEARTBEAT_MS;
/** Merged here, not stored yet: a resume from any seq includes it. */
const PENDING = Number.POSITIVE_INFINITY;

interface Outgoing {
  from: LocalPeer;
  elements: Map<string, RoomElement>;
  /** Ids the sender sent that lost to the room's version. */
  rejected: Set<string>;
}

export class Room {
  readonly id: string;
  readonly mode: RoomMode;
  readonly stats = { pointersRelayed: 0, pointersDropped: 0, pointersSkipped: 0 };
  private readonly elements = new Map<string, RoomElement>();
  private readonly seqOf = new Map<string, number>();
  private delivered = 0;
  /** [ROOM5] Seqs a crashed process handed out and never stored: a resume from one gets the full scene. */
  private unknown: { after: number; upTo: number } | undefined;
  private readonly peers = new Map<string, LocalPeer>();
  private readonly remote = new Map<string, { peers: PeerInfo[]; at: number }>();
  private outbox: Outgoing[] = [];
  private flushQueued = false;
  /** [SAFE5] Failed attempts at storing the current outbox. */
  private saveAttempts = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private startedAt: number | undefined;
  private endedAt: number | undefined;
  private clockEndedSent = false;
  private lastHeartbeat = 0;
  private readonly deliveredPivots = new Set<string>();

  constructor(
    readonly row: RoomRow,
    private readonly ctx: RoomContext,
  ) {
    this.id = row.id;
    this.mode = row.mode === 'interview' ? 'interview' : 'whiteboard';
    this.startedAt = row.startedAt?.getTime();
    this.endedAt = row.endedAt?.getTime();
    this.clockEndedSent = this.endedAt !== undefined;
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  /** Follows the room on the backplane, then loads what is stored. */
  open(): Promise<void> {
    const opening = this.load();
    this.chain = opening.catch(() => undefined);
    return opening;
  }

  private async load(): Promise<void> {
    const { store, backplane } = this.ctx;
    const attached = await backplane.attach(this.id, this.listener);
    this.delivered = attached.seq;
    this.unknown = attached.unknown;
    for (const s of await store.scene(this.id)) this.setElement(s.el, s.seq);
    if (this.mode === 'interview') {
      for (const c of await store.allChat(this.id)) if (c.kind === 'pivot' && c.pivotId) this.deliveredPivots.add(c.pivotId);
    }
    if (backplane.shared) backplane.publish(this.id, { kind: 'hello' });
  }

  /** Waits for queued work, stores what is pending and stops following the room. */
  async close(): Promise<void> {
    for (const p of this.peers.values()) this.forget(p);
    this.peers.clear();
    await this.chain;
    if (this.outbox.length) await this.flush();
    if (this.ctx.backplane.shared) this.ctx.backplane.publish(this.id, { kind: 'presence', peers: [] });
    await this.ctx.backplane.detach(this.id);
  }

  /** Closes every local peer's connection (shutdown); `close` follows. */
  disconnectAll(code: number, reason: string): void {
    for (const p of this.peers.values()) {
      this.forget(p);
      p.conn.close(code, reason);
    }
    this.peers.clear();
  }

  /** [SAFE17] Closes the local connections of one role (its token was revoked). */
  disconnectRole(role: PeerInfo['role'], code: number, reason: string): void {
    for (const p of [...this.peers.values()]) {
      if (p.info.role !== role) continue;
      p.conn.close(code, reason);
    }
  }

  get isEmpty(): boolean {
    return this.peers.size === 0;
  }

  get seq(): number {
    return this.delivered;
  }

  /** Everyone in the room, on this node and the others. */
  peerList(): PeerInfo[] {
    const list = [...this.peers.values()].map((p) => p.info);
    for (const r of this.remote.values()) list.push(...r.peers);
    return list;
  }

  elementCount(): number {
    let n = 0;
    for (const el of this.elements.values()) if (!el.isDeleted) n++;
    return n;
  }

  /** The local peer with this id (tests reach the room past the socket's checks through it). */
  localPeer(peerId: string): LocalPeer | undefined {
    return this.peers.get(peerId);
  }

  /** Interview time, phases and status of the room clock. */
  clock() {
    const r = this.row;
    return roomClock(r.durationMinutes ?? 45, this.startedAt, r.clockSpeed, this.ctx.clock.now(), this.endedAt);
  }

  // ---- peers -----------------------------------------------------------------------------------

  /**
   * [ROOM4][ROOM5] Adds a peer and sends it one snapshot: the whole merged scene, or after a
   * `lastSeq` only what changed since. [LIM3] Refuses a peer over the room's limit.
   */
  join(conn: PeerConnection, info: PeerInfo, lastSeq?: number): Promise<LocalPeer | undefined> {
    return this.enqueue(async () => {
      if (this.peerList().length >= ROOM_LIMITS.peersPerRoom) {
        const message = `the room is full: at most ${ROOM_LIMITS.peersPerRoom} peers`;
        conn.send(JSON.stringify({ type: 'error', code: ROOM_ERROR_CODES.roomFull, message } satisfies RoomServerFrame));
        conn.close(ROOM_CLOSE_CODES.policy, message);
        return undefined;
      }
      if (lastSeq !== undefined && lastSeq > this.delivered && this.ctx.backplane.shared) {
        // A peer coming from another node may have seen seqs this node has not read yet.
        const row = await this.ctx.store.get(this.id);
        if (row && row.seq >= lastSeq) await this.catchUp(row.seq);
      }
      // A lastSeq this room never reached, or one whose changes a crash lost, gets the full scene:
      // the client reconciles and sends again what the room lacks.
      const full = lastSeq === undefined || lastSeq > this.delivered || this.lost(lastSeq);
      const since = full ? 0 : lastSeq;
      const upTo = this.delivered;
      const chat = (await this.ctx.store.recentChat(this.id, ROOM_LIMITS.chatHistory, since)).filter((c) => c.seq <= upTo);
      const scorecard = info.role === 'interviewer' ? await this.ctx.store.scorecard(this.id) : [];

      // From here on nothing awaits: the peer is added and its snapshot sent in one step.
      const peer: LocalPeer = { info, conn, gone: false, lastPointerAt: Number.NEGATIVE_INFINITY };
      this.peers.set(info.peerId, peer);
      const elements = full ? orderedElements(this.elements.values()) : orderedElements([...this.elements.values()].filter((e) => this.seqOf.get(e.id)! > since));
      this.send(peer, {
        type: 'snapshot',
        protocol: ROOM_PROTOCOL_VERSION,
        seq: this.delivered,
        elements,
        peers: this.peerList(),
        full,
        chat: chat.map(chatMessage),
        you: info,
        mode: this.mode,
      });
      if (this.mode === 'interview') {
        this.send(peer, { type: 'clock', clock: this.clock() });
        if (info.role === 'interviewer' && this.ctx.interview) this.send(peer, { type: 'kit', kit: this.kit(), scorecard });
      }
      this.presenceChanged();
      return peer;
    });
  }

  private lost(lastSeq: number): boolean {
    return this.unknown !== undefined && lastSeq > this.unknown.after && lastSeq <= this.unknown.upTo;
  }

  /** [ROOM7] Removes a peer; everyone left sees the new presence list. */
  leave(peer: LocalPeer): void {
    if (!this.peers.has(peer.info.peerId)) return;
    this.forget(peer);
    this.peers.delete(peer.info.peerId);
    this.presenceChanged();
  }

  // ---- scene -----------------------------------------------------------------------------------

  /**
   * [ROOM2][ROOM3] Merges a peer's changed elements now; what changed is stored and forwarded to
   * the other peers by the next flush, and the sender gets an ack with the seq.
   */
  scene(peer: LocalPeer, incoming: RoomElement[]): void {
    let fresh = 0;
    const seen = new Set<string>();
    for (const el of incoming) {
      if (!this.elements.has(el.id) && !seen.has(el.id)) fresh++;
      seen.add(el.id);
    }
    if (fresh > 0 && this.elements.size + fresh > ROOM_LIMITS.roomElements) {
      this.error(peer, ROOM_ERROR_CODES.tooManyElements, `the room holds ${this.elements.size} elements and this frame adds ${fresh}; the limit is ${ROOM_LIMITS.roomElements}`);
      return;
    }
    const { accepted, rejected } = reconcile(this.elements, incoming);
    for (const el of accepted) this.setElement(el, PENDING);
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
      this.background(() => {
        this.flushQueued = false;
        return this.flush();
      });
    if (delayMs) setTimeout(run, delayMs).unref();
    else run();
  }

  /** Stores the merged batches (one seq each), then forwards them in seq order. */
  private async flush(): Promise<void> {
    const out = this.outbox;
    this.outbox = [];
    if (out.length === 0) return;
    const batches = out.filter((b) => b.elements.size > 0);
    let seqs: number[] = [];
    if (batches.length) {
      try {
        seqs = await this.ctx.backplane.commitScene(
          this.id,
          batches.map((b) => ({ from: b.from.info.peerId, elements: [...b.elements.values()] })),
        );
      } catch (err) {
        // [SAFE5] Retried with backoff a few times; a data error can never succeed and is not.
        const retry = this.ctx.retry ?? SAVE_RETRY;
        const reason = dbReason(err);
        this.saveAttempts++;
        if (!isDataError(err) && this.saveAttempts < retry.attempts) {
          this.ctx.log(`room ${this.id}: storing the scene failed (attempt ${this.saveAttempts} of ${retry.attempts}); retrying (${reason})`);
          this.outbox = [...out, ...this.outbox];
          this.scheduleFlush(retryDelay(retry, this.saveAttempts));
          return;
        }
        this.ctx.log(`room ${this.id}: storing the scene failed ${this.saveAttempts} time(s); given up (${reason})`);
        this.saveAttempts = 0;
        this.dropUnstored(
          batches.flatMap((b) => [...b.elements.values()].map((el) => ({ id: el.id, from: b.from.info.peerId, el }))),
          isDataError(err) ? ROOM_ERROR_CODES.elementRefused : ROOM_ERROR_CODES.saveFailed,
          reason,
        );
        return;
      }
      this.saveAttempts = 0;
      if (this.ctx.backplane.shared && seqs[0]! > this.delivered + 1) await this.catchUp(seqs[0]! - 1);
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
        if (changed.length) this.broadcast({ type: 'scene', seq, elements: changed, from: b.from.info.peerId }, b.from);
      }
      const winners = [...b.rejected].map((id) => this.elements.get(id)!).filter(Boolean);
      this.send(b.from, { type: 'ack', of: 'scene', seq, ...(winners.length ? { elements: winners } : {}) });
    }
  }

  /** [ROOM21] Reads what other nodes stored after `delivered` (up to `upTo`) and forwards it. */
  private async catchUp(upTo: number): Promise<void> {
    if (upTo <= this.delivered) return;
    const { elements, chat } = await this.ctx.store.changesSince(this.id, this.delivered, upTo);
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
        const { accepted } = reconcile(this.elements, g.scene.map((s) => s.el));
        for (const el of accepted) this.setElement(el, seq);
        if (accepted.length) this.broadcast({ type: 'scene', seq, elements: accepted, from: g.scene[0]!.from });
      }
      for (const c of g.chat) this.deliverChat(c);
    }
    this.delivered = Math.max(this.delivered, upTo);
  }

  private setElement(el: RoomElement, seq: number): void {
    this.elements.set(el.id, el);
    this.seqOf.set(el.id, seq);
  }

  /**
   * [RIV8] Resolves once every scene change merged so far is in the database (not only in the
   * room's outbox or the backplane's debounce): the shadow score reads the stored scene.
   */
  persist(): Promise<void> {
    return this.enqueue(async () => {
      if (this.outbox.length) await this.flush();
      await this.ctx.backplane.flush(this.id);
    });
  }

  /** Answers after everything this peer sent before has been stored and forwarded. */
  ping(peer: LocalPeer): Promise<void> {
    return this.enqueue(async () => this.send(peer, { type: 'pong' }));
  }

  // ---- chat, pivots, scorecard -------------------------------------------------------------------

  /** [ROOM13] Stored before it is broadcast; the same clientMessageId again is only acknowledged. */
  chat(peer: LocalPeer, clientMessageId: string, text: string): Promise<void> {
    return this.enqueue(() => this.postChat(peer, { clientMessageId, text, kind: 'message' }));
  }

  /** [RIV3] The interviewer hands the candidate a pivot card: a chat message of kind pivot to all. */
  pivot(peer: LocalPeer, pivotId: string): Promise<void> {
    if (!this.requireInterviewer(peer, 'deliver a pivot')) return Promise.resolve();
    const card = pivotCards(this.ctx.interview!.problem, this.ctx.interview!.genericPivots).find((p) => p.id === pivotId);
    if (!card) {
      this.error(peer, ROOM_ERROR_CODES.unknownPivot, `no pivot "${pivotId}" for this problem; the kit lists them`);
      return Promise.resolve();
    }
    return this.enqueue(() => this.postChat(peer, { clientMessageId: `pivot:${pivotId}`, text: card.text, kind: 'pivot', pivotId }));
  }

  private async postChat(peer: LocalPeer, m: { clientMessageId: string; text: string; kind: 'message' | 'pivot'; pivotId?: string }): Promise<void> {
    let result: { message: ChatRow; duplicate: boolean };
    try {
      result = await this.ctx.backplane.commitChat(this.id, {
        ...m,
        peerId: peer.info.peerId,
        name: peer.info.name,
        role: peer.info.role,
        at: new Date(this.ctx.clock.now()),
      });
    } catch (err) {
      this.ctx.log(`room ${this.id}: storing a chat message failed`, err);
      this.error(peer, ROOM_ERROR_CODES.internal, 'the message was not stored; send it again with the same clientMessageId');
      return;
    }
    const { message, duplicate } = result;
    if (!duplicate) {
      if (this.ctx.backplane.shared && message.seq > this.delivered + 1) await this.catchUp(message.seq - 1);
      this.delivered = Math.max(this.delivered, message.seq);
      this.deliverChat(message);
    } else if (message.kind === 'pivot' && message.pivotId) {
      this.send(peer, { type: 'pivot', pivotId: message.pivotId, seq: message.seq });
    }
    this.send(peer, { type: 'ack', of: 'chat', seq: message.seq, clientMessageId: message.clientMessageId, ...(duplicate ? { duplicate } : {}) });
  }

  private deliverChat(c: ChatRow): void {
    this.broadcast({ type: 'chat', ...chatMessage(c) });
    if (c.kind === 'pivot' && c.pivotId) {
      this.deliveredPivots.add(c.pivotId);
      this.broadcastInterviewers({ type: 'pivot', pivotId: c.pivotId, seq: c.seq });
    }
  }

  /** [RIV5] The interviewer starts the room clock (once; later starts change nothing). */
  start(peer: LocalPeer): Promise<void> {
    if (!this.requireInterviewer(peer, 'start the clock')) return Promise.resolve();
    return this.enqueue(async () => {
      if (this.endedAt !== undefined) return this.send(peer, { type: 'clock', clock: this.clock() });
      const at = await this.ctx.store.start(this.id, new Date(this.ctx.clock.now()));
      this.startedAt = at.getTime();
      this.clockEndedSent = false;
      this.broadcast({ type: 'clock', clock: this.clock() });
      this.ctx.backplane.publish(this.id, { kind: 'clock', startedAt: at.toISOString() });
    });
  }

  /**
   * [RIV7] The interviewer ends the interview: the end is stored once, the room clock stops at
   * 'ended' and everyone gets that clock frame. The room stays open (chat, board, scorecard).
   */
  end(peer: LocalPeer): Promise<void> {
    if (!this.requireInterviewer(peer, 'end the interview')) return Promise.resolve();
    return this.enqueue(async () => {
      const first = this.endedAt === undefined;
      const at = await this.ctx.store.end(this.id, new Date(this.ctx.clock.now()));
      this.endedAt = at.getTime();
      this.clockEndedSent = true;
      this.broadcast({ type: 'clock', clock: this.clock() });
      this.ctx.backplane.publish(this.id, { kind: 'ended', endedAt: at.toISOString() });
      if (first) this.ctx.onEnded?.(this.id);
    });
  }

  get ended(): boolean {
    return this.endedAt !== undefined;
  }

  /** [RIV4] A score (1-4) and notes per rubric dimension, stored, seen only by interviewers. */
  scorecard(peer: LocalPeer, dimension: string, score: number, notes: string): Promise<void> {
    if (!this.requireInterviewer(peer, 'fill the scorecard')) return Promise.resolve();
    const known = this.ctx.interview!.dimensions.map((d) => d.id);
    if (!known.includes(dimension)) {
      this.error(peer, ROOM_ERROR_CODES.badFrame, `unknown dimension "${dimension}"; one of: ${known.join(', ')}`);
      return Promise.resolve();
    }
    return this.enqueue(async () => {
      await this.ctx.store.saveScorecard(this.id, { dimension, score, notes, updatedAt: new Date(this.ctx.clock.now()) });
      this.broadcastInterviewers({ type: 'scorecard', entries: await this.ctx.store.scorecard(this.id) });
      this.ctx.backplane.publish(this.id, { kind: 'scorecard' });
    });
  }

  private requireInterviewer(peer: LocalPeer, what: string): boolean {
    if (this.mode === 'interview' && peer.info.role === 'interviewer' && this.ctx.interview) return true;
    this.error(peer, ROOM_ERROR_CODES.forbidden, `only the interviewer of an interview room may ${what}`);
    return false;
  }

  private kit() {
    const { problem, genericPivots, dimensions } = this.ctx.interview!;
    return buildKit(problem, Level.parse(this.row.level), this.row.durationMinutes ?? 45, genericPivots, dimensions, this.deliveredPivots);
  }

  // ---- pointers and presence (volatile) ----------------------------------------------------------

  /** [ROOM10][ROOM11] Relayed at most pointerHz per peer (the latest goes out late), never stored. */
  pointer(peer: LocalPeer, x: number, y: number, button?: 'down' | 'up'): void {
    const frame: PointerFrame = { type: 'pointer', peerId: peer.info.peerId, x, y, ...(button ? { button } : {}) };
    const wait = peer.lastPointerAt + POINTER_INTERVAL_MS - performance.now();
    if (wait > 0) {
      if (peer.pendingPointer) this.stats.pointersDropped++;
      peer.pendingPointer = frame;
      if (!peer.pointerTimer) {
        peer.pointerTimer = setTimeout(() => {
          peer.pointerTimer = undefined;
          const latest = peer.pendingPointer;
          peer.pendingPointer = undefined;
          if (latest && !peer.gone) this.emitPointer(peer, latest);
        }, wait);
      }
      return;
    }
    this.emitPointer(peer, frame);
  }

  private emitPointer(peer: LocalPeer, frame: PointerFrame): void {
    peer.lastPointerAt = performance.now();
    this.relayPointer(frame, peer);
    this.ctx.backplane.publish(this.id, { kind: 'pointer', peerId: frame.peerId, x: frame.x, y: frame.y, ...(frame.button ? { button: frame.button } : {}) });
  }

  /** [ROOM12] A peer whose socket is backed up gets no pointer frames until it drains. */
  private relayPointer(frame: PointerFrame, except?: LocalPeer): void {
    const data = JSON.stringify(frame);
    for (const p of this.peers.values()) {
      if (p === except || p.gone) continue;
      if (p.conn.bufferedAmount > ROOM_LIMITS.pointerBackpressureBytes) {
        this.stats.pointersSkipped++;
        continue;
      }
      p.conn.send(data);
      this.stats.pointersRelayed++;
    }
  }

  private presenceChanged(): void {
    this.broadcast({ type: 'presence', peers: this.peerList() });
    this.announcePresence();
  }

  private announcePresence(): void {
    if (!this.ctx.backplane.shared) return;
    this.lastHeartbeat = performance.now();
    this.ctx.backplane.publish(this.id, { kind: 'presence', peers: [...this.peers.values()].map((p) => p.info) });
  }

  /**
   * [SAFE4][SAFE5] Elements that could not be stored: their senders get an error frame naming
   * them, and the room forgets them (unless a newer version replaced them meanwhile), so nobody
   * joining later is shown what a restart would lose.
   */
  private dropUnstored(elements: Array<{ id: string; from: string; el: unknown }>, code: string, reason: string): void {
    const bySender = new Map<string, string[]>();
    for (const e of elements) {
      if (this.elements.get(e.id) === e.el) {
        this.elements.delete(e.id);
        this.seqOf.delete(e.id);
      }
      bySender.set(e.from, [...(bySender.get(e.from) ?? []), e.id]);
    }
    for (const [peerId, ids] of bySender) {
      const peer = this.peers.get(peerId);
      if (!peer) continue;
      const what = code === ROOM_ERROR_CODES.elementRefused ? 'could not be stored and were dropped' : 'were not stored (the database failed); draw them again';
      this.error(peer, code, `${ids.length} element(s) ${what}: ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', …' : ''} (${reason})`);
    }
  }

  private readonly listener: BackplaneListener = {
    refused: (elements, reason) => this.dropUnstored(elements, ROOM_ERROR_CODES.elementRefused, reason),
    saveFailed: (elements, reason) => this.dropUnstored(elements, ROOM_ERROR_CODES.saveFailed, reason),
    committed: (seq) => this.background(() => this.catchUp(seq)),
    volatile: (node, m) => this.onVolatile(node, m),
    resync: () =>
      this.background(async () => {
        const row = await this.ctx.store.get(this.id);
        if (row) {
          await this.catchUp(row.seq);
          await this.reloadInterview(row);
        }
        this.announcePresence();
      }),
  };

  /**
   * [RIV5][RIV7] After missed notifications: the clock's start and end, and the scorecard, as
   * stored. What changed goes out as it would have with the notification.
   */
  private async reloadInterview(row: RoomRow): Promise<void> {
    if (this.mode !== 'interview') return;
    const startedAt = row.startedAt?.getTime();
    const endedAt = row.endedAt?.getTime();
    if (startedAt !== this.startedAt || endedAt !== this.endedAt) {
      this.startedAt = startedAt;
      this.endedAt = endedAt;
      this.clockEndedSent = endedAt !== undefined;
      this.broadcast({ type: 'clock', clock: this.clock() });
    }
    if ([...this.peers.values()].some((p) => p.info.role === 'interviewer')) {
      this.broadcastInterviewers({ type: 'scorecard', entries: await this.ctx.store.scorecard(this.id) });
    }
  }

  private onVolatile(node: string, m: VolatileMessage): void {
    switch (m.kind) {
      case 'presence':
        if (m.peers.length) this.remote.set(node, { peers: m.peers, at: performance.now() });
        else this.remote.delete(node);
        this.broadcast({ type: 'presence', peers: this.peerList() });
        return;
      case 'hello':
        if (this.peers.size) this.announcePresence();
        return;
      case 'pointer':
        this.relayPointer({ type: 'pointer', peerId: m.peerId, x: m.x, y: m.y, ...(m.button ? { button: m.button } : {}) });
        return;
      case 'clock':
        this.startedAt = Date.parse(m.startedAt);
        this.clockEndedSent = this.endedAt !== undefined;
        this.broadcast({ type: 'clock', clock: this.clock() });
        return;
      case 'ended':
        this.endedAt = Date.parse(m.endedAt);
        this.clockEndedSent = true;
        this.broadcast({ type: 'clock', clock: this.clock() });
        return;
      case 'scorecard':
        this.background(async () => this.broadcastInterviewers({ type: 'scorecard', entries: await this.ctx.store.scorecard(this.id) }));
        return;
      default:
        assertNever(m);
    }
  }

  /** Called by the hub's ticker: clock frames, presence heartbeats and expiry. */
  tick(): void {
    if (this.mode === 'interview' && this.startedAt !== undefined && !this.clockEndedSent && this.peers.size) {
      const clock = this.clock();
      this.broadcast({ type: 'clock', clock });
      if (clock.status === 'ended') this.clockEndedSent = true;
    }
    if (!this.ctx.backplane.shared) return;
    const now = performance.now();
    if (this.peers.size && now - this.lastHeartbeat >= PRESENCE_HEARTBEAT_MS) this.announcePresence();
    let expired = false;
    for (const [node, r] of this.remote) {
      if (now - r.at > PRESENCE_TTL_MS) {
        this.remote.delete(node);
        expired = true;
      }
    }
    if (expired) this.broadcast({ type: 'presence', peers: this.peerList() });
  }

  // ---- sending -----------------------------------------------------------------------------------

  /**
   * The one way a frame reaches a peer. [RIV2] Interviewer-only frames never reach any other role.
   * [LIM5] A peer too far behind is closed; it resumes from its last seq.
   */
  private send(peer: LocalPeer, frame: RoomServerFrame, data?: string): void {
    if (peer.gone) return;
    if (isInterviewerOnly(frame) && peer.info.role !== 'interviewer') {
      this.ctx.log(`room ${this.id}: refused to send a ${frame.type} frame to a ${peer.info.role}`);
      return;
    }
    if (peer.conn.bufferedAmount > ROOM_LIMITS.slowConsumerBytes) {
      this.forget(peer);
      peer.conn.close(ROOM_CLOSE_CODES.tryAgainLater, 'too far behind: reconnect and join with your last seq');
      return;
    }
    peer.conn.send(data ?? JSON.stringify(frame));
  }

  private broadcast(frame: RoomServerFrame, except?: LocalPeer): void {
    if (this.peers.size === 0) return;
    const data = JSON.stringify(frame);
    for (const p of this.peers.values()) if (p !== except) this.send(p, frame, data);
  }

  private broadcastInterviewers(frame: RoomServerFrame): void {
    const data = JSON.stringify(frame);
    for (const p of this.peers.values()) if (p.info.role === 'interviewer') this.send(p, frame, data);
  }

  error(peer: LocalPeer, code: string, message: string): void {
    this.send(peer, { type: 'error', code, message });
  }

  private forget(peer: LocalPeer): void {
    peer.gone = true;
    if (peer.pointerTimer) clearTimeout(peer.pointerTimer);
    peer.pointerTimer = undefined;
    peer.pendingPointer = undefined;
  }

  /** Runs `task` after everything queued before it; the caller handles a failure. */
  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.chain.then(task);
    this.chain = result.catch((err) => this.ctx.log(`room ${this.id}: task failed`, err));
    return result;
  }

  /** The same, for work nobody waits for: a failure is logged, never left unhandled. */
  private background(task: () => Promise<unknown>): void {
    this.enqueue(task).catch(() => undefined);
  }
}

function chatMessage(c: ChatRow): ChatMessage {
  return { seq: c.seq, clientMessageId: c.clientMessageId, peerId: c.peerId, name: c.name, role: c.role, kind: c.kind, text: c.text, at: c.at.toISOString() };
}

function assertNever(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
}
