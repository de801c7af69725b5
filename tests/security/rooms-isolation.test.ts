// [SAFE4][SAFE5] Rooms are isolated: each saves in its own transaction; an element the database
// refuses is dropped with an error frame to its sender and never stops another room (or the rest
// of its own room) from saving, across restarts; a save that keeps failing is retried with backoff
// a bounded number of times and reported.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

// Each test starts real servers; a loaded 2-core machine needs room (no time is asserted on).
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
import { openDatabase, type Database } from '../../server/db/client.js';
import type { BackplaneListener } from '../../server/rooms/backplane.js';
import { InProcessBackplane } from '../../server/rooms/in-process-backplane.js';
import { createRoomStore, type RoomStore } from '../../server/rooms/store.js';
import { startTestServer, tempDir, testDatabase, usingPostgres, type TestServer } from '../support/app.js';
import { createRoom, el, join, sleep, until } from '../rooms/support.js';

const open: TestServer[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close().catch(() => {});
});

async function boot(dataDir: string) {
  const s = await startTestServer({ dataDir });
  open.push(s);
  return s;
}

describe('rooms across a restart', () => {
  it('[SAFE4] a poisoned element is refused to its sender; both rooms keep saving across restarts', async () => {
    const dir = tempDir('rooms-poison-');
    let app = await boot(dir);
    const poisoned = await createRoom(app);
    const healthy = await createRoom(app);
    const a = await join(app, poisoned.id, poisoned.token, 'Ada');
    const b = await join(app, healthy.id, healthy.token, 'Grace');
    b.edit(el('b1'));
    await b.sock.next((f) => f.type === 'ack');

    // Past the socket's edge check (which refuses it, SAFE1): straight into the room, as a bug
    // or a new kind of bad data would arrive.
    const room = app.rooms.hub.get(poisoned.id)!;
    const peer = room.localPeer(a.peerId)!;
    room.scene(peer, [el('poison', 1, { type: 'text', text: '\ud800' }) as never]);
    const refused = await a.sock.next((f) => f.type === 'error' && f.code === 'element_refused', 15_000);
    expect(refused.message).toContain('poison');

    a.edit(el('a-good'));
    await a.sock.next((f) => f.type === 'ack');
    b.edit(el('b2'));
    await b.sock.next((f) => f.type === 'ack');
    await app.rooms.hub.get(poisoned.id)!.persist();
    await app.rooms.hub.get(healthy.id)!.persist();
    // A newcomer is not shown what a restart would lose.
    const c = await join(app, poisoned.id, poisoned.token, 'Lin');
    expect(Object.keys(c.visible())).toEqual(['a-good']);
    await open.pop()!.close();

    app = await boot(dir);
    const a2 = await join(app, poisoned.id, poisoned.token, 'Ada');
    const b2 = await join(app, healthy.id, healthy.token, 'Grace');
    expect(Object.keys(a2.visible())).toEqual(['a-good']);
    expect(Object.keys(b2.visible())).toEqual(['b1', 'b2']);
    a2.edit(el('a-after'));
    b2.edit(el('b-after'));
    await a2.sock.next((f) => f.type === 'ack');
    await b2.sock.next((f) => f.type === 'ack');
    await open.pop()!.close();

    app = await boot(dir);
    const a3 = await join(app, poisoned.id, poisoned.token, 'Ada');
    const b3 = await join(app, healthy.id, healthy.token, 'Grace');
    expect(Object.keys(a3.visible())).toEqual(['a-after', 'a-good']);
    expect(Object.keys(b3.visible())).toEqual(['b-after', 'b1', 'b2']);
  }, 180_000);
});

describe('the in-process backplane (real database, one room made to fail)', () => {
  let database: Database;
  let store: RoomStore;
  let counter = 0;
  beforeAll(async () => {
    database = await openDatabase(usingPostgres ? testDatabase() : { kind: 'pglite' });
    store = createRoomStore(database.db);
  });
  afterAll(async () => {
    await database?.close();
  });

  const newRoom = async () => {
    const id = `iso-${process.pid}-${Date.now()}-${++counter}`;
    await store.create({ id, mode: 'whiteboard', tokenHash: 'x', clockSpeed: 1 });
    return id;
  };

  function listener(log: { refused: string[][]; failed: string[][] }): BackplaneListener {
    return {
      committed: () => {},
      volatile: () => {},
      resync: () => {},
      refused: (els) => log.refused.push(els.map((e) => e.id)),
      saveFailed: (els) => log.failed.push(els.map((e) => e.id)),
    };
  }

  it('[SAFE4] each room is its own transaction: a poisoned room stores the rest, the others everything', async () => {
    const [x, y] = [await newRoom(), await newRoom()];
    const bp = new InProcessBackplane(store, { flushMs: 10 });
    const lx = { refused: [] as string[][], failed: [] as string[][] };
    await bp.attach(x, listener(lx));
    await bp.attach(y, listener({ refused: [], failed: [] }));
    await bp.commitScene(x, [{ from: 'p1', elements: [el('ok-1'), el('bad', 1, { text: 'a\u0000b' }) as never, el('ok-2')] }]);
    await bp.commitScene(y, [{ from: 'p2', elements: [el('y-1')] }]);
    await bp.flush();
    expect(lx.refused).toEqual([['bad']]);
    expect((await store.scene(x)).map((s) => s.el.id).sort()).toEqual(['ok-1', 'ok-2']);
    expect((await store.scene(y)).map((s) => s.el.id)).toEqual(['y-1']);
    // The room's stored seq moved on: a restart does not see a hole.
    expect((await store.get(x))!.seq).toBeGreaterThan(0);
  });

  it('[SAFE5] a failing save is retried with backoff a bounded number of times, then reported; other rooms save meanwhile', async () => {
    const [x, y] = [await newRoom(), await newRoom()];
    let attemptsOnX = 0;
    const failing: RoomStore = {
      ...store,
      async saveScenes(scenes) {
        if (scenes.some((s) => s.roomId === x)) {
          attemptsOnX++;
          throw Object.assign(new Error('connection reset'), { code: 'ECONNRESET' });
        }
        return store.saveScenes(scenes);
      },
    };
    const bp = new InProcessBackplane(failing, { flushMs: 10, retry: { baseMs: 20, maxMs: 80, attempts: 4 } });
    const lx = { refused: [] as string[][], failed: [] as string[][] };
    await bp.attach(x, listener(lx));
    await bp.attach(y, listener({ refused: [], failed: [] }));
    await bp.commitScene(x, [{ from: 'p1', elements: [el('x-1')] }]);
    await bp.commitScene(y, [{ from: 'p2', elements: [el('y-1')] }]);
    await until(() => lx.failed.length === 1, 'the save of room x to be given up');
    expect(lx.failed).toEqual([['x-1']]);
    expect(attemptsOnX).toBe(4);
    expect((await store.scene(y)).map((s) => s.el.id)).toEqual(['y-1']);
    await sleep(300);
    expect(attemptsOnX).toBe(4); // not forever
    // Room y keeps saving while x is being retried or after it gave up.
    await bp.commitScene(y, [{ from: 'p2', elements: [el('y-2')] }]);
    await bp.flush(y);
    expect((await store.scene(y)).map((s) => s.el.id).sort()).toEqual(['y-1', 'y-2']);
  });
});
