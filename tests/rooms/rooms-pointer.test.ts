// Pointers: relayed, throttled per peer, never stored (real server and sockets).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOM_LIMITS } from '../../server/protocol/rooms.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { createRoom, join, settle, sleep, until } from './support.js';

let app: TestServer;
beforeAll(async () => {
  app = await startTestServer();
});
afterAll(async () => {
  await app?.close();
});

describe('pointers', () => {
  it('[ROOM10] a pointer goes to the other peers with the sender id, never back, and is never stored', async () => {
    const room = await createRoom(app);
    const a = await join(app, room.id, room.token, 'Ada');
    const b = await join(app, room.id, room.token, 'Grace');
    const c = await join(app, room.id, room.token, 'Linus');
    a.sock.send({ type: 'pointer', x: 12.5, y: -3, button: 'down' });
    const atB = await b.sock.next((f) => f.type === 'pointer');
    expect(atB).toEqual({ type: 'pointer', peerId: a.peerId, x: 12.5, y: -3, button: 'down' });
    await c.sock.next((f) => f.type === 'pointer');
    await settle([a, b, c]);
    expect(a.framesOf('pointer')).toHaveLength(0);
    const later = await join(app, room.id, room.token, 'Barbara');
    expect(later.raw.join('')).not.toContain('"pointer"');
    expect(later.framesOf('snapshot')[0].seq).toBe(0);
    for (const p of [a, b, c, later]) await p.close();
  });

  it('[ROOM11] pointers are throttled to about 30 per second per peer; the latest position still arrives', async () => {
    const room = await createRoom(app);
    const a = await join(app, room.id, room.token, 'Ada');
    const b = await join(app, room.id, room.token, 'Grace');
    const started = Date.now();
    // 300 moves in about half a second: ten times the allowed rate.
    for (let i = 0; i < 300; i++) {
      a.sock.send({ type: 'pointer', x: i, y: i });
      if (i % 30 === 29) await sleep(50);
    }
    await until(() => b.framesOf('pointer').at(-1)?.x === 299, 'the last position');
    const elapsed = (Date.now() - started) / 1000;
    const got = b.framesOf('pointer').length;
    expect(got).toBeLessThanOrEqual(Math.ceil(elapsed * ROOM_LIMITS.pointerHz) + 2);
    expect(got).toBeGreaterThanOrEqual(3);
    const live = app.rooms.hub.get(room.id)!;
    expect(live.stats.pointersDropped).toBeGreaterThan(200);
    await a.close();
    await b.close();
  });

  it('[ROOM11] each peer has its own allowance', async () => {
    const room = await createRoom(app);
    const a = await join(app, room.id, room.token, 'Ada');
    const b = await join(app, room.id, room.token, 'Grace');
    const c = await join(app, room.id, room.token, 'Linus');
    a.sock.send({ type: 'pointer', x: 1, y: 1 });
    b.sock.send({ type: 'pointer', x: 2, y: 2 });
    await until(() => c.framesOf('pointer').length === 2, 'one pointer from each');
    expect(new Set(c.framesOf('pointer').map((f) => f.peerId))).toEqual(new Set([a.peerId, b.peerId]));
    for (const p of [a, b, c]) await p.close();
  });
});
