// One live room on this node: its local peers, the one way frames reach them, chat, and the work
// queue (`chain`) that stores and forwards in seq order. Its parts: the scene and its seq log
// (scene-sync.ts), presence and pointers (presence.ts) and, in an interview room, the clock, kit
// and scorecard (room-interview.ts). Rule ids refer to server/rooms/SPEC.md.
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
import type { BackplaneListener } from './backplane.js';
import { forgetPeer, isGone, type LocalPeer, newPeer, type PeerConnection } from './peer.js';
import { Presence } from './presence.js';
import { roomClock } from './room-clock.js';
import type { NewRoomChat, RoomContext, RoomHost } from './room-context.js';
import { forbid, RoomInterview } from './room-interview.js';
import { SceneSync } from './scene-sync.js';
import type { ChatRow, RoomRow } from './store.js';

export type { LocalPeer, PeerConnection } from './peer.js';
export type { InterviewContext, RoomContext } from './room-context.js';
export { POINTER_INTERVAL_MS, PRESENCE_HEARTBEAT_MS } from './presence.js';

export class Room implements RoomHost {
  readonly id: string;
  readonly mode: RoomMode;
  readonly peers = new Map<string, LocalPeer>();
  private readonly sync: SceneSync;
  private readonly presence: Presence;
  /** Present in an interview room only. */
  private readonly interview: RoomInterview | undefined;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    readonly row: RoomRow,
    readonly ctx: RoomContext,
  ) {
    this.id = row.id;
    this.mode = row.mode === 'interview' ? 'interview' : 'whiteboard';
    this.sync = new SceneSync(this);
    this.presence = new Presence(this);
    this.interview = this.mode === 'interview' ? new RoomInterview(this, row) : undefined;
  }

  get stats() {
    return this.presence.stats;
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  /** Follows the room on the backplane, then loads what is stored. */
  open(): Promise<void> {
    const opening = this.load();
    this.chain = opening.catch(() => undefined);
    return opening;
  }

  private async load(): Promise<void> {
    const { store, backplane } = this.ctx;
    const attached = await backplane.attach(this.id, this.listener);
    this.sync.load(attached, await store.scene(this.id));
    await this.interview?.load();
    if (backplane.shared) backplane.publish(this.id, { kind: 'hello' });
  }

  /** Waits for queued work, stores what is pending and stops following the room. */
  async close(): Promise<void> {
    for (const p of this.peers.values()) forgetPeer(p);
    this.peers.clear();
    await this.chain;
    if (this.sync.hasPending) await this.sync.flush();
    if (this.ctx.backplane.shared) this.ctx.backplane.publish(this.id, { kind: 'presence', peers: [] });
    await this.ctx.backplane.detach(this.id);
  }

  /** Closes every local peer's connection (shutdown); `close` follows. */
  disconnectAll(code: number, reason: string): void {
    for (const p of this.peers.values()) {
      forgetPeer(p);
      p.conn.close(code, reason);
    }
    this.peers.clear();
  }

  /** [SAFE17] Closes the local connections of one role (its token was revoked). */
  disconnectRole(role: PeerInfo['role'], code: number, reason: string): void {
    for (const p of [...this.peers.values()]) if (p.info.role === role) p.conn.close(code, reason);
  }

  get isEmpty(): boolean {
    return this.peers.size === 0;
  }

  get seq(): number {
    return this.sync.seq;
  }

  get ended(): boolean {
    return this.interview?.ended ?? false;
  }

  /** Everyone in the room, on this node and the others. */
  peerList(): PeerInfo[] {
    return this.presence.list();
  }

  elementCount(): number {
    return this.sync.elementCount();
  }

  /** The local peer with this id (tests reach the room past the socket's checks through it). */
  localPeer(peerId: string): LocalPeer | undefined {
    return this.peers.get(peerId);
  }

  /** Interview time, phases and status of the room clock. */
  clock() {
    if (this.interview) return this.interview.clock();
    const r = this.row;
    return roomClock(r.durationMinutes ?? 45, undefined, r.clockSpeed, this.ctx.clock.now());
  }

  // ---- peers -------------------------------------------------------------------------------------

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
      const resume = await this.sync.resume(lastSeq);
      const chat = (await this.ctx.store.recentChat(this.id, ROOM_LIMITS.chatHistory, resume.since)).filter((c) => c.seq <= resume.upTo);
      const scorecard = (await this.interview?.prepareJoin(info)) ?? [];

      // From here on nothing awaits: the peer is added and its snapshot sent in one step.
      const peer = newPeer(info, conn);
      this.peers.set(info.peerId, peer);
      this.send(peer, {
        type: 'snapshot',
        protocol: ROOM_PROTOCOL_VERSION,
        seq: this.sync.seq,
        elements: this.sync.snapshotElements(resume),
        peers: this.peerList(),
        full: resume.full,
        chat: chat.map(chatMessage),
        you: info,
        mode: this.mode,
      });
      this.interview?.welcome(peer, scorecard);
      this.presence.changed();
      return peer;
    });
  }

  /** [ROOM7] Removes a peer; everyone left sees the new presence list. */
  leave(peer: LocalPeer): void {
    if (!this.peers.has(peer.info.peerId)) return;
    forgetPeer(peer);
    this.peers.delete(peer.info.peerId);
    this.presence.changed();
  }

  // ---- what peers send ---------------------------------------------------------------------------

  /** [ROOM2][ROOM3] A peer's changed elements (scene-sync.ts). */
  scene(peer: LocalPeer, incoming: RoomElement[]): void {
    this.sync.receive(peer, incoming);
  }

  /** [ROOM10][ROOM11] A peer's pointer (presence.ts). */
  pointer(peer: LocalPeer, x: number, y: number, button?: 'down' | 'up'): void {
    this.presence.pointer(peer, x, y, button);
  }

  /**
   * [RIV8] Resolves once every scene change merged so far is in the database (not only in the
   * room's outbox or the backplane's debounce): the shadow score reads the stored scene.
   */
  persist(): Promise<void> {
    return this.enqueue(async () => {
      if (this.sync.hasPending) await this.sync.flush();
      await this.ctx.backplane.flush(this.id);
    });
  }

  /** Answers after everything this peer sent before has been stored and forwarded. */
  ping(peer: LocalPeer): Promise<void> {
    return this.enqueue(async () => this.send(peer, { type: 'pong' }));
  }

  /** [ROOM13] Stored before it is broadcast; the same clientMessageId again is only acknowledged. */
  chat(peer: LocalPeer, clientMessageId: string, text: string): Promise<void> {
    return this.enqueue(() => this.postChat(peer, { clientMessageId, text, kind: 'message' }));
  }

  /** [RIV5] Interviewer only (room-interview.ts). */
  start(peer: LocalPeer): Promise<void> {
    return this.interview ? this.interview.start(peer) : this.refuse(peer, 'start the clock');
  }

  /** [RIV7] Interviewer only (room-interview.ts). */
  end(peer: LocalPeer): Promise<void> {
    return this.interview ? this.interview.end(peer) : this.refuse(peer, 'end the interview');
  }

  /** [RIV3] Interviewer only (room-interview.ts). */
  pivot(peer: LocalPeer, pivotId: string): Promise<void> {
    return this.interview ? this.interview.pivot(peer, pivotId) : this.refuse(peer, 'deliver a pivot');
  }

  /** [RIV4] Interviewer only (room-interview.ts). */
  scorecard(peer: LocalPeer, dimension: string, score: number, notes: string): Promise<void> {
    return this.interview ? this.interview.scorecard(peer, dimension, score, notes) : this.refuse(peer, 'fill the scorecard');
  }

  /** [RIV9] Interviewer only (room-interview.ts). */
  shareNotes(peer: LocalPeer, shared: boolean): Promise<void> {
    return this.interview ? this.interview.shareNotes(peer, shared) : this.refuse(peer, 'share the notes');
  }

  /** [RIV10] Interviewer only (room-interview.ts). */
  ladder(peer: LocalPeer): Promise<void> {
    return this.interview ? this.interview.ladder(peer) : this.refuse(peer, 'see the hint ladder');
  }

  private refuse(peer: LocalPeer, what: string): Promise<void> {
    forbid(this, peer, what);
    return Promise.resolve();
  }

  async postChat(peer: LocalPeer, m: NewRoomChat): Promise<void> {
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
      await this.sync.reach(message.seq);
      this.deliverChat(message);
    } else if (message.kind === 'pivot' && message.pivotId) {
      this.send(peer, { type: 'pivot', pivotId: message.pivotId, seq: message.seq });
    }
    this.send(peer, { type: 'ack', of: 'chat', seq: message.seq, clientMessageId: message.clientMessageId, ...(duplicate ? { duplicate } : {}) });
  }

  deliverChat(c: ChatRow): void {
    this.broadcast({ type: 'chat', ...chatMessage(c) });
    if (c.kind === 'pivot' && c.pivotId) this.interview?.pivotDelivered(c.pivotId, c.seq);
  }

  // ---- what other nodes send ---------------------------------------------------------------------

  private readonly listener: BackplaneListener = {
    refused: (elements, reason) => this.sync.dropUnstored(elements, ROOM_ERROR_CODES.elementRefused, reason),
    saveFailed: (elements, reason) => this.sync.dropUnstored(elements, ROOM_ERROR_CODES.saveFailed, reason),
    committed: (seq) => this.background(() => this.sync.catchUp(seq)),
    volatile: (node, m) => {
      if (m.kind === 'presence' || m.kind === 'hello' || m.kind === 'pointer') this.presence.onRemote(node, m);
      else this.interview?.onRemote(m);
    },
    resync: () =>
      this.background(async () => {
        const row = await this.ctx.store.get(this.id);
        if (row) {
          await this.sync.catchUp(row.seq);
          await this.interview?.reload(row);
        }
        this.presence.announce();
      }),
  };

  /** Called by the hub's ticker: clock frames, presence heartbeats and expiry. */
  tick(): void {
    this.interview?.tick();
    this.presence.tick();
  }

  // ---- sending -----------------------------------------------------------------------------------

  /**
   * The one way a frame reaches a peer. [RIV2] Interviewer-only frames never reach any other role.
   * [LIM5] A peer too far behind is closed; it resumes from its last seq.
   */
  send(peer: LocalPeer, frame: RoomServerFrame, data?: string): void {
    if (isGone(peer)) return;
    if (isInterviewerOnly(frame) && peer.info.role !== 'interviewer') {
      this.ctx.log(`room ${this.id}: refused to send a ${frame.type} frame to a ${peer.info.role}`);
      return;
    }
    if (peer.conn.bufferedAmount > ROOM_LIMITS.slowConsumerBytes) {
      forgetPeer(peer);
      peer.conn.close(ROOM_CLOSE_CODES.tryAgainLater, 'too far behind: reconnect and join with your last seq');
      return;
    }
    peer.conn.send(data ?? JSON.stringify(frame));
  }

  broadcast(frame: RoomServerFrame, except?: LocalPeer): void {
    if (this.peers.size === 0) return;
    const data = JSON.stringify(frame);
    for (const p of this.peers.values()) if (p !== except) this.send(p, frame, data);
  }

  broadcastInterviewers(frame: RoomServerFrame): void {
    const data = JSON.stringify(frame);
    for (const p of this.peers.values()) if (p.info.role === 'interviewer') this.send(p, frame, data);
  }

  error(peer: LocalPeer, code: string, message: string): void {
    this.send(peer, { type: 'error', code, message });
  }

  enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.chain.then(task);
    this.chain = result.catch((err) => this.ctx.log(`room ${this.id}: task failed`, err));
    return result;
  }

  background(task: () => Promise<unknown>): void {
    this.enqueue(task).catch(() => undefined);
  }
}

function chatMessage(c: ChatRow): ChatMessage {
  return { seq: c.seq, clientMessageId: c.clientMessageId, peerId: c.peerId, name: c.name, role: c.role, kind: c.kind, text: c.text, at: c.at.toISOString() };
}
