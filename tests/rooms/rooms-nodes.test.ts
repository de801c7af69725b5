// Scale-out: two server instances in this process, each with its own postgres-js pool (two nodes
// as far as PostgreSQL is concerned), one room, peers on both. Needs the CI PostgreSQL.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../server/env.js';
import { canonical } from '../../server/domain/scene-merge.js';
import { roomChannel } from '../../server/rooms/postgres-backplane.js';
import { startTestServer, type TestServer, usingPostgres } from '../support/app.js';
import { createRoom, el, join, type Peer, settle, until } from './support.js';

if (!usingPostgres) console.log('rooms-nodes: DATABASE_URL is not set; the two-node PostgreSQL tests are skipped');

describe.skipIf(!usingPostgres)('two nodes, one PostgreSQL', () => {
  let n1: TestServer;
  let n2: TestServer;
  beforeAll(async () => {
    n1 = await startTestServer();
    n2 = await startTestServer();
  });
  afterAll(async () => {
    await n1?.close();
    await n2?.close();
  });

  // canonical(): PostgreSQL's jsonb does not keep key order, so compare content.
  const scenes = (peers: Peer[]) => peers.map((p) => canonical(p.visible()));
  const converged = (peers: Peer[]) => new Set(scenes(peers)).size === 1;

  it('[ROOM20] peers on different nodes see each other\'s edits, deletes and chat, in one seq order', async () => {
    expect(n1.rooms.backplane.kind).toBe('postgres');
    const room = await createRoom(n1);
    const a = await join(n1, room.id, room.token, 'Ada@1');
    const b = await join(n2, room.id, room.token, 'Grace@2');
    const c = await join(n1, room.id, room.token, 'Linus@1');
    const peers = [a, b, c];
    a.edit(...Array.from({ length: 10 }, (_, i) => el(`e${i}`)));
    await settle(peers);
    expect(b.scene.size).toBe(10);
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 10; i++) peers[(i + round) % 3]!.bump(`e${i}`, { x: round * 10 + i });
      b.bump(`e${round}`, { isDeleted: true });
      b.edit(el(`from-2-${round}`));
    }
    b.sock.send({ type: 'chat', clientMessageId: 'x-node', text: 'hello from node 2' });
    await settle(peers);
    await until(() => converged(peers), 'convergence across nodes');
    const probe = await join(n2, room.id, room.token, 'probe@2');
    expect(probe.visible()).toEqual(a.visible());
    expect(a.framesOf('chat').map((f) => f.text)).toEqual(['hello from node 2']);
    // Every peer saw durable frames in increasing seq order.
    for (const p of peers) {
      const seqs = p.raw.map((r) => JSON.parse(r)).filter((f) => f.type === 'scene' || f.type === 'chat').map((f) => f.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    }
    for (const p of [...peers, probe]) await p.close();
  });

  it('[ROOM21] a peer that moves to the other node resumes from its lastSeq', async () => {
    const room = await createRoom(n1);
    const a = await join(n1, room.id, room.token, 'Ada@1');
    const b = await join(n1, room.id, room.token, 'Grace@1');
    a.edit(el('m1'), el('m2'));
    await settle([a, b]);
    const seen = b.lastSeq;
    await b.close();
    a.bump('m1', { x: 5 });
    a.edit(el('m3'));
    await settle([a]);
    const moved = await join(n2, room.id, room.token, 'Grace@2', seen);
    const snap = moved.framesOf('snapshot')[0];
    expect(snap.full).toBe(false);
    expect(snap.elements.map((e: { id: string }) => e.id).sort()).toEqual(['m1', 'm3']);
    expect(snap.seq).toBe(a.lastSeq);
    await a.close();
    await moved.close();
  });

  it('[ROOM22] a scene far over NOTIFY\'s 8,000 bytes reaches the other node through the database', async () => {
    const room = await createRoom(n1);
    const a = await join(n1, room.id, room.token, 'Ada@1');
    const b = await join(n2, room.id, room.token, 'Grace@2');
    const big = Array.from({ length: 2_000 }, (_, i) => el(`big${i}`, 1, { text: `label number ${i}` }));
    a.edit(...big);
    await until(() => b.scene.size === 2_000, 'all 2,000 elements on node 2');
    expect(JSON.stringify(big).length).toBeGreaterThan(8_000 * 20);
    // Pointers are small and ride in the notification itself.
    a.sock.send({ type: 'pointer', x: 3, y: 4 });
    expect(await b.sock.next((f) => f.type === 'pointer')).toMatchObject({ peerId: a.peerId, x: 3, y: 4 });
    await a.close();
    await b.close();
  });

  it('[ROOM23] presence covers both nodes: joins and leaves on one are seen on the other', async () => {
    const room = await createRoom(n1);
    const a = await join(n1, room.id, room.token, 'Ada@1');
    const b = await join(n2, room.id, room.token, 'Grace@2');
    await until(() => a.framesOf('presence').some((f) => f.peers.length === 2), 'node 1 sees Grace');
    const names = (p: Peer) => (p.framesOf('presence').at(-1)?.peers ?? []).map((x: { name: string }) => x.name).sort();
    await until(() => names(b).length === 2, 'node 2 sees Ada');
    expect(names(b)).toEqual(['Ada@1', 'Grace@2']);
    const info = (await n2.api(`/api/rooms/${room.id}`, { token: room.token })).body;
    expect(info.peers).toHaveLength(2);
    await b.close();
    await until(() => names(a).length === 1, 'node 1 sees Grace leave');
    await a.close();
  });

  it('[ROOM21] after the listening connections are cut, a node reads what it missed', async () => {
    const room = await createRoom(n1);
    const a = await join(n1, room.id, room.token, 'Ada@1');
    const b = await join(n2, room.id, room.token, 'Grace@2');
    a.edit(el('before'));
    await until(() => b.scene.has('before'), 'the first edit');
    const admin = postgres(parseEnv().DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      const cut = await admin`select pg_terminate_backend(pid) from pg_stat_activity where query = ${`listen "${roomChannel(room.id)}"`} and pid <> pg_backend_pid()`;
      expect(cut.length).toBe(2);
    } finally {
      await admin.end({ timeout: 5 });
    }
    a.edit(el('during'));
    await until(() => b.scene.has('during'), 'the edit made while node 2 was not listening', 15_000);
    await a.close();
    await b.close();
  });
});
