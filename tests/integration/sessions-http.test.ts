// A whole interview through the REST API against a real server and database (server/SPEC.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../server/domain/phases.js';
import { LIMITS } from '../../server/protocol/index.js';
import { messageId, startTestServer, type TestServer } from '../support/app.js';

let app: TestServer;
beforeAll(async () => {
  app = await startTestServer();
});
afterAll(async () => {
  await app?.close();
});

const problem = () => app.bank.byId.get('url-shortener')!;
const fact = (topic: string) => problem().facts.find((f) => f.topic === topic)!.answer;

async function newSession(body: Record<string, unknown> = { problemId: 'url-shortener', level: 'mid' }) {
  const res = await app.api('/api/sessions', { body });
  expect(res.status).toBe(201);
  return res.body as { id: string; token: string; phase: string; transcript: Array<{ role: string; text: string }> };
}

async function say(s: { id: string; token: string }, text: string, clientMessageId = messageId()) {
  const res = await app.api(`/api/sessions/${s.id}/messages`, { token: s.token, body: { clientMessageId, text } });
  return res;
}

describe('health and problems', () => {
  it('[API1] health names the database and the interviewer', async () => {
    const res = await app.api('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, interviewer: 'offline' });
    expect(['pglite', 'postgres']).toContain(res.body.db);
  });

  it('[API2] the problem list never shows hidden facts, estimates or probes', async () => {
    const res = await app.api('/api/problems');
    expect(res.status).toBe(200);
    expect(res.body.problems.length).toBe(app.bank.problems.length);
    const one = await app.api('/api/problems/url-shortener');
    expect(one.body.statement).toBe(problem().statement);
    const raw = JSON.stringify([res.body, one.body]);
    expect(raw).not.toContain(fact('scale'));
    expect(raw).not.toContain('"facts"');
    expect(raw).not.toContain('"estimates"');
    expect((await app.api('/api/problems/nope')).status).toBe(404);
  });
});

describe('creating sessions', () => {
  it('[API3] returns an id, a token and the opening with the statement', async () => {
    const s = await newSession();
    expect(s.id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(s.token.length).toBeGreaterThanOrEqual(30);
    expect(s.phase).toBe('requirements');
    expect(s.transcript[0]!.text).toContain(problem().statement);
  });

  it('[API4] refuses an unknown problem, a bad level and a length out of range with a clear 4xx', async () => {
    const unknown = await app.api('/api/sessions', { body: { problemId: 'nope', level: 'mid' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('nope');
    const level = await app.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'staff' } });
    expect(level.status).toBe(400);
    expect(level.body.error.message).toMatch(/level/);
    for (const durationMinutes of [5, 91, 30.5]) {
      const r = await app.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'mid', durationMinutes } });
      expect(r.status).toBe(400);
      expect(r.body.error.message).toMatch(/durationMinutes/);
    }
    const notJson = await app.api('/api/sessions', { body: '{oops' });
    expect(notJson.status).toBe(400);
  });

  it('[SEC1] every session call needs its own token: missing 401, wrong or another session\'s 404', async () => {
    const a = await newSession();
    const b = await newSession();
    expect((await app.api(`/api/sessions/${a.id}`)).status).toBe(401);
    expect((await app.api(`/api/sessions/${a.id}`, { token: 'x'.repeat(32) })).status).toBe(404);
    const cross = await app.api(`/api/sessions/${a.id}`, { token: b.token });
    expect(cross.status).toBe(404);
    expect(JSON.stringify(cross.body)).not.toContain(a.id + '"');
    expect((await say({ id: a.id, token: b.token }, 'hello')).status).toBe(404);
    expect((await app.api(`/api/sessions/${a.id}`, { token: a.token })).status).toBe(200);
  });

  it('[SEC4] a REST call with the token in the query string is refused: the header is the only way', async () => {
    const s = await newSession();
    const viaQuery = await app.api(`/api/sessions/${s.id}?token=${s.token}`);
    expect(viaQuery.status).toBe(401);
    expect(JSON.stringify(viaQuery.body)).not.toContain('transcript');
    expect((await app.api(`/api/sessions/${s.id}/report?token=${s.token}`)).status).toBe(401);
  });

  it('[SEC2] tokens are stored hashed, never as given', async () => {
    const s = await newSession();
    const row = await app.db.db.query.sessions.findFirst({ where: (t, { eq }) => eq(t.id, s.id) });
    expect(row!.tokenHash).not.toContain(s.token);
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('[API5] lists the sessions created with the same client key, and only those', async () => {
    const key = `k${'a'.repeat(20)}${Date.now()}`;
    const mine = await app.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'senior' }, headers: { 'x-client-key': key } });
    await newSession();
    const list = await app.api('/api/sessions', { headers: { 'x-client-key': key } });
    expect(list.status).toBe(200);
    expect(list.body.sessions.map((x: { id: string }) => x.id)).toEqual([mine.body.id]);
    expect((await app.api('/api/sessions')).status).toBe(401);
  });
});

describe('messages', () => {
  it('[FACT3] answers a clarifying question with the hidden fact, the same words every time', async () => {
    const s = await newSession();
    const r1 = await say(s, 'How many users do we have, and how many links are created per day?');
    expect(r1.status).toBe(201);
    expect(r1.body.reply.text).toContain(fact('scale'));
    const other = await newSession();
    const r2 = await say(other, 'How many users do we have, and how many links are created per day?');
    expect(r2.body.reply.text).toBe(r1.body.reply.text);
    expect(r1.body.reply.revealed).toContain('scale');
  });

  it('[FACT4] a question the facts do not cover gets "your call, state an assumption"', async () => {
    const s = await newSession();
    const r = await say(s, 'Which programming language does the team prefer?');
    expect(r.body.reply.text).toMatch(/your call/i);
    expect(r.body.reply.text).toMatch(/assumption/i);
  });

  it('[MSG2] resending a clientMessageId returns the same turn and reply and stores nothing new', async () => {
    const s = await newSession();
    const id = messageId();
    const first = await say(s, 'What latency do redirects need?', id);
    const again = await say(s, 'What latency do redirects need?', id);
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    expect(again.body.candidate.seq).toBe(first.body.candidate.seq);
    expect(again.body.reply.seq).toBe(first.body.reply.seq);
    const view = await app.api(`/api/sessions/${s.id}`, { token: s.token });
    expect(view.body.transcript.filter((t: { role: string }) => t.role === 'candidate')).toHaveLength(1);
  });

  it('[MSG4] refuses empty text, text over the limit and a bad clientMessageId, storing nothing', async () => {
    const s = await newSession();
    expect((await say(s, '   ')).status).toBe(400);
    const long = await say(s, 'x'.repeat(4001));
    expect(long.status).toBe(400);
    expect(long.body.error.message).toMatch(/4000/);
    const badId = await app.api(`/api/sessions/${s.id}/messages`, { token: s.token, body: { clientMessageId: 'a b', text: 'hi' } });
    expect(badId.status).toBe(400);
    const view = await app.api(`/api/sessions/${s.id}`, { token: s.token });
    expect(view.body.transcript.filter((t: { role: string }) => t.role === 'candidate')).toHaveLength(0);
  });

  it('[SEC3] a body over the limit is refused with 413', async () => {
    const s = await newSession();
    const res = await app.api(`/api/sessions/${s.id}/diagram`, { method: 'PUT', token: s.token, body: { elements: [], svg: 'x'.repeat(3_000_000) } });
    expect(res.status).toBe(413);
  });
});

describe('estimation', () => {
  it('[EST5] checks stated figures against the reference ranges and follows up on a wrong one', async () => {
    const s = await newSession();
    await app.api(`/api/sessions/${s.id}/advance`, { token: s.token, body: {} });
    const wrong = await say(s, 'I think we get about 10 writes/s for link creation.');
    expect(wrong.body.phase).toBe('estimation');
    expect(wrong.body.reply.text).toMatch(/low/);
    expect(wrong.body.reply.text).toMatch(/Walk me through how you got 10 writes\/s/);
    const right = await say(s, 'Correction: 100M links a day is about 1.2k writes/s on average, 2.5k QPS at peak.');
    expect(right.body.reply.text).toMatch(/sensible range/);
    // It then asks for a figure not yet given, and never the same question twice.
    const replies = [right.body.reply.text];
    for (let i = 0; i < 4; i++) replies.push((await say(s, 'Let me think about that.')).body.reply.text);
    const questions = replies.filter((t) => /\?/.test(t));
    expect(new Set(questions).size).toBe(questions.length);
  });
});

describe('design phases', () => {
  it('[LIS10] health and every session say which interviewer runs', async () => {
    const health = await app.api('/api/health');
    expect(health.body).toMatchObject({ interviewer: 'offline', interviewerLabel: 'Built-in interviewer' });
    const s = await newSession();
    expect((await app.api(`/api/sessions/${s.id}`, { token: s.token })).body.interviewer).toBe('Built-in interviewer');
  });

  it('[DIA20] reads the whiteboard: asks about missing components and about arrows it sees', async () => {
    const s = await newSession();
    for (let i = 0; i < 2; i++) await app.api(`/api/sessions/${s.id}/advance`, { token: s.token, body: {} });
    const rect = (id: string, x: number, label: string) => [
      { id, type: 'rectangle', x, y: 0, width: 100, height: 60, version: 1, versionNonce: 1, isDeleted: false, boundElements: [{ id: `${id}-t`, type: 'text' }] },
      { id: `${id}-t`, type: 'text', x, y: 0, width: 80, height: 20, version: 1, versionNonce: 1, isDeleted: false, text: label, originalText: label, containerId: id },
    ];
    const elements = [
      ...rect('c', 0, 'Client'),
      ...rect('a', 200, 'API service'),
      { id: 'ar', type: 'arrow', x: 100, y: 30, width: 100, height: 0, version: 1, versionNonce: 1, isDeleted: false, points: [[0, 0], [100, 0]], startBinding: { elementId: 'c', focus: 0, gap: 1 }, endBinding: { elementId: 'a', focus: 0, gap: 1 } },
    ];
    const put = await app.api(`/api/sessions/${s.id}/diagram`, { method: 'PUT', token: s.token, body: { elements } });
    expect(put.status).toBe(200);
    expect(put.body.text).toContain('Client -> API service');
    const r = await say(s, 'Here is my first sketch.');
    const missing = problem().components.map((c) => c.question);
    expect(missing).toContain(r.body.reply.text.split(/(?<=[.!]) /).at(-1));
    // Keep talking until the component questions run out; an arrow question follows. Each question
    // ignored with "Noted" is asked once more before it is dropped ([LIS6]), hence two turns each.
    const texts: string[] = [];
    for (let i = 0; i < 2 * (problem().components.length + 2); i++) texts.push((await say(s, 'Noted, let me think.')).body.reply.text);
    expect(texts.some((t) => t.includes('Client talks to API service'))).toBe(true);
    const view = await app.api(`/api/sessions/${s.id}`, { token: s.token });
    expect(view.body.diagramText).toContain('Client -> API service');
  });

  it('[DIA21] a scene over the element limit is refused with a clear error', async () => {
    const s = await newSession();
    const elements = Array.from({ length: 5001 }, (_, i) => ({ id: `e${i}`, type: 'rectangle' }));
    const res = await app.api(`/api/sessions/${s.id}/diagram`, { method: 'PUT', token: s.token, body: { elements } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/5000/);
  });

  it('[DIA21] a whole scene over 2 MB is refused with 413 too_large, and the stored scene stays', async () => {
    const s = await newSession();
    const keep = [{ id: 'keep', type: 'text', version: 1, versionNonce: 1, text: 'App server' }];
    await app.api(`/api/sessions/${s.id}/diagram`, { method: 'PUT', token: s.token, body: { elements: keep } });
    // Under the body limit (2.5 MB), over the scene limit (2 MB).
    const elements = Array.from({ length: 4 }, (_, i) => ({ id: `big-${i}`, type: 'text', version: 1, versionNonce: i, text: 'x'.repeat(LIMITS.sceneBytes / 4 + 1000) }));
    const res = await app.api(`/api/sessions/${s.id}/diagram`, { method: 'PUT', token: s.token, body: { elements } });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'too_large' });
    expect(res.body.error.message).toMatch(/scene would be \d+ bytes; the limit is 2000000/);
    expect((await app.api(`/api/sessions/${s.id}/diagram`, { token: s.token })).body.elements.map((e: { id: string }) => e.id)).toEqual(['keep']);
  });
});

describe('moving on', () => {
  it('[PIV4] moving on out of the deep dive before the pivot brings the pivot; the next move goes on', async () => {
    const s = await newSession();
    const advance = async () => (await app.api(`/api/sessions/${s.id}/advance`, { token: s.token, body: {} })).body;
    for (let i = 0; i < 3; i++) await advance();
    const before = await advance();
    expect(before.phase).toBe('deep_dive');
    expect(before.pivot).not.toBeNull();
    const said = before.transcript.at(-1);
    expect(said).toMatchObject({ role: 'interviewer', kind: 'pivot' });
    expect(said.text).toMatch(/^Before we move on, one more thing\. Let me change one constraint\./);
    expect(said.text).toContain(before.pivot.text);
    expect((await advance()).phase).toBe('wrap_up');
    const events = (await app.api(`/api/sessions/${s.id}/export`, { token: s.token })).body.events as Array<{ type: string }>;
    expect(events.filter((e) => e.type === 'pivot_injected')).toHaveLength(1);
  });
});

describe('a whole interview on the clock', () => {
  it('[RUN1] runs every phase on time, delivers one pivot, warns, and ends at its length', async () => {
    const t0 = app.clock.t;
    const s = await newSession({ problemId: 'url-shortener', level: 'senior', durationMinutes: 45 });
    const at = (minute: number) => {
      app.clock.t = t0 + minute * MINUTE;
    };
    const look = async (minute: number) => {
      at(minute);
      return (await app.api(`/api/sessions/${s.id}`, { token: s.token })).body;
    };
    at(1);
    await say(s, 'What scale should we plan for?');
    expect((await look(4.5)).transcript.at(-1).text).toMatch(/Time check/);
    at(6.5);
    const est = await say(s, '100M links a day is ~1.2k writes/s, and 100x reads is about 115k QPS of redirects.');
    expect(est.body.phase).toBe('estimation');
    await look(9.5);
    at(12);
    await say(s, 'Client -> load balancer -> API service -> database, with a redis cache in front of reads.');
    await look(19.5);
    at(22);
    await say(s, 'For the deep dive, let me talk about key generation with a counter and base62.');
    const mid = await look(31);
    expect(mid.phase).toBe('deep_dive');
    expect(mid.pivot).not.toBeNull();
    expect(mid.transcript.some((t: { kind: string }) => t.kind === 'pivot')).toBe(true);
    at(32);
    const after = await say(s, 'Given that change, I would partition differently and add a queue.');
    expect(after.status).toBe(201);
    await look(39.5);
    const done = await look(52);
    expect(done.status).toBe('ended');
    expect(done.endReason).toBe('time');
    expect(done.clock.elapsedMs).toBe(45 * MINUTE);
    const events = (await app.api(`/api/sessions/${s.id}/export`, { token: s.token })).body.events as Array<{ type: string; to?: string; reason?: string; atMs: number }>;
    const moves = events.filter((e) => e.type === 'phase_changed');
    expect(moves.map((e) => e.to)).toEqual(['estimation', 'high_level_design', 'deep_dive', 'wrap_up']);
    // Each timeout move is stamped with the time it fell due (planned end + one minute of grace).
    expect(moves.map((e) => e.atMs / MINUTE)).toEqual([6, 11, 21, 41]);
    expect(events.filter((e) => e.type === 'pivot_injected')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'time_warning').length).toBeGreaterThanOrEqual(4);
    expect(events.at(-2)).toMatchObject({ type: 'session_ended', reason: 'time', atMs: 45 * MINUTE });
    const late = await say(s, 'One more thing');
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('session_ended');
  });

  it('[END1] the candidate can end early; ending twice is harmless', async () => {
    const s = await newSession();
    const e1 = await app.api(`/api/sessions/${s.id}/end`, { token: s.token, body: {} });
    expect(e1.status).toBe(200);
    expect(e1.body.status).toBe('ended');
    expect(e1.body.endReason).toBe('candidate');
    const e2 = await app.api(`/api/sessions/${s.id}/end`, { token: s.token, body: {} });
    expect(e2.status).toBe(200);
    const adv = await app.api(`/api/sessions/${s.id}/advance`, { token: s.token, body: {} });
    expect(adv.status).toBe(409);
  });
});
