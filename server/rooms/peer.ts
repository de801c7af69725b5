// One peer connected to a room on this node, and the states it goes through: live (its pointer
// frames go out at once), throttled (one pointer frame is held back until its timer fires [ROOM11])
// and gone (left, closed or too far behind: nothing more is sent to it).
import type { PeerInfo, RoomServerFrame } from '../protocol/rooms.js';

/** What the room needs of a socket: the ws adapter and the tests' fakes implement it. */
export interface PeerConnection {
  /** Bytes queued on the socket and not yet written. */
  readonly bufferedAmount: number;
  send(data: string): void;
  close(code: number, reason: string): void;
}

export type PointerFrame = Extract<RoomServerFrame, { type: 'pointer' }>;

export type PeerState =
  | { kind: 'live'; lastPointerAt: number }
  | { kind: 'throttled'; lastPointerAt: number; pending: PointerFrame; timer: NodeJS.Timeout }
  | { kind: 'gone' };

export interface LocalPeer {
  readonly info: PeerInfo;
  readonly conn: PeerConnection;
  state: PeerState;
}

export function newPeer(info: PeerInfo, conn: PeerConnection): LocalPeer {
  return { info, conn, state: { kind: 'live', lastPointerAt: Number.NEGATIVE_INFINITY } };
}

export function isGone(peer: LocalPeer): boolean {
  return peer.state.kind === 'gone';
}

/** The peer is gone: a pointer frame it held back is dropped with its timer. */
export function forgetPeer(peer: LocalPeer): void {
  const s = peer.state;
  switch (s.kind) {
    case 'throttled':
      clearTimeout(s.timer);
      break;
    case 'live':
    case 'gone':
      break;
    default:
      assertNever(s);
  }
  peer.state = { kind: 'gone' };
}

export function assertNever(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
}
