// The room core with fake sockets (so a test can set bufferedAmount), a real database and the
// in-process backplane: backpressure, slow consumers, and the interviewer-only guard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProblemBank } from '../../server/content/problem-bank.js';
import { openDatabase, type Database } from '../../server/db/client.js';
import { ROOM_LIMITS, type RoomServerFrame } from '../../server/protocol/rooms.js';
import { InProcessBackplane } from '../../server/rooms/in-process-backplane.js';
import { type PeerConnection, Room } from '../../server/rooms/room.js';
import { createRoomStore, type RoomStore } from '../../server/rooms/store.js';
import { testDatabase } from '../support/app.js';
import { el, sleep } from './support.js';

class FakeConn implements PeerConnection {
  bufferedAmount = 0;
  frames: any[] = [];
  closed?: { code: number; reason: string };
  send(data: string) {
    this.frames.push(JSON.parse(data));
  }
  close(code: number, reason: string) {
    this.closed = { code, reason };
  }
  of(type: string) {
    return this.frames.filter((f) => f.type === type);
  }
}

let database: Database;
let store: RoomStore;
const bank = loadProblemBank();
const log = () => {};
let counter = 0;

beforeAll(async () => {
  database = await openDatabase(testDatabase());
  store = createRoomStore(database.db);
});
afterAll(async () => {
  await database?.close();
});

async function openRoom(mode: 'whiteboard' | 'interview' = 'whiteboard') {
  const id = `unit-${process.pid}-${Date.now()}-${++counter}`;
  await store.create({ id, mode, tokenHash: 'x', clockSpeed: 1, ...(mode === 'interview' ? { problemId: 'url-shortener', level: 'mid', durationMinutes: 45 } : {}) });
  const backplane = new InProcessBackplane(store, { flushMs: 20 });
  const problem = bank.byId.get('url-shortener')!;
  const room = new Room((await store.get(id))!, {
    store,
    backplane,
    clock: { now: () => Date.now() },
    log,
    ...(mode === 'interview' ? { interview: { problem, genericPivots: bank.genericPivots, dimensions: [{ id: 'requirements', title: 'Requirements' }] } } : {}),
  });
  await room.open();
  return { room, backplane, id };
}

async function add(room: Room, name: string, role: 'peer' | 'interviewer' | 'candidate' = 'peer') {
  const conn = new FakeConn();
  const peer = await room.join(conn, { peerId: `id-${name}`, name, role });
  return { conn, peer: peer! };
}

describe('room core', () => {
  it('[ROOM12] a peer whose socket is backed up is skipped for pointers but still gets the scene', async () => {
    const { room } = await openRoom();
    const a = await add(room, 'Ada');
    const slow = await add(room, 'Slow');
    const fast = await add(room, 'Fast');
    slow.conn.bufferedAmount = ROOM_LIMITS.pointerBackpressureBytes + 1;
    room.pointer(a.peer, 5, 6);
    expect(fast.conn.of('pointer')).toHaveLength(1);
    expect(slow.conn.of('pointer')).toHaveLength(0);
    expect(room.stats.pointersSkipped).toBe(1);
    room.scene(a.peer, [el('kept')]);
    await room.ping(a.peer);
    expect(slow.conn.of('scene')).toHaveLength(1);
    // Drained: pointers flow again.
    slow.conn.bufferedAmount = 0;
    await sleep(40);
    room.pointer(a.peer, 7, 8);
    expect(slow.conn.of('pointer')).toHaveLength(1);
    await room.close();
  });

  it('[LIM5] a peer too far behind on durable frames is closed with 1013 and told to resume', async () => {
    const { room } = await openRoom();
    const a = await add(room, 'Ada');
    const stuck = await add(room, 'Stuck');
    stuck.conn.bufferedAmount = ROOM_LIMITS.slowConsumerBytes + 1;
    room.scene(a.peer, [el('one')]);
    await room.ping(a.peer);
    expect(stuck.conn.closed).toMatchObject({ code: 1013 });
    expect(stuck.conn.closed!.reason).toContain('last seq');
    expect(stuck.conn.of('scene')).toHaveLength(0);
    await room.close();
  });

  it('[ROOM14] in one process the scene is written debounced, and at once when the room closes', async () => {
    const { room, id } = await openRoom();
    const a = await add(room, 'Ada');
    room.scene(a.peer, [el('d1')]);
    await room.ping(a.peer);
    expect(await store.scene(id)).toHaveLength(0); // not yet: debounced
    await sleep(80);
    expect((await store.scene(id)).map((s) => s.el.id)).toEqual(['d1']);
    room.scene(a.peer, [el('d2')]);
    await room.close();
    expect((await store.scene(id)).map((s) => s.el.id).sort()).toEqual(['d1', 'd2']);
  });

  it('[ROOM14] a new process continues above every seq the last one may have handed out', async () => {
    const { room, id } = await openRoom();
    const a = await add(room, 'Ada');
    room.scene(a.peer, [el('c1')]);
    await room.ping(a.peer);
    const seen = room.seq;
    // A crash: nothing flushed, a fresh backplane (a new process) opens the room.
    const again = new Room((await store.get(id))!, { store, backplane: new InProcessBackplane(store), clock: { now: () => Date.now() }, log });
    await again.open();
    expect(again.seq).toBeGreaterThan(seen);
    await again.close();
    await room.close();
  });

  it('[RIV2] Room.send refuses interviewer-only frames for any other role', async () => {
    const { room } = await openRoom('interview');
    const interviewer = await add(room, 'Ivy', 'interviewer');
    const candidate = await add(room, 'Cid', 'candidate');
    expect(interviewer.conn.of('kit')).toHaveLength(1);
    expect(candidate.conn.of('kit')).toHaveLength(0);
    const broadcast = (room as unknown as { broadcast(f: RoomServerFrame): void }).broadcast.bind(room);
    broadcast({ type: 'scorecard', entries: [{ dimension: 'requirements', score: 3, notes: 'secret', updatedAt: new Date().toISOString() }] });
    broadcast({ type: 'pivot', pivotId: 'x', seq: 1 });
    expect(interviewer.conn.of('scorecard')).toHaveLength(1);
    expect(interviewer.conn.of('pivot')).toHaveLength(1);
    expect(candidate.conn.frames.map((f) => f.type)).not.toContain('scorecard');
    expect(candidate.conn.frames.map((f) => f.type)).not.toContain('pivot');
    await room.close();
  });
});
