// Scale-out with real processes: two `node --import tsx server/main.ts` processes on the CI
// PostgreSQL (each its own pool, its own LISTEN connection, its own event loop), one room created
// over HTTP on node A, WebSocket peers on A and B. rooms-nodes.test.ts covers the same rules with
// two instances inside the vitest process; this one is the "two processes" of the issue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonical } from '../../server/domain/scene-merge.js';
import { usingPostgres } from '../support/app.js';
import { parseEnv } from '../../server/env.js';
import { createRoom, el, join, type Peer, type ServerProcess, settle, spawnServer, until } from './support.js';

if (!usingPostgres) console.log('rooms-processes: DATABASE_URL is not set; the two-process PostgreSQL tests are skipped');

describe.skipIf(!usingPostgres)('two server processes, one PostgreSQL', () => {
  const nodes: ServerProcess[] = [];
  let a: ServerProcess;
  let b: ServerProcess;
  beforeAll(async () => {
    const env = { DATABASE_URL: parseEnv().DATABASE_URL! };
    const started = await Promise.allSettled([spawnServer(env), spawnServer(env)]);
    for (const r of started) if (r.status === 'fulfilled') nodes.push(r.value);
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    [a, b] = nodes as [ServerProcess, ServerProcess];
  }, 120_000);
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.kill()));
  });

  const names = (p: Peer) => (p.framesOf('presence').at(-1)?.peers ?? []).map((x: { name: string }) => x.name).sort();

  it('[ROOM20][ROOM21][ROOM23] edits, deletes, chat and presence cross between the processes', async () => {
    expect((await a.api('/api/health')).body.db).toBe('postgres');
    expect(a.url).not.toBe(b.url);
    const room = await createRoom(a);
    const ada = await join(a, room.id, room.token, 'Ada@A');
    const grace = await join(b, room.id, room.token, 'Grace@B');

    // Presence across both processes.
    await until(() => names(ada).length === 2 && names(grace).length === 2, 'each process sees both peers');
    expect(names(ada)).toEqual(['Ada@A', 'Grace@B']);
    expect(names(grace)).toEqual(['Ada@A', 'Grace@B']);
    expect((await b.api(`/api/rooms/${room.id}`, { token: room.token })).body.peers).toHaveLength(2);

    // Edits from each side.
    ada.edit(el('a1'), el('a2'), el('a3'));
    grace.edit(el('b1'), el('b2'));
    await settle([ada, grace]);
    await until(() => ada.scene.size === 5 && grace.scene.size === 5, 'five elements on both sides');

    // Edits of the other side's elements, and deletes from each side.
    ada.bump('b1', { x: 111 });
    grace.bump('a1', { x: 222 });
    ada.bump('b2', { isDeleted: true });
    grace.bump('a3', { isDeleted: true });
    await settle([ada, grace]);
    const visible = ['a1', 'a2', 'b1'];
    await until(() => Object.keys(ada.visible()).join() === visible.join() && Object.keys(grace.visible()).join() === visible.join(), 'the deletes on both sides');
    expect(canonical(ada.visible())).toBe(canonical(grace.visible()));
    expect(grace.scene.get('b1')).toMatchObject({ x: 111, version: 2 });
    expect(ada.scene.get('a1')).toMatchObject({ x: 222, version: 2 });

    // Chat from each side, stored once, seen by both in one seq order.
    ada.sock.send({ type: 'chat', clientMessageId: 'from-a', text: 'hello from process A' });
    await ada.sock.next((f) => f.type === 'ack' && f.of === 'chat');
    grace.sock.send({ type: 'chat', clientMessageId: 'from-b', text: 'hello from process B' });
    await grace.sock.next((f) => f.type === 'ack' && f.of === 'chat');
    await until(() => ada.framesOf('chat').length === 2 && grace.framesOf('chat').length === 2, 'both chat messages on both sides');
    for (const p of [ada, grace]) expect(p.framesOf('chat').map((f) => f.text)).toEqual(['hello from process A', 'hello from process B']);

    // A newcomer on B gets the merged scene from the database, once.
    const probe = await join(b, room.id, room.token, 'probe@B');
    expect(canonical(probe.visible())).toBe(canonical(ada.visible()));
    expect(probe.framesOf('snapshot')[0].chat.map((m: { text: string }) => m.text)).toEqual(['hello from process A', 'hello from process B']);

    // Durable frames arrived in increasing seq order on both sides.
    for (const p of [ada, grace]) {
      const seqs = p.raw.map((r) => JSON.parse(r)).filter((f) => f.type === 'scene' || f.type === 'chat').map((f) => f.seq);
      expect(seqs.length).toBeGreaterThan(0);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    }

    // Leaves are seen on the other process.
    await probe.close();
    await grace.close();
    await until(() => names(ada).join() === 'Ada@A', 'process A sees the B peers leave');
    await ada.close();
  });

  it('[ROOM21] a peer that moves from process A to process B resumes from its lastSeq', async () => {
    const room = await createRoom(b);
    const ada = await join(a, room.id, room.token, 'Ada@A');
    const grace = await join(a, room.id, room.token, 'Grace@A');
    ada.edit(el('m1'), el('m2'));
    await settle([ada, grace]);
    const seen = grace.lastSeq;
    await grace.close();
    ada.bump('m1', { x: 5 });
    ada.edit(el('m3'));
    await settle([ada]);
    const moved = await join(b, room.id, room.token, 'Grace@B', seen);
    const snap = moved.framesOf('snapshot')[0];
    expect(snap.full).toBe(false);
    expect(snap.elements.map((e: { id: string }) => e.id).sort()).toEqual(['m1', 'm3']);
    expect(snap.seq).toBe(ada.lastSeq);
    await ada.close();
    await moved.close();
  });
});
