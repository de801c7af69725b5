// The backplane: how a room's durable changes get their seq and reach the other nodes serving the
// same room. The hub talks only to this interface. Two implementations: in-process (embedded
// PGlite, one process: seqs from memory, the scene written debounced) and PostgreSQL
// (several processes: seqs from the room row, LISTEN/NOTIFY carrying references).
import type { PeerInfo } from '../protocol/rooms.js';
import type { ChatRow, NewChat, SceneBatch } from './store.js';

/** Small, lossy messages between nodes: never stored, dropped when a node is not listening. */
export type VolatileMessage =
  /** The sending node's own peers in the room (the whole list: it replaces the last one). */
  | { kind: 'presence'; peers: PeerInfo[] }
  /** A node started following the room: the others announce their presence. */
  | { kind: 'hello' }
  | { kind: 'pointer'; peerId: string; x: number; y: number; button?: 'down' | 'up' }
  | { kind: 'clock'; startedAt: string }
  /** The interviewer ended the interview [RIV7]. */
  | { kind: 'ended'; endedAt: string }
  /** The scorecard changed: read it from the database. */
  | { kind: 'scorecard' };

export interface BackplaneListener {
  /** Another node stored changes up to `seq`: read them from the store. */
  committed(seq: number): void;
  volatile(fromNode: string, message: VolatileMessage): void;
  /** The link to the other nodes was re-established: notifications may have been missed. */
  resync(): void;
}

export interface Backplane {
  readonly kind: 'in-process' | 'postgres';
  readonly nodeId: string;
  /** True when other nodes write to the same rooms (the hub must read their changes). */
  readonly shared: boolean;
  /** Follows a room on this node; resolves to the last seq of the room's log. */
  attach(roomId: string, listener: BackplaneListener): Promise<number>;
  /** Stops following a room; what is pending is stored first. */
  detach(roomId: string): Promise<void>;
  /** Gives each batch the next seq and makes it durable (now, or soon for a debounced store). */
  commitScene(roomId: string, batches: SceneBatch[]): Promise<number[]>;
  /** Stores a chat message before it may be broadcast; idempotent on clientMessageId. */
  commitChat(roomId: string, message: NewChat): Promise<{ message: ChatRow; duplicate: boolean }>;
  publish(roomId: string, message: VolatileMessage): void;
  /** Stores everything pending (shutdown). */
  flush(): Promise<void>;
  close(): Promise<void>;
}
