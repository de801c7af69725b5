// Who is in the room and where their pointers are: volatile, never stored. Local peers are the
// room core's; peers on other nodes come over the backplane, re-announced every heartbeat and
// expired when their node goes silent [ROOM23]. Pointer frames are throttled per peer [ROOM11]
// and skipped for a backed-up socket [ROOM12].
import { performance } from 'node:perf_hooks';
import { type PeerInfo, ROOM_LIMITS } from '../protocol/rooms.js';
import type { VolatileMessage } from './backplane.js';
import { assertNever, type LocalPeer, type PointerFrame } from './peer.js';
import type { RoomHost } from './room-context.js';

/** [ROOM11] Pointer frames per peer are at least this far apart. */
export const POINTER_INTERVAL_MS = 1000 / ROOM_LIMITS.pointerHz;
/** [ROOM23] Nodes re-announce their peers this often; silent nodes' peers expire after 3 periods. */
export const PRESENCE_HEARTBEAT_MS = 10_000;
const PRESENCE_TTL_MS = 3 * PRESENCE_HEARTBEAT_MS;

type RemotePresence = Extract<VolatileMessage, { kind: 'presence' | 'hello' | 'pointer' }>;

export class Presence {
  readonly stats = { pointersRelayed: 0, pointersDropped: 0, pointersSkipped: 0 };
  private readonly remote = new Map<string, { peers: PeerInfo[]; at: number }>();
  private lastHeartbeat = 0;

  constructor(private readonly room: RoomHost) {}

  /** Everyone in the room, on this node and the others. */
  list(): PeerInfo[] {
    const list = [...this.room.peers.values()].map((p) => p.info);
    for (const r of this.remote.values()) list.push(...r.peers);
    return list;
  }

  /** [ROOM7] A local peer came or went: everyone here sees the list, the other nodes our part. */
  changed(): void {
    this.room.broadcast({ type: 'presence', peers: this.list() });
    this.announce();
  }

  announce(): void {
    const { backplane } = this.room.ctx;
    if (!backplane.shared) return;
    this.lastHeartbeat = performance.now();
    backplane.publish(this.room.id, { kind: 'presence', peers: [...this.room.peers.values()].map((p) => p.info) });
  }

  /** [ROOM10][ROOM11] Relayed at most pointerHz per peer (the latest goes out late), never stored. */
  pointer(peer: LocalPeer, x: number, y: number, button?: 'down' | 'up'): void {
    const frame: PointerFrame = { type: 'pointer', peerId: peer.info.peerId, x, y, ...(button ? { button } : {}) };
    const s = peer.state;
    switch (s.kind) {
      case 'gone':
        return;
      case 'throttled':
        this.stats.pointersDropped++;
        s.pending = frame;
        return;
      case 'live': {
        const wait = s.lastPointerAt + POINTER_INTERVAL_MS - performance.now();
        if (wait <= 0) return this.emit(peer, frame);
        const timer = setTimeout(() => this.release(peer), wait);
        peer.state = { kind: 'throttled', lastPointerAt: s.lastPointerAt, pending: frame, timer };
        return;
      }
      default:
        assertNever(s);
    }
  }

  /** A throttled peer's timer fired: its latest pointer frame goes out. */
  private release(peer: LocalPeer): void {
    const s = peer.state;
    if (s.kind !== 'throttled') return;
    peer.state = { kind: 'live', lastPointerAt: s.lastPointerAt };
    this.emit(peer, s.pending);
  }

  private emit(peer: LocalPeer, frame: PointerFrame): void {
    peer.state = { kind: 'live', lastPointerAt: performance.now() };
    this.relay(frame, peer);
    this.room.ctx.backplane.publish(this.room.id, { kind: 'pointer', peerId: frame.peerId, x: frame.x, y: frame.y, ...(frame.button ? { button: frame.button } : {}) });
  }

  /** [ROOM12] A peer whose socket is backed up gets no pointer frames until it drains. */
  private relay(frame: PointerFrame, except?: LocalPeer): void {
    const data = JSON.stringify(frame);
    for (const p of this.room.peers.values()) {
      if (p === except || p.state.kind === 'gone') continue;
      if (p.conn.bufferedAmount > ROOM_LIMITS.pointerBackpressureBytes) {
        this.stats.pointersSkipped++;
        continue;
      }
      p.conn.send(data);
      this.stats.pointersRelayed++;
    }
  }

  /** What another node said about its peers and pointers. */
  onRemote(node: string, m: RemotePresence): void {
    switch (m.kind) {
      case 'presence':
        if (m.peers.length) this.remote.set(node, { peers: m.peers, at: performance.now() });
        else this.remote.delete(node);
        this.room.broadcast({ type: 'presence', peers: this.list() });
        return;
      case 'hello':
        if (this.room.peers.size) this.announce();
        return;
      case 'pointer':
        this.relay({ type: 'pointer', peerId: m.peerId, x: m.x, y: m.y, ...(m.button ? { button: m.button } : {}) });
        return;
      default:
        assertNever(m);
    }
  }

  /** [ROOM23] Heartbeats, and the peers of nodes that went silent expire. */
  tick(): void {
    if (!this.room.ctx.backplane.shared) return;
    const now = performance.now();
    if (this.room.peers.size && now - this.lastHeartbeat >= PRESENCE_HEARTBEAT_MS) this.announce();
    let expired = false;
    for (const [node, r] of this.remote) {
      if (now - r.at > PRESENCE_TTL_MS) {
        this.remote.delete(node);
        expired = true;
      }
    }
    if (expired) this.room.broadcast({ type: 'presence', peers: this.list() });
  }
}
