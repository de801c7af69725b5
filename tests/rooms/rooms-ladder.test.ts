// [RIV10] Coach mode's ladder in a peer interviewer's kit, over the real room socket: the interviewer
// asks with `{type:"ladder"}` and gets the open gaps of the room clock's phase, each with a nudge, a
// pointer and a sketch, read from what the room has said and drawn; the candidate can neither ask
// for it nor ever receive it, and no rung states a fact the candidate did not ask about.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revealsNoHiddenFact } from '../../server/domain/hints.js';
import { MINUTE, phasePlan } from '../../server/domain/phases.js';
import { KitLadder } from '../../server/protocol/rooms.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { createRoom, el, join, type Peer, settle } from './support.js';

let app: TestServer;
beforeAll(async () => {
  app = await startTestServer();
}, 300_000);
afterAll(async () => {
  await app?.close();
});

const PROBLEM = 'url-shortener';
const problem = () => app.bank.byId.get(PROBLEM)!;

async function askLadder(interviewer: Peer): Promise<KitLadder> {
  // Each frame is taken once: the answer to this request is the next ladder frame.
  interviewer.sock.send({ type: 'ladder' });
  const frame = await interviewer.sock.next((f) => f.type === 'ladder', 20_000);
  return KitLadder.parse(frame.ladder);
}

const keys = (l: KitLadder) => l.gaps.map((g) => g.key);

describe('[RIV10] the hint ladder in the interviewer kit', () => {
  it('[RIV10] the interviewer gets the ladder of the current phase, kept current by the chat, the board and the clock; the candidate never does', async () => {
    const room = await createRoom(app, { mode: 'interview', problemId: PROBLEM, level: 'mid', durationMinutes: 30 });
    const candidate = await join(app, room.id, room.candidate!.token, 'Cid');
    const interviewer = await join(app, room.id, room.interviewer!.token, 'Ivy');

    // Requirements, before anything was said: every fact is a gap, scale first, three rungs each.
    const first = await askLadder(interviewer);
    expect(first.phase).toBe('requirements');
    expect(keys(first)[0]).toBe('fact:scale');
    expect(new Set(keys(first))).toEqual(new Set(problem().facts.map((f) => `fact:${f.topic}`)));
    expect(first.gaps[0]!.rungs[0]).toBe('What about the scale?');
    for (const g of first.gaps) expect(g.rungs.every((r) => r.length > 5)).toBe(true);

    // The candidate asks about the scale: it is no longer a gap.
    interviewer.sock.send({ type: 'start' });
    candidate.sock.send({ type: 'chat', clientMessageId: 'q1', text: 'How many new links per day, and what does the peak traffic look like?' });
    await settle([candidate, interviewer]);
    const asked = await askLadder(interviewer);
    expect(keys(asked)).not.toContain('fact:scale');
    expect(keys(asked)).toContain('fact:latency');
    // The interviewer volunteers the latency target in their own words (its figures): given, too.
    const latency = problem().facts.find((f) => f.topic === 'latency')!;
    interviewer.sock.send({ type: 'chat', clientMessageId: 'a1', text: latency.answer });
    await settle([candidate, interviewer]);
    expect(keys(await askLadder(interviewer))).not.toContain('fact:latency');

    // The room clock moves on to the high-level design: an empty board comes first.
    const hld = phasePlan(30).find((s) => s.phase === 'high_level_design')!;
    app.clock.advance(hld.startMs + MINUTE);
    const design = await askLadder(interviewer);
    expect(design.phase).toBe('high_level_design');
    expect(keys(design)[0]).toBe('board:draw');
    expect(keys(design)).toContain('comp:cache');
    expect(design.gaps.find((g) => g.key === 'comp:cache')!.rungs[1]).toBe(problem().components.find((c) => c.id === 'cache')!.question);

    // The candidate draws a cache: the board and the cache stop being gaps.
    candidate.edit(el('cache', 1, { type: 'text', text: 'Redis cache' }));
    await settle([candidate, interviewer]);
    const drawn = await askLadder(interviewer);
    expect(keys(drawn)).not.toContain('board:draw');
    expect(keys(drawn)).not.toContain('comp:cache');
    expect(keys(drawn)).toContain('comp:database');

    // No rung or label states a fact the candidate had not asked for (scale and latency were given).
    const given = new Set(['scale', 'latency']);
    for (const l of [first, asked, design, drawn]) {
      for (const g of l.gaps) for (const text of [g.label, ...g.rungs]) expect(revealsNoHiddenFact(text, problem(), l === first ? new Set() : given), text).toBe(true);
    }

    // The candidate may not ask for it, and never receives it or any of its rungs.
    candidate.sock.send({ type: 'ladder' });
    expect(await candidate.sock.next((f) => f.type === 'error')).toMatchObject({ code: 'forbidden' });
    await settle([candidate, interviewer]);
    expect(candidate.framesOf('ladder')).toEqual([]);
    const seen = candidate.raw.join('\n');
    const sketches = [first, asked, design, drawn].flatMap((l) => l.gaps.map((g) => g.rungs[2]));
    for (const s of sketches) expect(seen).not.toContain(JSON.stringify(s).slice(1, -1));
    for (const p of [candidate, interviewer]) await p.close();
  });

  it('[RIV10] a whiteboard room has no ladder', async () => {
    const room = await createRoom(app);
    const peer = await join(app, room.id, room.token, 'Wes');
    peer.sock.send({ type: 'ladder' });
    expect(await peer.sock.next((f) => f.type === 'error')).toMatchObject({ code: 'forbidden' });
    expect(peer.framesOf('ladder')).toEqual([]);
    await peer.close();
  });
});
