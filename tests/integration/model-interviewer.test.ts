// The whole server with a model configured: the real `openai` client against a local fake
// OpenAI-compatible server (server/SPEC.md: AI20, AI21).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageId, startTestServer, type TestServer } from '../support/app.js';
import { start as startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { connect } from '../support/ws-client.js';

let fake: FakeOpenAI;
let app: TestServer;
beforeAll(async () => {
  fake = await startFakeOpenAI();
  app = await startTestServer({ env: { OPENAI_BASE_URL: fake.url, OPENAI_MODEL: 'fake-model', OPENAI_TIMEOUT_MS: '500' } });
});
afterAll(async () => {
  await app?.close();
  await fake?.close();
});

async function newSession() {
  return (await app.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'senior' } })).body as { id: string; token: string };
}

describe('model interviewer', () => {
  it('[AI20] health says openai; replies stream from the model over the WebSocket', async () => {
    expect((await app.api('/api/health')).body.interviewer).toBe('openai');
    // [LIS10] The candidate is told a model runs, and which.
    expect((await app.api('/api/health')).body.interviewerLabel).toBe('AI interviewer (fake-model)');
    const s = await newSession();
    const fact = app.bank.byId.get('url-shortener')!.facts.find((f) => f.topic === 'latency')!.answer;
    fake.enqueue({ kind: 'reply', text: `Good question. ${fact}`, chunkSize: 7 });
    const c = await connect(`${app.url.replace('http', 'ws')}/api/sessions/${s.id}/ws?token=${s.token}`);
    c.send({ type: 'hello', lastSeq: 2 });
    await c.next((f) => f.type === 'welcome');
    const before = fake.requests.length;
    c.send({ type: 'message', clientMessageId: messageId(), text: 'What latency is acceptable for redirects?' });
    const reply = await c.next((f) => f.type === 'event' && f.event.type === 'interviewer_message');
    expect(reply.event.source).toBe('openai');
    expect(reply.event.text).toBe(`Good question. ${fact}`);
    expect(reply.event.revealed).toEqual(['latency']);
    const deltas = c.frames.filter((f) => f.type === 'delta');
    expect(deltas.length).toBeGreaterThan(3);
    // The model was given the fact to state and the bounded context, not other hidden facts.
    const sent = JSON.stringify(fake.requests[before]!.body.messages);
    expect(sent).toContain(fact.replace(/"/g, '\\"').slice(0, 40));
    const hiddenScale = app.bank.byId.get('url-shortener')!.facts.find((f) => f.topic === 'scale')!.answer;
    expect(sent).not.toContain(hiddenScale.slice(0, 40));
    await c.close();
  });

  it('[AI21] when the model keeps failing, the offline interviewer answers and the transcript says so', async () => {
    const s = await newSession();
    fake.enqueue({ kind: 'status', status: 500 }, { kind: 'status', status: 503 }, { kind: 'status', status: 500 });
    const res = await app.api(`/api/sessions/${s.id}/messages`, { token: s.token, body: { clientMessageId: messageId(), text: 'How available should it be?' } });
    expect(res.status).toBe(201);
    expect(res.body.reply.source).toBe('offline');
    expect(res.body.reply.notice).toMatch(/unavailable/);
    expect(res.body.reply.text).toContain(app.bank.byId.get('url-shortener')!.facts.find((f) => f.topic === 'availability')!.answer);
    const view = await app.api(`/api/sessions/${s.id}`, { token: s.token });
    expect(view.body.notice).toMatch(/unavailable/);
  });

  it('[AI21] a hung model times out and the turn still gets an answer', async () => {
    const s = await newSession();
    fake.enqueue({ kind: 'hang' }, { kind: 'hang' }, { kind: 'hang' });
    const res = await app.api(`/api/sessions/${s.id}/messages`, { token: s.token, body: { clientMessageId: messageId(), text: 'Is it read heavy?' } });
    expect(res.status).toBe(201);
    expect(res.body.reply.source).toBe('offline');
    expect(res.body.reply.notice).toBeTruthy();
  });
});
