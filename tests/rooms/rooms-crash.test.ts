// kill -9 of the real server process on embedded PGlite (DATA_DIR in a temp dir) right after an
// ack, a restart on the same data, and a client rejoining with its old lastSeq [ROOM14][SAFE20]:
// PGlite commits in its worker before the ack goes out, so nothing acknowledged is lost.
// PGlite only (the spawned processes never get DATABASE_URL), so it runs in both suite runs.
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/app.js';
import { createRoom, el, join, type ServerProcess, settle, sleep, spawnServer } from './support.js';

// Each case boots the real process twice (tsx, PGlite, migrations): give it room on a busy machine.
const BOOTS_TWICE_MS = 150_000;
const running: ServerProcess[] = [];
afterEach(async () => {
  while (running.length) await running.pop()!.kill();
});

async function boot(dataDir: string): Promise<ServerProcess> {
  const s = await spawnServer({ DATA_DIR: dataDir });
  running.push(s);
  return s;
}

describe('kill -9 right after an ack (PGlite)', () => {
  it('[ROOM14][SAFE20] a scene edit acknowledged on PGlite survives kill -9 right after its ack; the client resumes from its lastSeq', async () => {
    const dir = tempDir('rooms-crash-');
    const first = await boot(dir);
    expect((await first.api('/api/health')).body.db).toBe('pglite');
    const room = await createRoom(first);
    const ada = await join(first, room.id, room.token, 'Ada');
    ada.edit(el('kept'));
    await settle([ada]);
    const before = ada.lastSeq;

    ada.edit(el('acked'));
    const ack = await ada.sock.next((f) => f.type === 'ack' && f.of === 'scene' && f.seq > before);
    await first.kill(); // SIGKILL at once: no shutdown, no flush
    running.splice(running.indexOf(first), 1);

    const second = await boot(dir);
    const back = await join(second, room.id, room.token, 'Ada', ack.seq);
    const snap = back.framesOf('snapshot')[0];
    expect(snap.full).toBe(false); // everything up to the acknowledged seq is stored
    const fresh = await join(second, room.id, room.token, 'Grace');
    expect(Object.keys(fresh.visible()).sort()).toEqual(['acked', 'kept']);

    // A client from before the last edit resumes with only what changed after it.
    const resumed = await join(second, room.id, room.token, 'Linus', before);
    const rs = resumed.framesOf('snapshot')[0];
    expect(rs.full).toBe(false);
    expect(rs.elements.map((e: { id: string }) => e.id)).toEqual(['acked']);
    for (const p of [back, fresh, resumed]) await p.close();
  }, BOOTS_TWICE_MS);

  it('[ROOM13][ROOM14] a chat ack means the scene drawn before it is stored too', async () => {
    const dir = tempDir('rooms-crash-');
    const first = await boot(dir);
    const room = await createRoom(first);
    const ada = await join(first, room.id, room.token, 'Ada');
    ada.edit(el('drawn-before-chat'));
    ada.sock.send({ type: 'chat', clientMessageId: 'c1', text: 'I drew the cache' });
    const ack = await ada.sock.next((f) => f.type === 'ack' && f.of === 'chat');
    await first.kill();
    running.splice(running.indexOf(first), 1);

    const second = await boot(dir);
    const back = await join(second, room.id, room.token, 'Ada', ack.seq);
    const snap = back.framesOf('snapshot')[0];
    expect(snap.full).toBe(false);
    const fresh = await join(second, room.id, room.token, 'Grace');
    expect(Object.keys(fresh.visible())).toEqual(['drawn-before-chat']);
    expect(fresh.framesOf('snapshot')[0].chat.map((m: { text: string }) => m.text)).toEqual(['I drew the cache']);
    for (const p of [back, fresh]) await p.close();
  }, BOOTS_TWICE_MS);
});
