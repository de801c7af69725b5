// Limits with clear errors: frame size, elements per frame and per room, peers per room, chat
// length (named in ROOM_LIMITS).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOM_LIMITS } from '../../server/protocol/rooms.js';
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

describe('limits', () => {
  it('[LIM1] a frame over the size limit gets too_large and the connection stays usable; far over it, ws closes it', async () => {
    const room = await createRoom(app);
    const a = await join(app, room.id, room.token, 'Ada');
    a.sock.send({ type: 'chat', clientMessageId: 'big', text: 'x'.repeat(ROOM_LIMITS.frameBytes + 10) });
    const err = await a.sock.next((f) => f.type === 'error');
    expect(err.code).toBe('too_large');
    expect(err.message).toContain(`the limit is ${ROOM_LIMITS.frameBytes}`);
    a.edit(el('still-fine'));
    expect(await a.sock.next((f) => f.type === 'ack')).toMatchObject({ of: 'scene' });

    const closed = new Promise<{ code: number; reason: string }>((resolve) => a.sock.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    a.sock.sendRaw('y'.repeat(ROOM_LIMITS.frameBytes * 2 + 10));
    // 1009: "message too big" (ws closes before any frame could explain it).
    expect((await closed).code).toBe(1009);
  });

  it('[LIM2] a scene frame with too many elements is refused whole, naming the limit', async () => {
    const room = await createRoom(app);
    const a = await join(app, room.id, room.token, 'Ada');
    const b = await join(app, room.id, room.token, 'Grace');
    const many = Array.from({ length: ROOM_LIMITS.elementsPerFrame + 1 }, (_, i) => ({ id: `m${i}`, type: 'line', version: 1, versionNonce: i }));
    a.sock.send({ type: 'scene', elements: many });
    const err = await a.sock.next((f) => f.type === 'error');
    expect(err.code).toBe('limit_exceeded');
    expect(err.message).toContain(`at most ${ROOM_LIMITS.elementsPerFrame} elements`);
    await settle([a, b]);
    expect(b.framesOf('scene')).toHaveLength(0);
    await a.close();
    await b.close();
  });

  it('[LIM2] a room stops taking new elements at its limit, but edits of existing ones go through', async () => {
    const room = await createRoom(app);
    const a = await join(app, room.id, room.token, 'Ada');
    const chunk = ROOM_LIMITS.elementsPerFrame;
    let n = 0;
    while (n < ROOM_LIMITS.roomElements) {
      a.sock.send({ type: 'scene', elements: Array.from({ length: chunk }, () => ({ id: `f${n++}`, type: 'line', version: 1, versionNonce: n })) });
    }
    await settle([a]);
    a.sock.send({ type: 'scene', elements: [el('one-too-many')] });
    const err = await a.sock.next((f) => f.type === 'error');
    expect(err.code).toBe('too_many_elements');
    expect(err.message).toContain(`the limit is ${ROOM_LIMITS.roomElements}`);
    a.sock.send({ type: 'scene', elements: [{ id: 'f0', type: 'line', version: 2, versionNonce: 5, isDeleted: true }] });
    expect(await a.sock.next((f) => f.type === 'ack' && f.of === 'scene')).toBeTruthy();
    await a.close();
  });

  it('[LIM3] the peer over the room limit gets room_full and is closed; the others are untouched', async () => {
    const room = await createRoom(app);
    const peers = [];
    for (let i = 0; i < ROOM_LIMITS.peersPerRoom; i++) peers.push(await join(app, room.id, room.token, `p${i}`));
    const extra = await connect(roomSocketUrl(app, room.id, room.token));
    const closed = new Promise<{ code: number; reason: string }>((resolve) => extra.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    extra.send({ type: 'join', name: 'one too many' });
    const err = await extra.next((f) => f.type === 'error');
    expect(err).toMatchObject({ code: 'room_full' });
    expect(err.message).toContain(`at most ${ROOM_LIMITS.peersPerRoom} peers`);
    expect(await closed).toMatchObject({ code: 1008, reason: expect.stringContaining('full') });
    await settle(peers);
    expect(peers[0]!.framesOf('presence').at(-1).peers).toHaveLength(ROOM_LIMITS.peersPerRoom);
    // A seat frees up: the next one may join.
    await peers.pop()!.close();
    const next = await join(app, room.id, room.token, 'next');
    expect(next.snapshots).toBe(1);
    for (const p of [...peers, next]) await p.close();
  });

  it('[LIM4] chat over the length limit, an empty one and an overlong name are refused with clear messages', async () => {
    const room = await createRoom(app);
    const s = await connect(roomSocketUrl(app, room.id, room.token));
    s.send({ type: 'join', name: 'n'.repeat(ROOM_LIMITS.nameChars + 1) });
    expect((await s.next((f) => f.type === 'error')).message).toContain(`name is over ${ROOM_LIMITS.nameChars} characters`);
    s.send({ type: 'join', name: 'Ada' });
    await s.next((f) => f.type === 'snapshot');
    s.send({ type: 'chat', clientMessageId: 'long', text: 'z'.repeat(ROOM_LIMITS.chatChars + 1) });
    const long = await s.next((f) => f.type === 'error');
    expect(long).toMatchObject({ code: 'limit_exceeded' });
    expect(long.message).toContain(`chat text is over ${ROOM_LIMITS.chatChars} characters`);
    s.send({ type: 'chat', clientMessageId: 'empty', text: '   ' });
    expect((await s.next((f) => f.type === 'error')).message).toContain('chat text is empty');
    s.send({ type: 'chat', clientMessageId: 'ok', text: 'z'.repeat(ROOM_LIMITS.chatChars) });
    expect(await s.next((f) => f.type === 'chat')).toMatchObject({ clientMessageId: 'ok' });
    await s.close();
  });
});
