// [RPL10] A peer room's whiteboard is recorded like a solo interview's: every accepted change of a
// peer, at the room's time, rebuilt exactly from GET /api/rooms/:id/timeline (either role's token);
// an interview room's time is its clock's (0 before the interviewer starts it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../server/domain/phases.js';
import { BoardReplay, BoardTimeline } from '../../server/protocol/board-timeline.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { createRoom, el, join, type Peer, settle } from './support.js';

let app: TestServer;
// A loaded machine starts a server slowly.
beforeAll(async () => {
  app = await startTestServer();
}, 180_000);
afterAll(async () => {
  await app?.close();
});

async function timeline(roomId: string, token: string): Promise<BoardTimeline> {
  const res = await app.api(`/api/rooms/${roomId}/timeline`, { token });
  expect(res.status).toBe(200);
  return BoardTimeline.parse(res.body);
}

const visible = (scene: readonly Record<string, unknown>[]) =>
  Object.fromEntries(scene.filter((e) => !e.isDeleted).map((e) => [e.id as string, e.version as number]));
const held = (p: Peer) => Object.fromEntries(Object.values(p.visible()).map((e) => [e.id, e.version]));

describe('whiteboard replay in peer rooms', () => {
  it('[RPL10] a whiteboard room records each peer change at its time and rebuilds it', async () => {
    const t0 = app.clock.t;
    const room = await createRoom(app);
    const a = await join(app, room.id, room.token, 'Ada');
    const b = await join(app, room.id, room.token, 'Grace');
    const moments: Array<[number, Record<string, number>]> = [];
    const step = async (minute: number, edit: () => void) => {
      app.clock.t = t0 + minute * MINUTE;
      edit();
      await settle([a, b]);
      // The tap records once the room's edits pause; the GET records what still waits.
      moments.push([minute * MINUTE, held(b)]);
      expect(visible(new BoardReplay((await timeline(room.id, room.token)).entries).sceneAt(minute * MINUTE))).toEqual(held(b));
    };
    await step(1, () => a.edit(el('api'), el('db')));
    await step(3, () => b.edit(el('cache', 1, { x: 300 })));
    await step(5, () => a.bump('api', { x: 40 }));
    await step(7, () => b.bump('db', { isDeleted: true }));

    const t = await timeline(room.id, room.token);
    expect(t.entries.map((e) => e.t)).toEqual(moments.map(([at]) => at));
    const replay = new BoardReplay(t.entries);
    for (const [at, board] of moments) expect(visible(replay.sceneAt(at + 30_000))).toEqual(board);
    expect(replay.sceneAt(30_000)).toEqual([]);
    expect((await app.api(`/api/rooms/${room.id}/timeline`)).status).toBe(401);
    await a.close();
    await b.close();
  });

  it('[RPL10] an interview room runs on its clock: changes before the start are at 0, later ones at the interview time', async () => {
    const room = await createRoom(app, { mode: 'interview', problemId: 'url-shortener', level: 'mid', durationMinutes: 30 });
    const iv = await join(app, room.id, room.interviewer!.token, 'Ivy');
    const cand = await join(app, room.id, room.candidate!.token, 'Cid');
    cand.edit(el('lb'));
    await settle([iv, cand]);
    expect((await timeline(room.id, room.candidate!.token)).entries.map((e) => e.t)).toEqual([0]);

    iv.sock.send({ type: 'start' });
    await iv.sock.next((f) => f.type === 'clock' && f.clock.status === 'running');
    const start = app.clock.t;
    app.clock.t = start + 4 * MINUTE;
    cand.edit(el('svc'));
    await settle([iv, cand]);
    const t = await timeline(room.id, room.interviewer!.token);
    expect(t.entries.map((e) => e.t)).toEqual([0, 4 * MINUTE]);
    expect(t.phases.map((p) => p.phase)).toContain('deep_dive');
    expect(visible(new BoardReplay(t.entries).sceneAt(4 * MINUTE))).toEqual(held(iv));
    await iv.close();
    await cand.close();
  });
});
