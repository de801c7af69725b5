// The whiteboard's outgoing scene, kept until the room acknowledges it. Pure (no DOM, no socket):
// the connection feeds it what the server says, the board asks it what to send.
//
// Per element it remembers the version the room is known to hold ("acked": the merge winner of
// what acks, pongs and scene/snapshot frames showed it has) and the version last sent on this
// socket ("sent"). An element goes out when the local version is neither. A new socket forgets
// "sent", so after a rejoin every local element that differs from what the room acknowledged is
// sent again (the server's merge is idempotent [MRG5]: resending what did arrive is harmless, and
// an older local copy only brings back the room's winner).
//
// Acknowledgement. The server answers scene frames with `ack`s, but it merges consecutive frames
// of one peer into one batch and answers the batch once, and it answers a refused frame with an
// `error` instead. So an ack proves that *at least* the oldest frame in flight is done (popping
// one frame per ack never marks too much), and a `ping` sent after the frames is the exact
// barrier: the server answers `pong` only after everything sent before it was merged, stored
// and forwarded (Room.ping runs after the flush in the room's queue).
//
// Frames are split by their serialized size (UTF-8 bytes of the frame's JSON, as the server
// measures it) with a margin under ROOM_LIMITS.frameBytes, and by ROOM_LIMITS.elementsPerFrame.
// An element too large for any frame is reported once per version and never retried.
import { ROOM_LIMITS } from '../../../server/protocol/rooms.js';

export interface OutboxElement {
  id: string;
  type?: string;
  version: number;
  versionNonce: number;
  isDeleted?: boolean;
}

interface Stamp {
  version: number;
  versionNonce: number;
}

/** A scene frame's byte budget: 10% under the server's limit (JSON.stringify is exact, the margin is for safety). */
export const SCENE_FRAME_BUDGET_BYTES = Math.floor(ROOM_LIMITS.frameBytes * 0.9);

const FRAME_PREFIX = '{"type":"scene","elements":[';
const FRAME_SUFFIX = ']}';
const FRAME_OVERHEAD = FRAME_PREFIX.length + FRAME_SUFFIX.length;
/** What server/rooms/socket.ts refuses in a frame's text (PostgreSQL stores no NUL). */
const NUL = '\\u0000';

/** UTF-8 length of a string without encoding it. */
export function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4; // a surrogate pair
      i++;
    } else n += 3;
  }
  return n;
}

/** The exact byte size of `{"type":"scene","elements":[…]}` as RoomConnection sends it. */
export function sceneFrameBytes(elements: readonly unknown[]): number {
  return utf8Bytes(JSON.stringify({ type: 'scene', elements }));
}

/** Excalidraw's merge order [MRG1][MRG2]: does `a` win over (or equal) `b`? */
function atLeast(a: Stamp, b: Stamp | undefined): boolean {
  if (!b) return true;
  return a.version > b.version || (a.version === b.version && a.versionNonce <= b.versionNonce);
}

function same(a: Stamp | undefined, b: Stamp): boolean {
  return !!a && a.version === b.version && a.versionNonce === b.versionNonce;
}

function stampOf(e: OutboxElement): Stamp {
  return { version: e.version, versionNonce: e.versionNonce };
}

type InFlight = { kind: 'frame'; elements: Map<string, Stamp> } | { kind: 'barrier' };

export interface TakeResult<E> {
  /** Scene frames to send, in order; each fits the byte budget and the element limit. */
  frames: E[][];
  /**
   * Elements no frame can carry (newly found): larger than the budget on their own, or holding a
   * NUL character (the server refuses a frame with one, and every element in it). Report them;
   * they are not retried until they change.
   */
  unsendable: Array<{ element: E; reason: 'too_large' | 'nul'; bytes: number }>;
}

export interface SceneOutboxOptions {
  budgetBytes?: number;
  maxElements?: number;
}

export class SceneOutbox {
  private readonly acked = new Map<string, Stamp>();
  private readonly sent = new Map<string, Stamp>();
  private readonly unsendable = new Map<string, Stamp>();
  private queue: InFlight[] = [];
  private readonly budget: number;
  private readonly maxElements: number;

  constructor(o: SceneOutboxOptions = {}) {
    this.budget = o.budgetBytes ?? SCENE_FRAME_BUDGET_BYTES;
    this.maxElements = o.maxElements ?? ROOM_LIMITS.elementsPerFrame;
  }

  /** Does this local element still have to go to the room? */
  needsSend(e: OutboxElement): boolean {
    const s = stampOf(e);
    if (same(this.acked.get(e.id), s)) return false; // the room has it
    // Sent on this socket: in flight, or acknowledged (then the room holds it or, when it lost
    // the merge, the ack brought the winner, which the board merges in). Sent once per socket.
    if (same(this.sent.get(e.id), s)) return false;
    if (same(this.unsendable.get(e.id), s)) return false; // reported, not retried
    return true;
  }

  /**
   * Packs what has to go into frames and records them as in flight. Edits of elements the room
   * has go in frames of their own, before new ones, so a room at its element limit refusing a
   * frame of new elements [LIM2] never takes edits with it.
   */
  take<E extends OutboxElement>(all: readonly E[]): TakeResult<E> {
    const known: Array<{ e: E; bytes: number }> = [];
    const fresh: Array<{ e: E; bytes: number }> = [];
    const unsendable: TakeResult<E>['unsendable'] = [];
    const room = this.budget - FRAME_OVERHEAD;
    for (const el of all) {
      if (!this.needsSend(el)) continue;
      let e = el;
      let json = JSON.stringify(e);
      let bytes = utf8Bytes(json);
      if ((bytes > room || json.includes(NUL)) && e.isDeleted) {
        // A deletion needs only what the merge reads: drop the (huge) content of a tombstone.
        e = slimTombstone(e);
        json = JSON.stringify(e);
        bytes = utf8Bytes(json);
      }
      const reason = bytes > room ? 'too_large' : json.includes(NUL) ? 'nul' : undefined;
      if (reason) {
        this.unsendable.set(el.id, stampOf(el));
        unsendable.push({ element: el, reason, bytes });
        continue;
      }
      (this.acked.has(e.id) ? known : fresh).push({ e, bytes });
    }
    const frames: E[][] = [];
    for (const group of [known, fresh]) {
      let frame: E[] = [];
      let size = FRAME_OVERHEAD;
      for (const { e, bytes } of group) {
        const add = bytes + (frame.length ? 1 : 0); // the comma
        if (frame.length && (size + add > this.budget || frame.length >= this.maxElements)) {
          frames.push(frame);
          frame = [];
          size = FRAME_OVERHEAD;
        }
        size += bytes + (frame.length ? 1 : 0);
        frame.push(e);
      }
      if (frame.length) frames.push(frame);
    }
    for (const frame of frames) {
      const stamps = new Map<string, Stamp>();
      for (const e of frame) {
        stamps.set(e.id, stampOf(e));
        this.sent.set(e.id, stampOf(e));
      }
      this.queue.push({ kind: 'frame', elements: stamps });
    }
    return { frames, unsendable };
  }

  /** A ping went out on the socket (after the frames it vouches for). */
  barrier(): void {
    this.queue.push({ kind: 'barrier' });
  }

  /** A scene `ack` came: at least the oldest frame in flight is done. */
  ack(): void {
    const i = this.queue.findIndex((q) => q.kind === 'frame');
    if (i < 0) return;
    const [frame] = this.queue.splice(i, 1);
    if (frame?.kind === 'frame') this.commit(frame.elements);
  }

  /** A `pong` came: everything sent before the oldest open ping is done. */
  pong(): void {
    const i = this.queue.findIndex((q) => q.kind === 'barrier');
    if (i < 0) return;
    for (const q of this.queue.splice(0, i + 1)) if (q.kind === 'frame') this.commit(q.elements);
  }

  /** Elements the room holds (a snapshot, a peer's change, the winners in an ack). */
  remote(elements: readonly OutboxElement[], o: { full: boolean }): void {
    if (o.full) this.acked.clear();
    for (const e of elements) this.record(e.id, stampOf(e));
  }

  /** A new socket: nothing sent on the old one will be answered; unacknowledged elements go again. */
  reset(): void {
    this.queue = [];
    this.sent.clear();
  }

  /** Frames sent and not yet acknowledged. */
  get inFlight(): number {
    return this.queue.filter((q) => q.kind === 'frame').length;
  }

  /** What the outbox knows of one element (for tests and diagnostics). */
  state(id: string): { sent?: Stamp; acked?: Stamp } {
    return { sent: this.sent.get(id), acked: this.acked.get(id) };
  }

  private commit(stamps: Map<string, Stamp>): void {
    for (const [id, s] of stamps) this.record(id, s);
  }

  /** The room holds at least the merge winner of everything it was known to hold. */
  private record(id: string, s: Stamp): void {
    const prev = this.acked.get(id);
    if (atLeast(s, prev)) this.acked.set(id, s);
  }
}

/** A deleted element reduced to what the merge and Excalidraw's restore need. */
function slimTombstone<E extends OutboxElement>(e: E): E {
  const r = e as unknown as Record<string, unknown>;
  const keep = ['id', 'type', 'version', 'versionNonce', 'isDeleted', 'index', 'x', 'y', 'width', 'height', 'updated', 'seed'];
  const out: Record<string, unknown> = {};
  for (const k of keep) if (k in r) out[k] = r[k];
  if (Array.isArray(r.points)) out.points = [];
  if ('text' in r) out.text = '';
  return out as unknown as E;
}
