// GET /api/sessions/:id/reference over real HTTP and a real database: the token guards it like
// every session route, it is refused while the interview runs, and after the end it marks the
// candidate's own words against the problem's reference.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReferenceWalkthrough } from '../../server/protocol/index.js';
import { messageId, startTestServer, type TestServer } from '../support/app.js';

let app: TestServer;
beforeAll(async () => {
  app = await startTestServer();
});
afterAll(async () => {
  await app?.close();
});

async function newSession() {
  const res = await app.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'mid' } });
  expect(res.status).toBe(201);
  return res.body as { id: string; token: string };
}

describe('[REF7] GET /api/sessions/:id/reference', () => {
  it('401 without a token, 404 with a wrong one or another session\'s, 409 session_active while it runs, 200 after the end', async () => {
    const s = await newSession();
    const other = await newSession();
    const path = `/api/sessions/${s.id}/reference`;

    expect((await app.api(path)).status).toBe(401);
    expect((await app.api(path, { token: 'x'.repeat(32) })).status).toBe(404);
    expect((await app.api(path, { token: other.token })).status).toBe(404);
    // A token in the query string is never read by a REST route.
    expect((await app.api(`${path}?token=${s.token}`)).status).toBe(401);

    const running = await app.api(path, { token: s.token });
    expect(running.status).toBe(409);
    expect(running.body.error.code).toBe('session_active');
    // Nothing of the reference leaks in the refusal.
    expect(JSON.stringify(running.body)).not.toContain('derivation');

    for (const text of ['How many redirects per link, what is the read to write ratio?', 'We put a load balancer in front of the shortening service.', 'Codes are base62 from a single global counter.']) {
      expect((await app.api(`/api/sessions/${s.id}/messages`, { token: s.token, body: { clientMessageId: messageId(), text } })).status).toBe(201);
    }
    expect((await app.api(`${path}`, { token: s.token })).status).toBe(409);
    expect((await app.api(`/api/sessions/${s.id}/end`, { method: 'POST', token: s.token })).status).toBe(200);

    const done = await app.api(path, { token: s.token });
    expect(done.status).toBe(200);
    const ref = ReferenceWalkthrough.parse(done.body);
    const problem = app.bank.byId.get('url-shortener')!;
    expect(ref.problem.id).toBe('url-shortener');
    expect(ref.components.map((c) => c.id)).toEqual(problem.components.map((c) => c.id));
    expect(ref.facts.find((f) => f.topic === 'read_write')).toMatchObject({ asked: true });
    expect(ref.facts.find((f) => f.topic === 'latency')).toMatchObject({ asked: false });
    const lb = ref.components.find((c) => c.id === 'load_balancer')!;
    expect(lb.covered).toBe(true);
    expect(lb.said?.quote).toBe('We put a load balancer in front of the shortening service.');
    expect(ref.components.find((c) => c.id === 'cache')!.covered).toBe(false);
    expect(ref.antiPatterns.find((a) => a.id === 'single_counter_no_plan')!.fellInto.map((q) => q.quote)).toEqual(['Codes are base62 from a single global counter.']);
    // Turn numbers point at the candidate's own turns in the transcript.
    const view = (await app.api(`/api/sessions/${s.id}`, { token: s.token })).body as { transcript: Array<{ role: string; text: string }> };
    const turn = view.transcript[lb.said!.turn - 1]!;
    expect(turn.role).toBe('candidate');
    expect(turn.text).toContain(lb.said!.quote);
    expect(ref.diagram.elements.filter((e) => e.type === 'rectangle')).toHaveLength(problem.components.length + 1);

    // A revoked token opens nothing, the reference included.
    expect((await app.api(`/api/sessions/${s.id}/token`, { method: 'DELETE', token: s.token })).status).toBe(200);
    expect((await app.api(path, { token: s.token })).status).toBe(401);
  });

  it('a drawn component counts as covered', async () => {
    const s = await newSession();
    const box = (id: string, label: string, x: number) => [
      { id, type: 'rectangle', x, y: 0, width: 160, height: 70, version: 1, versionNonce: 1, isDeleted: false, boundElements: [{ id: `${id}-t`, type: 'text' }] },
      { id: `${id}-t`, type: 'text', x: x + 10, y: 20, width: 140, height: 25, version: 1, versionNonce: 1, isDeleted: false, text: label, originalText: label, containerId: id },
    ];
    const put = await app.api(`/api/sessions/${s.id}/diagram`, { method: 'PUT', token: s.token, body: { elements: [...box('a', 'Redis cache', 0), ...box('b', 'Postgres', 300)] } });
    expect(put.status).toBe(200);
    expect((await app.api(`/api/sessions/${s.id}/end`, { method: 'POST', token: s.token })).status).toBe(200);
    const ref = ReferenceWalkthrough.parse((await app.api(`/api/sessions/${s.id}/reference`, { token: s.token })).body);
    const by = Object.fromEntries(ref.components.map((c) => [c.id, c]));
    expect(by.cache).toMatchObject({ covered: true, drawn: true, said: null });
    expect(by.database).toMatchObject({ covered: true, drawn: true });
    expect(by.id_generator).toMatchObject({ covered: false, drawn: false });
  });
});
