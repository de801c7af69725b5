// Scene sync, presence and chat between real WebSocket clients in one room (server/rooms/SPEC.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/app.js';
import { connect } from '../support/ws-client.js';
import { createRoom, el, join, type Peer, roomSocketUrl, settle, sleep, until } from './support.js';

let app: TestServer;
beforeAll(async () => {
  app = await startTestServer();
});
afterAll(async () => {
  await app?.close();
});

async function roomWith(...names: string[]) {
  const room = await createRoom(app);
  const peers: Peer[] = [];
  for (const n of names) peers.push(await join(app, room.id, room.token, n));
  return { room, peers };
}

/** The server's scene as a newcomer receives it. */
async function serverScene(roomId: string, token: string) {
  const probe = await join(app, roomId, token, 'probe');
  const scene = probe.visible();
  await probe.close();
  return scene;
}

describe('scene sync', () => {
  it('[ROOM2] the other peers get only the changed elements with a seq; the sender gets an ack, not an echo', async () => {
    const { peers } = await roomWith('Ada', 'Grace', 'Linus');
    const [a, b, c] = peers as [Peer, Peer, Peer];
    a.edit(el('box1'), el('box2'));
    await settle(peers);
    const first = b.framesOf('scene');
    expect(first).toHaveLength(1);
    expect(first[0].elements.map((e: { id: string }) => e.id).sort()).toEqual(['box1', 'box2']);
    expect(first[0].from).toBe(a.peerId);
    expect(c.framesOf('scene')).toHaveLength(1);
    expect(a.framesOf('scene')).toHaveLength(0);
    const ack = a.framesOf('ack').find((f) => f.of === 'scene');
    expect(ack.seq).toBe(first[0].seq);

    // One element changes: only that one travels.
    a.bump('box2', { x: 400 });
    await settle(peers);
    const second = b.framesOf('scene')[1];
    expect(second.elements).toHaveLength(1);
    expect(second.elements[0]).toMatchObject({ id: 'box2', x: 400, version: 2 });
    expect(second.seq).toBeGreaterThan(first[0].seq);

    // Sending what the room already holds changes nothing and is forwarded to nobody.
    a.edit(a.scene.get('box2')!);
    await settle(peers);
    expect(b.framesOf('scene')).toHaveLength(2);
    for (const p of peers) await p.close();
  });

  it('[ROOM2] a sender whose element lost the merge is sent the winner in its ack', async () => {
    const { peers } = await roomWith('Ada', 'Grace');
    const [a, b] = peers as [Peer, Peer];
    a.edit(el('x', 5));
    await settle(peers);
    // Grace edits an old copy (say, while Ada's update was on the way): version 3 loses.
    b.sock.send({ type: 'scene', elements: [{ ...el('x', 3), x: 999 }] });
    const ack = await b.sock.next((f) => f.type === 'ack' && f.elements);
    expect(ack.elements[0]).toMatchObject({ id: 'x', version: 5 });
    await settle(peers);
    expect(a.framesOf('scene')).toHaveLength(0);
    for (const p of peers) await p.close();
  });

  it('[ROOM3] three peers converge after concurrent edits of the same elements and deletes', async () => {
    const { room, peers } = await roomWith('Ada', 'Grace', 'Linus');
    const [a, b, c] = peers as [Peer, Peer, Peer];
    a.edit(...Array.from({ length: 20 }, (_, i) => el(`s${i}`)));
    await settle(peers);
    // Everyone edits the same elements at once, without waiting for each other.
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 20; i += 1) {
        const p = peers[(i + round) % 3]!;
        p.bump(`s${i}`, { x: round * 100 + i, by: p.peerId });
        if (i % 7 === round) peers[(i + 1) % 3]!.bump(`s${i}`, { isDeleted: true });
      }
      b.edit(el(`new-${round}-b`));
      c.edit(el(`new-${round}-c`));
    }
    await settle(peers);
    const expected = await serverScene(room.id, room.token);
    expect(Object.keys(expected).length).toBeGreaterThan(5);
    for (const p of peers) expect(p.visible()).toEqual(expected);
    for (const p of peers) await p.close();
  });

  it('[ROOM3] a peer that drops and rejoins with its lastSeq converges with the others', async () => {
    const { room, peers } = await roomWith('Ada', 'Grace');
    const [a, b] = peers as [Peer, Peer];
    a.edit(el('k1'), el('k2'), el('k3'));
    await settle(peers);
    const seen = b.lastSeq;
    const kept = new Map(b.scene);
    await b.close();
    a.bump('k1', { x: 1 });
    a.bump('k2', { isDeleted: true });
    a.edit(el('k4'));
    await settle([a]);
    const back = await join(app, room.id, room.token, 'Grace', seen);
    for (const [id, e] of kept) if (!back.scene.has(id)) back.scene.set(id, e); // what it held before
    const snap = back.framesOf('snapshot')[0];
    expect(snap.full).toBe(false);
    expect(snap.elements.map((e: { id: string }) => e.id).sort()).toEqual(['k1', 'k2', 'k4']);
    expect(back.visible()).toEqual(a.visible());
    expect(back.visible()).toEqual(await serverScene(room.id, room.token));
    await a.close();
    await back.close();
  });

  it('[ROOM4] a newcomer gets the merged scene once, from the server; the others only see presence', async () => {
    const { room, peers } = await roomWith('Ada', 'Grace', 'Linus');
    peers[0]!.edit(el('n1'), el('n2'));
    peers[1]!.edit(el('n3'));
    peers[2]!.edit(el('n4', 1, { isDeleted: true }));
    await settle(peers);
    const before = peers.map((p) => p.raw.length);
    const newcomer = await join(app, room.id, room.token, 'Barbara');
    await settle([...peers, newcomer]);
    expect(newcomer.snapshots).toBe(1);
    expect(newcomer.framesOf('scene')).toHaveLength(0);
    const snap = newcomer.framesOf('snapshot')[0];
    expect(snap.full).toBe(true);
    expect(snap.elements.map((e: { id: string }) => e.id).sort()).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(snap.peers).toHaveLength(4);
    // Each existing peer got one presence frame and a pong, and was never asked for its scene.
    peers.forEach((p, i) => {
      const got = p.raw.slice(before[i]).map((r) => JSON.parse(r).type);
      expect(got.filter((t) => t !== 'pong')).toEqual(['presence']);
    });
    for (const p of [...peers, newcomer]) await p.close();
  });

  it('[ROOM5] joining with lastSeq sends only the elements changed since, and the chat after it', async () => {
    const { room, peers } = await roomWith('Ada');
    const a = peers[0]!;
    a.edit(...Array.from({ length: 50 }, (_, i) => el(`e${i}`)));
    a.sock.send({ type: 'chat', clientMessageId: 'c-before', text: 'before' });
    await settle([a]);
    const mark = a.lastSeq;
    a.bump('e7', { x: 7 });
    a.bump('e9', { isDeleted: true });
    a.sock.send({ type: 'chat', clientMessageId: 'c-after', text: 'after' });
    await settle([a]);
    const resumed = await join(app, room.id, room.token, 'Ada again', mark);
    const snap = resumed.framesOf('snapshot')[0];
    expect(snap.full).toBe(false);
    expect(snap.elements.map((e: { id: string }) => e.id).sort()).toEqual(['e7', 'e9']);
    expect(snap.chat.map((m: { text: string }) => m.text)).toEqual(['after']);
    expect(snap.seq).toBe(a.lastSeq);
    // Up to date: nothing at all.
    const current = await join(app, room.id, room.token, 'Ada thrice', a.lastSeq);
    expect(current.framesOf('snapshot')[0].elements).toEqual([]);
    // A seq the room never reached: the whole scene.
    const lost = await join(app, room.id, room.token, 'Ada lost', a.lastSeq + 1000);
    expect(lost.framesOf('snapshot')[0]).toMatchObject({ full: true });
    expect(lost.framesOf('snapshot')[0].elements).toHaveLength(50);
    for (const p of [a, resumed, current, lost]) await p.close();
  });
});

describe('frames, presence and chat', () => {
  it('[ROOM6] bad frames get an error frame and the connection stays usable', async () => {
    const room = await createRoom(app);
    const s = await connect(roomSocketUrl(app, room.id, room.token));
    s.send({ type: 'scene', elements: [] });
    expect(await s.next((f) => f.type === 'error')).toMatchObject({ code: 'join_first' });
    s.sendRaw('not json');
    expect((await s.next((f) => f.type === 'error')).message).toContain('not JSON');
    s.send({ type: 'join' });
    expect((await s.next((f) => f.type === 'error')).message).toContain('name');
    s.send({ type: 'join', name: 'Ada' });
    await s.next((f) => f.type === 'snapshot');
    s.send({ type: 'teleport' });
    expect(await s.next((f) => f.type === 'error')).toMatchObject({ code: 'bad_frame' });
    s.send({ type: 'scene', elements: [{ id: 'a', type: 'rectangle', version: 'two' }] });
    expect((await s.next((f) => f.type === 'error')).message).toMatch(/elements\.0\.version/);
    s.send({ type: 'join', name: 'Ada' });
    expect((await s.next((f) => f.type === 'error')).message).toContain('already');
    s.sendRaw(Buffer.from([1, 2, 3]));
    expect((await s.next((f) => f.type === 'error')).message).toContain('JSON text');
    s.send({ type: 'chat', clientMessageId: 'nul', text: 'a\u0000b' });
    expect((await s.next((f) => f.type === 'error')).message).toContain('NUL');
    s.send({ type: 'scene', elements: [el('fine')] });
    expect(await s.next((f) => f.type === 'ack')).toMatchObject({ of: 'scene' });
    await s.close();
  });

  it('[ROOM7] everyone sees peers join and leave, with their names and roles', async () => {
    const room = await createRoom(app);
    const a = await join(app, room.id, room.token, 'Ada');
    const b = await join(app, room.id, room.token, 'Grace');
    await until(() => a.framesOf('presence').some((f) => f.peers.length === 2), 'Ada sees Grace');
    const both = a.framesOf('presence').at(-1).peers;
    expect(both.map((p: { name: string }) => p.name).sort()).toEqual(['Ada', 'Grace']);
    expect(both.every((p: { role: string; peerId: string }) => p.role === 'peer' && p.peerId)).toBe(true);
    await b.close();
    await until(() => a.framesOf('presence').at(-1).peers.length === 1, 'Ada sees Grace leave');
    expect(a.framesOf('presence').at(-1).peers[0].name).toBe('Ada');
    await a.close();
  });

  it('[ROOM13] chat is stored with a seq before it is broadcast, and a resend is only acknowledged', async () => {
    const { room, peers } = await roomWith('Ada', 'Grace');
    const [a, b] = peers as [Peer, Peer];
    a.sock.send({ type: 'chat', clientMessageId: 'hello-1', text: '  Shall we start with the API?  ' });
    const got = await b.sock.next((f) => f.type === 'chat');
    expect(got).toMatchObject({ text: 'Shall we start with the API?', name: 'Ada', clientMessageId: 'hello-1', kind: 'message' });
    const ack = await a.sock.next((f) => f.type === 'ack' && f.of === 'chat');
    expect(ack.seq).toBe(got.seq);
    a.sock.send({ type: 'chat', clientMessageId: 'hello-1', text: 'Shall we start with the API?' });
    expect(await a.sock.next((f) => f.type === 'ack' && f.of === 'chat')).toMatchObject({ seq: got.seq, duplicate: true });
    await settle(peers);
    expect(b.framesOf('chat')).toHaveLength(1);
    // Stored: a newcomer sees it in the snapshot.
    const c = await join(app, room.id, room.token, 'Linus');
    expect(c.framesOf('snapshot')[0].chat).toMatchObject([{ seq: got.seq, text: 'Shall we start with the API?' }]);
    for (const p of [a, b, c]) await p.close();
  });

  it('[ROOM3] many peers editing at once all end with the same scene', async () => {
    const { room, peers } = await roomWith('p1', 'p2', 'p3', 'p4', 'p5', 'p6');
    peers.forEach((p, i) => p.edit(el(`own-${i}`), el('shared', 1 + i)));
    for (let k = 0; k < 10; k++) peers.forEach((p, i) => p.edit({ ...el(`own-${i}`, 2 + k), x: k }));
    await sleep(20);
    await settle(peers);
    const expected = await serverScene(room.id, room.token);
    expect(Object.keys(expected)).toHaveLength(7);
    for (const p of peers) expect(p.visible()).toEqual(expected);
    for (const p of peers) await p.close();
  });
});
