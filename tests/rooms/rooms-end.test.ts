// Ending a peer interview and its report: the interviewer's `end` frame, the room clock at 'ended'
// for everyone, and GET /api/rooms/:id/report with the scorecard beside the AI shadow score.
// Runs on PGlite, and on PostgreSQL when DATABASE_URL is set.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../server/domain/phases.js';
import { parseEnv } from '../../server/env.js';
import { roomChannel } from '../../server/rooms/postgres-backplane.js';
import { RoomReportResponse } from '../../server/protocol/rooms.js';
import { startTestServer, type TestServer, usingPostgres } from '../support/app.js';
import { createRoom, el, join, settle } from './support.js';

let app: TestServer;
beforeAll(async () => {
  app = await startTestServer();
});
afterAll(async () => {
  await app?.close();
});

const PROBLEM = 'url-shortener';
const problem = () => app.bank.byId.get(PROBLEM)!;

async function interviewRoom(durationMinutes = 30) {
  const room = await createRoom(app, { mode: 'interview', problemId: PROBLEM, level: 'mid', durationMinutes });
  const candidate = await join(app, room.id, room.candidate!.token, 'Cid');
  const interviewer = await join(app, room.id, room.interviewer!.token, 'Ivy');
  return { room, candidate, interviewer };
}

const report = (id: string, token?: string) => app.api(`/api/rooms/${id}/report`, token ? { token } : {});

describe('ending a peer interview', () => {
  it('[RIV7] the interviewer ends it: everyone gets the clock at ended; the candidate and whiteboard peers may not', async () => {
    const { room, candidate, interviewer } = await interviewRoom();
    interviewer.sock.send({ type: 'start' });
    await candidate.sock.next((f) => f.type === 'clock' && f.clock.status === 'running');
    app.clock.advance(4 * MINUTE);

    candidate.sock.send({ type: 'end' });
    expect(await candidate.sock.next((f) => f.type === 'error')).toMatchObject({ code: 'forbidden' });
    await settle([candidate, interviewer]);
    expect((await app.rooms.store.get(room.id))!.endedAt).toBeNull();

    interviewer.sock.send({ type: 'end' });
    for (const p of [candidate, interviewer]) {
      const { clock } = await p.sock.next((f) => f.type === 'clock' && f.clock.status === 'ended');
      expect(clock).toMatchObject({ status: 'ended', elapsedMs: 4 * MINUTE, phase: 'estimation', remainingTotalMs: 0 });
    }
    const stored = (await app.rooms.store.get(room.id))!;
    expect(stored.endedAt?.getTime()).toBe(app.clock.now());

    // The clock stays where it stopped: no more ticks, a later start changes nothing.
    app.clock.advance(10 * MINUTE);
    interviewer.sock.send({ type: 'start' });
    expect((await interviewer.sock.next((f) => f.type === 'clock' && f.clock.status === 'ended')).clock).toMatchObject({ status: 'ended', elapsedMs: 4 * MINUTE });
    // A second end keeps the first time.
    interviewer.sock.send({ type: 'end' });
    await interviewer.sock.next((f) => f.type === 'clock' && f.clock.status === 'ended');
    expect((await app.rooms.store.get(room.id))!.endedAt?.getTime()).toBe(stored.endedAt!.getTime());

    // Newcomers and room info see it ended; the room itself stays usable.
    const late = await join(app, room.id, room.candidate!.token, 'Cid again');
    expect((await late.sock.next((f) => f.type === 'clock')).clock).toMatchObject({ status: 'ended', elapsedMs: 4 * MINUTE });
    expect((await app.api(`/api/rooms/${room.id}`, { token: room.candidate!.token })).body.interview.clock.status).toBe('ended');
    late.sock.send({ type: 'chat', clientMessageId: 'after-end', text: 'Thanks, that was useful' });
    expect(await late.sock.next((f) => f.type === 'ack' && f.of === 'chat')).toMatchObject({ clientMessageId: 'after-end' });
    for (const p of [candidate, interviewer, late]) await p.close();

    const board = await createRoom(app);
    const peer = await join(app, board.id, board.token, 'Ada');
    peer.sock.send({ type: 'end' });
    expect(await peer.sock.next((f) => f.type === 'error')).toMatchObject({ code: 'forbidden' });
    await peer.close();
  });
});

describe('the peer interview report', () => {
  it('[RIV8] 409 before the end; after it both roles get the scorecard beside an 8-dimension shadow score', async () => {
    const { room, candidate, interviewer } = await interviewRoom();
    const [iv, cand] = [room.interviewer!.token, room.candidate!.token];
    expect((await report(room.id, iv)).status).toBe(409); // waiting for the start
    interviewer.sock.send({ type: 'start' });
    await candidate.sock.next((f) => f.type === 'clock' && f.clock.status === 'running');
    const running = await report(room.id, cand);
    expect(running.status).toBe(409);
    expect(running.body.error.code).toBe('interview_running');

    candidate.sock.send({ type: 'chat', clientMessageId: 'c1', text: 'How many new links per day, and what is the read to write ratio?' });
    interviewer.sock.send({ type: 'chat', clientMessageId: 'i1', text: 'About 100 million a day; reads outnumber writes 100 to 1.' });
    candidate.sock.send({ type: 'chat', clientMessageId: 'c2', text: '100M a day is about 1,200 writes per second, so around 115k reads per second. I would put a Redis cache in front of the database.' });
    candidate.edit(el('lb', 1, { type: 'text', text: 'Load balancer' }), el('cache', 1, { type: 'text', text: 'Redis cache' }));
    interviewer.sock.send({ type: 'pivot', pivotId: problem().pivots[0]!.id });
    interviewer.sock.send({ type: 'scorecard', dimension: 'requirements', score: 3, notes: 'Asked about scale first' });
    interviewer.sock.send({ type: 'scorecard', dimension: 'estimation', score: 4, notes: 'Quick, sound numbers' });
    await settle([candidate, interviewer]);
    expect((await report(room.id, iv)).status).toBe(409);

    interviewer.sock.send({ type: 'end' });
    await candidate.sock.next((f) => f.type === 'clock' && f.clock.status === 'ended');
    // A debrief after the end is not scored (a moment later: this test's clock moves only by hand,
    // and a message at the very instant of the end would count).
    app.clock.advance(1_000);
    candidate.sock.send({ type: 'chat', clientMessageId: 'c3', text: 'DEBRIEF-ONLY: thanks!' });
    await settle([candidate, interviewer]);

    const asInterviewer = await report(room.id, iv);
    const asCandidate = await report(room.id, cand);
    for (const r of [asInterviewer, asCandidate]) {
      expect(r.status).toBe(200);
      const body = RoomReportResponse.parse(r.body);
      expect(body).toMatchObject({ roomId: room.id, level: 'mid', problem: { id: PROBLEM, title: problem().title } });
      expect(body.endedAt).not.toBeNull();
      expect(body.shadow.dimensions).toHaveLength(8);
      expect(body.dimensions.map((d) => d.id)).toEqual(body.shadow.dimensions.map((d) => d.id));
      expect(body.shadow.targetLevel).toBe('mid');
      expect(body.shadow.problem?.id).toBe(PROBLEM);
      expect(body.shadow.stats.candidateTurns).toBe(2);
      expect(body.shadow.pivot).not.toBeNull();
      expect(body.notesShared).toBe(false);
      // [RIV9] The candidate reads the scores; the notes stay the interviewer's until shared.
      expect(body.scorecard).toMatchObject(
        r === asInterviewer
          ? [
              { dimension: 'estimation', score: 4, notes: 'Quick, sound numbers' },
              { dimension: 'requirements', score: 3, notes: 'Asked about scale first' },
            ]
          : [
              { dimension: 'estimation', score: 4, notes: '' },
              { dimension: 'requirements', score: 3, notes: '' },
            ],
      );
      expect(JSON.stringify(body.shadow)).not.toContain('DEBRIEF-ONLY');
    }
    // Built once: both roles see the same shadow, stored on the room.
    expect(asCandidate.body.shadow).toEqual(asInterviewer.body.shadow);
    expect((await app.rooms.store.get(room.id))!.shadowReport).toEqual(asInterviewer.body.shadow);

    // The scorecard may still be edited after the end; the report shows it as it stands.
    interviewer.sock.send({ type: 'scorecard', dimension: 'communication', score: 2, notes: 'Quiet at times' });
    await interviewer.sock.next((f) => f.type === 'scorecard' && f.entries.length === 3);
    expect((await report(room.id, cand)).body.scorecard.map((e: { dimension: string }) => e.dimension)).toEqual(['communication', 'estimation', 'requirements']);
    for (const p of [candidate, interviewer]) await p.close();
  });

  it('[RIV9] the candidate gets no note over the socket or REST until the interviewer shares them; then the report shows them', async () => {
    const { room, candidate, interviewer } = await interviewRoom();
    const [iv, cand] = [room.interviewer!.token, room.candidate!.token];
    const NOTE = 'PRIVATE-NOTE: hesitant on sharding';
    // Everyone learns on join whether the notes are shared.
    expect(candidate.framesOf('notes')).toEqual([{ type: 'notes', shared: false }]);
    interviewer.sock.send({ type: 'start' });
    interviewer.sock.send({ type: 'scorecard', dimension: 'depth', score: 2, notes: NOTE });
    await interviewer.sock.next((f) => f.type === 'scorecard' && f.entries.length === 1);
    // The candidate may not share them itself.
    candidate.sock.send({ type: 'share_notes', shared: true });
    expect((await candidate.sock.next((f) => f.type === 'error')).code).toBe('forbidden');
    interviewer.sock.send({ type: 'end' });
    await candidate.sock.next((f) => f.type === 'clock' && f.clock.status === 'ended');
    // A candidate joining late, and one resuming, get no note either.
    const late = await join(app, room.id, cand, 'Cid again');
    await settle([candidate, interviewer, late]);

    const before = await report(room.id, cand);
    expect(before.status).toBe(200);
    expect(before.body.notesShared).toBe(false);
    expect(before.body.scorecard).toMatchObject([{ dimension: 'depth', score: 2, notes: '' }]);
    expect(JSON.stringify(before.body)).not.toContain('PRIVATE-NOTE');
    expect((await report(room.id, iv)).body.scorecard).toMatchObject([{ notes: NOTE }]);
    for (const p of [candidate, late]) expect(p.raw.join('\n')).not.toContain('PRIVATE-NOTE');

    interviewer.sock.send({ type: 'share_notes', shared: true });
    for (const p of [candidate, late, interviewer]) await p.sock.next((f) => f.type === 'notes' && f.shared === true);
    expect((await app.rooms.store.get(room.id))!.notesSharedAt).not.toBeNull();
    const after = await report(room.id, cand);
    expect(after.body.notesShared).toBe(true);
    expect(after.body.scorecard).toMatchObject([{ dimension: 'depth', score: 2, notes: NOTE }]);
    // Still never over the socket: the report is where a shared note is read.
    for (const p of [candidate, late]) expect(p.raw.join('\n')).not.toContain('PRIVATE-NOTE');

    // Taken back: private again.
    interviewer.sock.send({ type: 'share_notes', shared: false });
    await candidate.sock.next((f) => f.type === 'notes' && f.shared === false);
    // The frame may reach the candidate before another node's echo settles; what is stored decides.
    await expect.poll(async () => (await report(room.id, cand)).body.scorecard[0]?.notes, { timeout: 10_000 }).toBe('');
    for (const p of [candidate, interviewer, late]) await p.close();
  });

  it('[RIV8][ROOM14] the shadow score includes an element drawn just before the end (inside the scene debounce)', async () => {
    const { room, candidate, interviewer } = await interviewRoom();
    interviewer.sock.send({ type: 'start' });
    await candidate.sock.next((f) => f.type === 'clock' && f.clock.status === 'running');
    candidate.sock.send({ type: 'chat', clientMessageId: 'c1', text: 'I would start with who creates links and how often.' });
    await candidate.sock.next((f) => f.type === 'ack' && f.of === 'chat');
    // Acknowledged, so merged and ordered; on PGlite not stored for up to 500 ms.
    candidate.edit(el('lb', 1, { type: 'text', text: 'Load balancer' }));
    await candidate.sock.next((f) => f.type === 'ack' && f.of === 'scene');
    interviewer.sock.send({ type: 'end' });
    await interviewer.sock.next((f) => f.type === 'clock' && f.clock.status === 'ended');

    const res = await report(room.id, room.interviewer!.token);
    expect(res.status).toBe(200);
    const covered = res.body.shadow.components.covered.map((c: { id: string; where: string }) => `${c.id}:${c.where}`);
    expect(covered).toContain('load_balancer:diagram');
    // The stored shadow is the one served: built once, with the drawing.
    expect((await app.rooms.store.get(room.id))!.shadowReport).toEqual(res.body.shadow);
    for (const p of [candidate, interviewer]) await p.close();
  });

  it('[RIV8] the token decides: none is 401, a wrong one 404; a whiteboard room has no report', async () => {
    const room = await createRoom(app, { mode: 'interview', problemId: PROBLEM, level: 'senior', durationMinutes: 20 });
    expect((await report(room.id)).status).toBe(401);
    const wrong = await report(room.id, 'not-the-token');
    expect(wrong.status).toBe(404);
    expect(wrong.body.error.code).toBe('not_found');
    expect((await report('no-such-room', room.token)).status).toBe(404);
    const board = await createRoom(app);
    const none = await report(board.id, board.token);
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('not_an_interview');
  });

  it('[RIV8] when the time runs out the report opens without an end frame', async () => {
    const { room, candidate, interviewer } = await interviewRoom(10);
    interviewer.sock.send({ type: 'start' });
    await candidate.sock.next((f) => f.type === 'clock' && f.clock.status === 'running');
    candidate.sock.send({ type: 'chat', clientMessageId: 'c1', text: 'I would start with the requirements: who shortens links and how often?' });
    await settle([candidate, interviewer]);
    app.clock.advance(11 * MINUTE);
    await candidate.sock.next((f) => f.type === 'clock' && f.clock.status === 'ended', 5_000);
    const res = await report(room.id, room.candidate!.token);
    expect(res.status).toBe(200);
    expect(res.body.endedAt).toBeNull();
    expect(res.body.shadow.dimensions).toHaveLength(8);
    expect(res.body.scorecard).toEqual([]);
    for (const p of [candidate, interviewer]) await p.close();
  });
});

describe.skipIf(!usingPostgres)('ending on one node of two (PostgreSQL)', () => {
  it('[RIV7] the end reaches a candidate on the other node, and its report is the same', async () => {
    const other = await startTestServer({ clock: app.clock });
    try {
      const room = await createRoom(app, { mode: 'interview', problemId: PROBLEM, level: 'mid', durationMinutes: 30 });
      const candidate = await join(other, room.id, room.candidate!.token, 'Cid@2');
      const interviewer = await join(app, room.id, room.interviewer!.token, 'Ivy@1');
      interviewer.sock.send({ type: 'start' });
      await candidate.sock.next((f) => f.type === 'clock' && f.clock.status === 'running');
      interviewer.sock.send({ type: 'end' });
      expect((await candidate.sock.next((f) => f.type === 'clock' && f.clock.status === 'ended')).clock.status).toBe('ended');
      const a = await app.api(`/api/rooms/${room.id}/report`, { token: room.interviewer!.token });
      const b = await other.api(`/api/rooms/${room.id}/report`, { token: room.candidate!.token });
      expect(a.status).toBe(200);
      expect(b.body.shadow).toEqual(a.body.shadow);
      for (const p of [candidate, interviewer]) await p.close();
    } finally {
      await other.close();
    }
  });

  it('[RIV5][RIV7] a node that missed the end (and a scorecard change) catches up when its listener reconnects', async () => {
    const other = await startTestServer({ clock: app.clock });
    try {
      const room = await createRoom(app, { mode: 'interview', problemId: PROBLEM, level: 'mid', durationMinutes: 30 });
      const interviewer = await join(app, room.id, room.interviewer!.token, 'Ivy@1');
      const candidate = await join(other, room.id, room.candidate!.token, 'Cid@2');
      const observer = await join(other, room.id, room.interviewer!.token, 'Ivy-too@2');
      interviewer.sock.send({ type: 'start' });
      await candidate.sock.next((f) => f.type === 'clock' && f.clock.status === 'running');
      app.clock.advance(3 * MINUTE);
      // Stored on the row but never notified: what node 2 would see had it missed the NOTIFYs.
      const endedAt = new Date(app.clock.now());
      await app.rooms.store.end(room.id, endedAt);
      await app.rooms.store.saveScorecard(room.id, { dimension: 'requirements', score: 3, notes: 'missed by node 2', updatedAt: endedAt });
      expect(other.rooms.hub.get(room.id)!.ended).toBe(false);

      const admin = postgres(parseEnv().DATABASE_URL!, { max: 1, onnotice: () => {} });
      try {
        const cut = await admin`select pg_terminate_backend(pid) from pg_stat_activity where query = ${`listen "${roomChannel(room.id)}"`} and pid <> pg_backend_pid()`;
        expect(cut.length).toBeGreaterThanOrEqual(1);
      } finally {
        await admin.end({ timeout: 5 });
      }
      const { clock } = await candidate.sock.next((f) => f.type === 'clock' && f.clock.status === 'ended', 15_000);
      expect(clock).toMatchObject({ status: 'ended', elapsedMs: 3 * MINUTE });
      expect(other.rooms.hub.get(room.id)!.ended).toBe(true);
      const card = await observer.sock.next((f) => f.type === 'scorecard' && f.entries.length === 1, 15_000);
      expect(card.entries[0]).toMatchObject({ dimension: 'requirements', score: 3, notes: 'missed by node 2' });
      expect(candidate.framesOf('scorecard')).toEqual([]);
      // The clock stays stopped on node 2: no running tick after the end.
      app.clock.advance(MINUTE);
      await new Promise((r) => setTimeout(r, 300));
      const after = candidate.framesOf('clock').slice(-1)[0];
      expect(after.clock.status).toBe('ended');
      for (const p of [candidate, interviewer, observer]) await p.close();
    } finally {
      await other.close();
    }
  });
});
