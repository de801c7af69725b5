// Peer interview rooms: two links, the interviewer's kit, pivots, the scorecard and the room clock;
// the candidate's connection never receives a hidden fact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../server/domain/phases.js';
import { INTERVIEWER_ONLY_FRAMES } from '../../server/protocol/rooms.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { createRoom, el, join, type Peer, settle } from './support.js';

let app: TestServer;
beforeAll(async () => {
  app = await startTestServer();
});
afterAll(async () => {
  await app?.close();
});

const PROBLEM = 'url-shortener';
const problem = () => app.bank.byId.get(PROBLEM)!;

/** Everything the candidate must never see: facts, reference figures, probes, components. */
function secrets(): string[] {
  const p = problem();
  return [
    ...p.facts.map((f) => f.answer),
    ...p.estimates.map((e) => e.derivation),
    ...p.deepDives.flatMap((d) => d.probes.map((q) => q.ask)),
    ...p.components.map((c) => c.question),
  ];
}

async function interviewRoom(durationMinutes = 30) {
  const room = await createRoom(app, { mode: 'interview', problemId: PROBLEM, level: 'senior', durationMinutes });
  const candidate = await join(app, room.id, room.candidate!.token, 'Cid');
  const interviewer = await join(app, room.id, room.interviewer!.token, 'Ivy');
  return { room, candidate, interviewer };
}

function expectNoSecrets(candidate: Peer) {
  const everything = candidate.raw.join('\n');
  for (const s of secrets()) expect(everything).not.toContain(s);
  for (const t of INTERVIEWER_ONLY_FRAMES) expect(candidate.framesOf(t)).toEqual([]);
}

describe('peer interview', () => {
  it('[RIV1] an interview room has two links; the token decides the role', async () => {
    const room = await createRoom(app, { mode: 'interview', problemId: PROBLEM, level: 'mid' });
    expect(room.mode).toBe('interview');
    expect(room.interviewer!.url).toBe(`/#/rooms/${room.id}?token=${room.interviewer!.token}`);
    expect(room.candidate!.url).toBe(`/#/rooms/${room.id}?token=${room.candidate!.token}`);
    expect(room.token).toBe(room.interviewer!.token);
    expect(room.candidate!.token).not.toBe(room.interviewer!.token);
    const asCandidate = await app.api(`/api/rooms/${room.id}`, { token: room.candidate!.token });
    expect(asCandidate.body).toMatchObject({ role: 'candidate', mode: 'interview', interview: { problem: { id: PROBLEM, title: problem().title }, level: 'mid', durationMinutes: 45 } });
    expect(JSON.stringify(asCandidate.body)).not.toContain(problem().facts[0]!.answer);
    expect((await app.api(`/api/rooms/${room.id}`, { token: room.interviewer!.token })).body.role).toBe('interviewer');
  });

  it('[RIV2] the interviewer gets the kit; the candidate never receives any frame with a hidden fact', async () => {
    const { room, candidate, interviewer } = await interviewRoom();
    const kit = interviewer.framesOf('kit')[0];
    expect(kit.kit.facts.map((f: { answer: string }) => f.answer)).toEqual(problem().facts.map((f) => f.answer));
    expect(kit.kit.deepDives.length).toBe(problem().deepDives.length);
    expect(kit.kit.pivots.some((p: { source: string }) => p.source === 'problem')).toBe(true);
    expect(kit.kit.pivots.some((p: { source: string }) => p.source === 'generic')).toBe(true);
    expect(kit.kit.rubric.dimensions.map((d: { id: string }) => d.id)).toContain('adaptability');
    expect(kit.kit.rubric.dimensions.every((d: { expected?: string }) => d.expected && d.expected.length > 10)).toBe(true);
    expect(kit.kit.level).toBe('senior');

    // A whole session: chat both ways, drawing, the clock, a pivot, the scorecard, rejoins.
    interviewer.sock.send({ type: 'start' });
    candidate.sock.send({ type: 'chat', clientMessageId: 'q1', text: 'How many links a day?' });
    interviewer.sock.send({ type: 'chat', clientMessageId: 'a1', text: 'Assume a lot.' });
    candidate.edit(el('lb', 1, { text: 'load balancer' }));
    interviewer.sock.send({ type: 'pivot', pivotId: problem().pivots[0]!.id });
    interviewer.sock.send({ type: 'scorecard', dimension: 'requirements', score: 3, notes: 'Asked about scale; SECRET-NOTE' });
    await settle([candidate, interviewer]);
    await interviewer.close();
    const again = await join(app, room.id, room.interviewer!.token, 'Ivy');
    await settle([candidate, again]);
    const rejoined = await join(app, room.id, room.candidate!.token, 'Cid (phone)');
    await settle([candidate, again, rejoined]);

    expect(again.framesOf('kit')[0].scorecard).toMatchObject([{ dimension: 'requirements', score: 3 }]);
    for (const c of [candidate, rejoined]) {
      expectNoSecrets(c);
      expect(c.raw.join('\n')).not.toContain('SECRET-NOTE');
    }
    // The candidate did get the ordinary frames.
    expect(candidate.framesOf('chat').map((f) => f.text)).toContain('Assume a lot.');
    expect(candidate.framesOf('clock').length).toBeGreaterThan(0);
    for (const p of [candidate, again, rejoined]) await p.close();
  });

  it('[RIV3] a pivot card reaches everyone as a chat message of kind pivot, once; interviewers also get a pivot frame', async () => {
    const { candidate, interviewer } = await interviewRoom();
    const card = problem().pivots[1]!;
    interviewer.sock.send({ type: 'pivot', pivotId: card.id });
    const atCandidate = await candidate.sock.next((f) => f.type === 'chat' && f.kind === 'pivot');
    expect(atCandidate).toMatchObject({ text: card.text, role: 'interviewer', name: 'Ivy' });
    expect(atCandidate).not.toHaveProperty('pivotId');
    expect(await interviewer.sock.next((f) => f.type === 'pivot')).toMatchObject({ pivotId: card.id, seq: atCandidate.seq });
    interviewer.sock.send({ type: 'pivot', pivotId: card.id });
    await settle([candidate, interviewer]);
    expect(candidate.framesOf('chat').filter((f) => f.kind === 'pivot')).toHaveLength(1);
    interviewer.sock.send({ type: 'pivot', pivotId: 'no-such-pivot' });
    expect(await interviewer.sock.next((f) => f.type === 'error')).toMatchObject({ code: 'unknown_pivot' });
    candidate.sock.send({ type: 'pivot', pivotId: card.id });
    expect(await candidate.sock.next((f) => f.type === 'error')).toMatchObject({ code: 'forbidden' });
    for (const p of [candidate, interviewer]) await p.close();
  });

  it('[RIV4] the scorecard is stored per dimension and only interviewers see it; the candidate may not write it', async () => {
    const { room, candidate, interviewer } = await interviewRoom();
    interviewer.sock.send({ type: 'scorecard', dimension: 'estimation', score: 2, notes: 'Off by 10x on storage' });
    const sc = await interviewer.sock.next((f) => f.type === 'scorecard');
    expect(sc.entries).toMatchObject([{ dimension: 'estimation', score: 2, notes: 'Off by 10x on storage' }]);
    interviewer.sock.send({ type: 'scorecard', dimension: 'estimation', score: 3, notes: 'Recovered' });
    expect((await interviewer.sock.next((f) => f.type === 'scorecard')).entries).toMatchObject([{ dimension: 'estimation', score: 3, notes: 'Recovered' }]);
    interviewer.sock.send({ type: 'scorecard', dimension: 'estimation', score: 5, notes: '' });
    expect((await interviewer.sock.next((f) => f.type === 'error')).message).toContain('score is 1-4');
    interviewer.sock.send({ type: 'scorecard', dimension: 'charisma', score: 4, notes: '' });
    expect((await interviewer.sock.next((f) => f.type === 'error')).message).toContain('unknown dimension');
    candidate.sock.send({ type: 'scorecard', dimension: 'estimation', score: 4, notes: 'me' });
    expect(await candidate.sock.next((f) => f.type === 'error')).toMatchObject({ code: 'forbidden' });
    candidate.sock.send({ type: 'start' });
    expect(await candidate.sock.next((f) => f.type === 'error')).toMatchObject({ code: 'forbidden' });
    expect(await app.rooms.store.scorecard(room.id)).toMatchObject([{ dimension: 'estimation', score: 3, notes: 'Recovered' }]);
    await settle([candidate, interviewer]);
    expectNoSecrets(candidate);
    for (const p of [candidate, interviewer]) await p.close();
  });

  it('[RIV5] the room clock runs the phase plan from the interviewer\'s start', async () => {
    const { candidate, interviewer } = await interviewRoom(30);
    const waiting = candidate.framesOf('clock')[0].clock;
    expect(waiting).toMatchObject({ status: 'waiting', phase: 'requirements', elapsedMs: 0, totalMs: 30 * MINUTE });
    expect(waiting.plan.map((s: { phase: string }) => s.phase)).toEqual(['requirements', 'estimation', 'high_level_design', 'deep_dive', 'wrap_up']);
    interviewer.sock.send({ type: 'start' });
    const running = await candidate.sock.next((f) => f.type === 'clock' && f.clock.status === 'running');
    expect(running.clock.elapsedMs).toBe(0);
    app.clock.advance(4 * MINUTE); // past requirements (3m20s of 30 minutes)
    const later = await candidate.sock.next((f) => f.type === 'clock' && f.clock.phase === 'estimation', 5_000);
    expect(later.clock.elapsedMs).toBe(4 * MINUTE);
    app.clock.advance(30 * MINUTE);
    expect((await interviewer.sock.next((f) => f.type === 'clock' && f.clock.status === 'ended', 5_000)).clock.remainingTotalMs).toBe(0);
    for (const p of [candidate, interviewer]) await p.close();
  });

  it('[RIV6] the scorer seam returns the chat as turns, the diagram, the pivot and the scorecard', async () => {
    const { room, candidate, interviewer } = await interviewRoom();
    interviewer.sock.send({ type: 'start' });
    candidate.sock.send({ type: 'chat', clientMessageId: 'c1', text: 'What is the read to write ratio?' });
    candidate.edit(el('cache', 1, { type: 'text', text: 'Redis cache' }));
    await interviewer.sock.next((f) => f.type === 'chat');
    interviewer.sock.send({ type: 'pivot', pivotId: problem().pivots[0]!.id });
    interviewer.sock.send({ type: 'scorecard', dimension: 'adaptability', score: 4, notes: 'Handled the pivot' });
    await settle([candidate, interviewer]);
    for (const p of [candidate, interviewer]) await p.close();
    const record = (await app.rooms.interviewRecord(room.id))!;
    expect(record.input.level).toBe('senior');
    expect(record.input.problem?.id).toBe(PROBLEM);
    expect(record.input.turns.map((t) => [t.role, t.kind])).toEqual([
      ['candidate', 'message'],
      ['interviewer', 'pivot'],
    ]);
    expect(record.input.turns[0]!.phase).toBe('requirements');
    expect(record.input.pivot).toMatchObject({ pivotId: problem().pivots[0]!.id, turn: 2 });
    expect(record.input.diagramText).toContain('Redis cache');
    expect(record.scorecard).toMatchObject([{ dimension: 'adaptability', score: 4 }]);
    expect(await app.rooms.interviewRecord((await createRoom(app)).id)).toBeUndefined();
  });
});
