// The rooms live on this node: a room is opened (attached to the backplane, its state loaded) when
// its first local peer joins, and closed (its scene stored) when its last local peer leaves.
import type { WallClock } from '../platform/clock.js';
import { KeyedMutex } from '../app/keyed-mutex.js';
import type { ProblemBank } from '../content/problem-bank.js';
import { Level } from '../domain/problem.js';
import { ROOM_CLOSE_CODES, type PeerInfo } from '../protocol/rooms.js';
import type { Backplane } from './backplane.js';
import type { BoardTap } from './board-tap.js';
import type { KitDimension } from './kit.js';
import { type LocalPeer, type PeerConnection, Room } from './room.js';
import type { RoomStore } from './store.js';

export interface RoomHubOptions {
  store: RoomStore;
  backplane: Backplane;
  bank: ProblemBank;
  /** The rubric's dimensions as the kit shows them for a level. */
  dimensionsFor: (level: Level) => readonly KitDimension[];
  clock: WallClock;
  /** Period of clock frames and presence heartbeats. */
  tickMs: number;
  log: (msg: string, err?: unknown) => void;
  /** [RIV7] An interview room was ended on this node. */
  onEnded?: (roomId: string) => void;
  /** [RPL10] Records the rooms' whiteboards for their replay. */
  board?: BoardTap;
}

export class RoomHub {
  private readonly rooms = new Map<string, Room>();
  private readonly lock = new KeyedMutex();
  private readonly ticker: NodeJS.Timeout;
  private closing = false;

  constructor(private readonly o: RoomHubOptions) {
    this.ticker = setInterval(() => {
      for (const room of this.rooms.values()) {
        try {
          room.tick();
        } catch (err) {
          o.log(`room ${room.id}: tick failed`, err);
        }
      }
    }, o.tickMs);
    this.ticker.unref();
  }

  get backplane(): Backplane {
    return this.o.backplane;
  }

  /** The live room, when a peer of it is connected to this node. */
  get(roomId: string): Room | undefined {
    return this.rooms.get(roomId);
  }

  /** Opens the room if needed and adds the peer; undefined when the room refused it (full). */
  join(roomId: string, conn: PeerConnection, info: PeerInfo, lastSeq?: number): Promise<{ room: Room; peer: LocalPeer } | undefined> {
    return this.lock.run(roomId, async () => {
      if (this.closing) {
        conn.close(ROOM_CLOSE_CODES.goingAway, 'the server is shutting down');
        return undefined;
      }
      const room = this.rooms.get(roomId) ?? (await this.open(roomId));
      const peer = await room.join(conn, info, lastSeq);
      if (!peer && room.isEmpty) await this.retire(room);
      return peer ? { room, peer } : undefined;
    });
  }

  /** [ROOM14] The last local peer leaving stores the scene and releases the room. */
  async leave(room: Room, peer: LocalPeer): Promise<void> {
    room.leave(peer);
    await this.lock.run(room.id, async () => {
      if (this.rooms.get(room.id) === room && room.isEmpty) await this.retire(room);
    });
  }

  /** Disconnects everyone and stores every room (shutdown). */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.ticker);
    await Promise.all(
      [...this.rooms.values()].map((room) =>
        this.lock.run(room.id, async () => {
          room.disconnectAll(ROOM_CLOSE_CODES.goingAway, 'the server is shutting down');
          if (this.rooms.get(room.id) === room) await this.retire(room);
        }),
      ),
    );
    await this.o.backplane.close();
  }

  private async open(roomId: string): Promise<Room> {
    const { store, backplane, bank, dimensionsFor, clock, log, onEnded, board } = this.o;
    const row = await store.get(roomId);
    if (!row) throw new Error(`room ${roomId} does not exist`);
    const problem = row.problemId ? bank.byId.get(row.problemId) : undefined;
    if (row.mode === 'interview' && !problem) log(`room ${roomId}: problem ${row.problemId} is no longer in the bank; no kit`);
    const room = new Room(row, {
      store,
      backplane,
      clock,
      log,
      ...(onEnded ? { onEnded } : {}),
      ...(board ? { board } : {}),
      ...(row.mode === 'interview' && problem ? { interview: { problem, genericPivots: bank.genericPivots, dimensions: dimensionsFor(Level.parse(row.level)) } } : {}),
    });
    try {
      await room.open();
    } catch (err) {
      await backplane.detach(roomId).catch(() => undefined);
      throw err;
    }
    this.rooms.set(roomId, room);
    return room;
  }

  private async retire(room: Room): Promise<void> {
    this.rooms.delete(room.id);
    await room.close();
  }
}
