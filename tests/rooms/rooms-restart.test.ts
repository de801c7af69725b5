// Durability: a room's scene and chat survive a server restart (PGlite data dir in a temp dir, or
// the CI PostgreSQL when DATABASE_URL is set).
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, tempDir, type TestServer } from '../support/app.js';
import { createRoom, el, join, settle } from './support.js';

const open: TestServer[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close().catch(() => {});
});

async function boot(dataDir: string) {
  const s = await startTestServer({ dataDir });
  open.push(s);
  return s;
}

describe('room durability', () => {
  it('[ROOM14] the scene and chat survive a restart; peers connected at shutdown are told to go away', async () => {
    const dir = tempDir('rooms-');
    const a = await boot(dir);
    const room = await createRoom(a);
    const ada = await join(a, room.id, room.token, 'Ada');
    const grace = await join(a, room.id, room.token, 'Grace');
    ada.edit(el('db'), el('api'), el('gone'));
    grace.sock.send({ type: 'chat', clientMessageId: 'g1', text: 'Postgres or Cassandra?' });
    await settle([ada, grace]);
    ada.bump('gone', { isDeleted: true });
    grace.bump('api', { x: 321 });
    await settle([ada, grace]);
    const seqBefore = ada.lastSeq;
    const expected = ada.visible();

    const closed = new Promise<number>((resolve) => ada.sock.ws.once('close', (code) => resolve(code)));
    await open.pop()!.close(); // shutdown with both peers connected: within the 500 ms debounce
    expect(await closed).toBe(1001);

    const b = await boot(dir);
    const back = await join(b, room.id, room.token, 'Ada');
    const snap = back.framesOf('snapshot')[0];
    expect(back.visible()).toEqual(expected);
    expect(Object.keys(back.visible()).sort()).toEqual(['api', 'db']);
    expect(back.scene.get('api')).toMatchObject({ x: 321, version: 2 });
    expect(snap.chat.map((m: { text: string }) => m.text)).toEqual(['Postgres or Cassandra?']);
    // Resuming from before the restart still works: seqs only go up.
    back.edit(el('queue'));
    await settle([back]);
    expect(back.lastSeq).toBeGreaterThan(seqBefore);
    const resumed = await join(b, room.id, room.token, 'Grace', seqBefore);
    expect(resumed.framesOf('snapshot')[0].elements.map((e: { id: string }) => e.id)).toEqual(['queue']);
    await back.close();
    await resumed.close();
  });

  it('[ROOM14] the last peer leaving stores the scene at once', async () => {
    const a = await boot(tempDir('rooms-'));
    const room = await createRoom(a);
    const ada = await join(a, room.id, room.token, 'Ada');
    ada.edit(el('left-behind'));
    await settle([ada]);
    await ada.close();
    for (let i = 0; i < 100 && a.rooms.hub.get(room.id); i++) await new Promise((r) => setTimeout(r, 10));
    expect(a.rooms.hub.get(room.id)).toBeUndefined();
    expect((await a.rooms.store.scene(room.id)).map((s) => s.el.id)).toEqual(['left-behind']);
  });
});
