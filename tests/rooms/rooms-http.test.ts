// Creating rooms and their tokens, over the real HTTP server and socket upgrade.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/app.js';
import { connect } from '../support/ws-client.js';
import { createRoom, el, join, roomSocketUrl, settle } from './support.js';

let app: TestServer;
beforeAll(async () => {
  app = await startTestServer();
});
afterAll(async () => {
  await app?.close();
});

describe('room links and tokens', () => {
  it('[ROOM1] POST /api/rooms returns an id, a token and a link carrying the token in the fragment', async () => {
    const room = await createRoom(app);
    expect(room.mode).toBe('whiteboard');
    expect(room.id).toMatch(/^[A-Za-z0-9_-]{8,}$/);
    expect(room.token.length).toBeGreaterThanOrEqual(32);
    expect(room.url).toBe(`/#/rooms/${room.id}?token=${room.token}`);
    const other = await createRoom(app, { mode: 'whiteboard' });
    expect(other.token).not.toBe(room.token);
  });

  it('[ROOM1] GET /api/rooms/:id needs the token: 401 without, 404 with a wrong one or an unknown room', async () => {
    const room = await createRoom(app);
    expect((await app.api(`/api/rooms/${room.id}`)).status).toBe(401);
    const wrong = await app.api(`/api/rooms/${room.id}`, { token: 'not-the-token' });
    expect(wrong.status).toBe(404);
    expect(wrong.body.error.code).toBe('not_found');
    expect((await app.api('/api/rooms/nope', { token: room.token })).status).toBe(404);
    const ok = await app.api(`/api/rooms/${room.id}`, { token: room.token });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id: room.id, mode: 'whiteboard', role: 'peer', peers: [], elementCount: 0 });
  });

  it('[ROOM1] the socket refuses a missing token (401) and a wrong one (404); the header works too', async () => {
    const room = await createRoom(app);
    await expect(connect(roomSocketUrl(app, room.id))).rejects.toMatchObject({ status: 401 });
    await expect(connect(roomSocketUrl(app, room.id, 'wrong'))).rejects.toMatchObject({ status: 404 });
    await expect(connect(roomSocketUrl(app, 'unknown-room', room.token))).rejects.toMatchObject({ status: 404 });
    const ok = await connect(roomSocketUrl(app, room.id), { authorization: `Bearer ${room.token}` });
    ok.send({ type: 'join', name: 'Ada' });
    expect((await ok.next((f) => f.type === 'snapshot')).you).toMatchObject({ name: 'Ada', role: 'peer' });
    await ok.close();
  });

  it('[ROOM1] room info shows the peers, the mode and the element count', async () => {
    const room = await createRoom(app);
    const a = await join(app, room.id, room.token, 'Ada');
    const b = await join(app, room.id, room.token, 'Grace');
    a.edit(el('r1'), el('r2'), el('r3', 1, { isDeleted: true }));
    await settle([a, b]);
    const info = (await app.api(`/api/rooms/${room.id}`, { token: room.token })).body;
    expect(info.peers.map((p: { name: string }) => p.name).sort()).toEqual(['Ada', 'Grace']);
    expect(info.elementCount).toBe(2);
    expect(info.seq).toBeGreaterThan(0);
    await a.close();
    await b.close();
  });

  it('[ROOM1] a bad create body is a 400 naming the field', async () => {
    const res = await app.api('/api/rooms', { body: { mode: 'interview', problemId: 'url-shortener', level: 'staff' } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('level');
    const unknown = await app.api('/api/rooms', { body: { mode: 'interview', problemId: 'nope', level: 'mid' } });
    expect(unknown.status).toBe(404);
    expect((await app.api('/api/rooms', { body: 'not json' })).status).toBe(400);
  });
});
