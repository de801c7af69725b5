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
  | { kind: 'scorecard' }
  /** [RIV9] The interviewer shared the notes with the candidate, or took them back. */
  | { kind: 'notes'; shared: boolean };

export interface BackplaneListener {
  /** Another node stored changes up to `seq`: read them from the store. */
  committed(seq: number): void;
  volatile(fromNode: string, message: VolatileMessage): void;
  /** The link to the other nodes was re-established: notifications may have been missed. */
  resync(): void;
  /**
   * [SAFE4] Elements the database refused (they can never be stored): the rest of the room's
   * changes were stored without them. The room tells their senders.
   */
  refused?(elements: Array<{ id: string; from: string; el: unknown }>, reason: string): void;
  /** [SAFE5] Storing the room's changes failed after every retry: they were given up. */
  saveFailed?(elements: Array<{ id: string; from: string; el: unknown }>, reason: string): void;
}

/** [SAFE5] How a failed save is retried: backoff from `baseMs`, doubling up to `maxMs`, `attempts` tries in all. */
export interface SaveRetry {
  baseMs: number;
  maxMs: number;
  attempts: number;
}

export const SAVE_RETRY: SaveRetry = { baseMs: 1_000, maxMs: 30_000, attempts: 6 };

export function retryDelay(retry: SaveRetry, attempt: number): number {
  return Math.min(retry.maxMs, retry.baseMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * [SAFE4] An error the data itself causes (SQLSTATE class 22 "data exception", 54 "program limit
 * exceeded"): retrying the same rows can never succeed.
 */
export function isDataError(err: unknown): boolean {
  for (let e: unknown = err, i = 0; e && i < 10; e = (e as { cause?: unknown }).cause, i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^(22|54)[0-9A-Z]{3}$/.test(code)) return true;
  }
  return false;
}

/** A short reason for logs and error frames: the database's message, never the query or its parameters. */
export function dbReason(err: unknown): string {
  for (let e: unknown = err, i = 0; e && i < 10; e = (e as { cause?: unknown }).cause, i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return `${code}: ${String((e as { message?: unknown }).message ?? '').slice(0, 200)}`;
  }
  const m = err instanceof Error ? err.message : String(err);
  return m.startsWith('Failed query') ? 'database error' : m.slice(0, 200);
}

/** What following a room tells: where its log stands, and which seqs this node cannot vouch for. */
export interface Attached {
  /** The last seq of the room's log: the next change gets a higher one. */
  seq: number;
  /**
   * Seqs in (after, upTo] were handed out by a process that stopped before storing them (a
   * crash inside the scene debounce [ROOM14]): what they carried is lost, so a peer whose
   * `lastSeq` is in the range gets the full scene [ROOM5]. Absent when every seq is accounted for.
   */
  unknown?: { after: number; upTo: number };
}

export interface Backplane {
  readonly kind: 'in-process' | 'postgres';
  readonly nodeId: string;
  /** True when other nodes write to the same rooms (the hub must read their changes). */
  readonly shared: boolean;
  /** Follows a room on this node; resolves to the last seq of the room's log. */
  attach(roomId: string, listener: BackplaneListener): Promise<Attached>;
  /** Stops following a room; what is pending is stored first. */
  detach(roomId: string): Promise<void>;
  /**
   * Gives each batch the next seq and makes it durable: before resolving (PostgreSQL), or within
   * the debounce (in-process: the seqs resolve at once, the write follows) [ROOM14].
   */
  commitScene(roomId: string, batches: SceneBatch[]): Promise<number[]>;
  /**
   * Stores a chat message before it may be broadcast; idempotent on clientMessageId. The room's
   * scene changes committed before it are durable by the time it is (so a stored seq never sits
   * above a lost one).
   */
  commitChat(roomId: string, message: NewChat): Promise<{ message: ChatRow; duplicate: boolean }>;
  publish(roomId: string, message: VolatileMessage): void;
  /** Stores everything pending, or one room's (shutdown, or before the shadow score reads the scene). */
  flush(roomId?: string): Promise<void>;
  close(): Promise<void>;
}
