// What a live room is given (store, backplane, clock, the interview's problem) and what its parts
// (scene sync, presence, the interview) may ask of the room core that holds them.
import type { LoadedProblem, Pivot } from '../domain/problem.js';
import type { WallClock } from '../platform/clock.js';
import type { RoomServerFrame } from '../protocol/rooms.js';
import type { Backplane, SaveRetry } from './backplane.js';
import type { BoardTap } from './board-tap.js';
import type { KitDimension } from './kit.js';
import type { LocalPeer } from './peer.js';
import type { ChatRow, RoomStore } from './store.js';

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
  /** [RPL10] Told of every change a local peer makes, for the whiteboard replay. */
  board?: BoardTap;
}

/** A chat message to store and deliver: a peer's words, or a pivot card the interviewer hands out. */
export interface NewRoomChat {
  clientMessageId: string;
  text: string;
  kind: 'message' | 'pivot';
  pivotId?: string;
}

/** The room core, as its parts see it. */
export interface RoomHost {
  readonly id: string;
  readonly ctx: RoomContext;
  /** This node's peers of the room. */
  readonly peers: ReadonlyMap<string, LocalPeer>;
  send(peer: LocalPeer, frame: RoomServerFrame, data?: string): void;
  broadcast(frame: RoomServerFrame, except?: LocalPeer): void;
  broadcastInterviewers(frame: RoomServerFrame): void;
  error(peer: LocalPeer, code: string, message: string): void;
  /** Runs `task` after everything queued before it; the caller handles a failure. */
  enqueue<T>(task: () => Promise<T>): Promise<T>;
  /** The same, for work nobody waits for: a failure is logged, never left unhandled. */
  background(task: () => Promise<unknown>): void;
  /** Stores a chat message and delivers it in seq order (runs inside a queued task). */
  postChat(peer: LocalPeer, m: NewRoomChat): Promise<void>;
  /** Delivers a stored chat message to everyone here (read back from the store or just stored). */
  deliverChat(c: ChatRow): void;
}
