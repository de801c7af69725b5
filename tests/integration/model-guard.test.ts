// [LIS9] With a model, the model picks the move and words it; the server checks every reply before
// the candidate sees it. The real `openai` client against the local fake OpenAI-compatible server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageId, startTestServer, type TestServer } from '../support/app.js';
import { start as startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';

let fake: FakeOpenAI;
let app: TestServer;
beforeAll(async () => {
  fake = await startFakeOpenAI();
  app = await startTestServer({ env: { OPENAI_BASE_URL: fake.url, OPENAI_MODEL: 'fake-model', OPENAI_TIMEOUT_MS: '2000' } });
});
afterAll(async () => {
  await app?.close();
  await fake?.close();
});

import { loadProblemBank } from '../../server/content/problem-bank.js';

const problem = () => loadProblemBank().byId.get('payment-system')!;
const fact = (topic: string) => problem().facts.find((f) => f.topic === topic)!.answer;

async function deepDiveSession() {
  const s = (await app.api('/api/sessions', { body: { problemId: 'payment-system', level: 'mid' } })).body as { id: string; token: string };
  for (let i = 0; i < 3; i++) await app.api(`/api/sessions/${s.id}/advance`, { token: s.token, body: {} });
  return s;
}

async function say(s: { id: string; token: string }, text: string) {
  const res = await app.api(`/api/sessions/${s.id}/messages`, { token: s.token, body: { clientMessageId: messageId(), text } });
  expect(res.status).toBe(201);
  return res.body.reply as { text: string; source: string; notice?: string; move?: string; question?: { key: string } };
}

describe('model interviewer, guarded', () => {
  it('[LIS9] the model is told what was heard and which moves it may make, and its chosen move is recorded', async () => {
    const s = await deepDiveSession();
    const before = fake.requests.length;
    // The candidate walks into a known mistake: the challenge is the planned move.
    fake.enqueue({ kind: 'reply', text: '{"move": "ap:timeout_as_failure", "facts": []}\nA timeout is not a no. If you mark it failed and the charge went through, what then?' });
    const reply = await say(s, 'If the acquirer times out, we mark the payment as failed and tell the merchant.');
    expect(reply.source).toBe('openai');
    expect(reply.text).toBe('A timeout is not a no. If you mark it failed and the charge went through, what then?');
    const prompt = JSON.stringify(fake.requests[before]!.body.messages);
    expect(prompt).toContain('Known mistakes in it');
    expect(prompt).toContain('Moves you may make');
    const events = (await app.api(`/api/sessions/${s.id}/export`, { token: s.token })).body.events as Array<Record<string, unknown>>;
    const last = events.filter((e) => e.type === 'interviewer_message').at(-1)!;
    expect(last.move).toBe('challenge');
    expect((last.question as { key: string }).key).toMatch(/^ap:/);
  });

  const bad = [
    { name: 'a hidden fact it was not allowed to state', text: `{"move": "none", "facts": []}\nGood. ${fact('data_retention')} What next?` },
    { name: 'an invented figure', text: '{"move": "none", "facts": []}\nMost teams see about 73,000 retries per hour here. What would you do?' },
    { name: 'three questions', text: '{"move": "none", "facts": []}\nWhy? What about retries? And the ledger?' },
    { name: 'a broken header', text: '{"move": 42, "facts": "scale"\nLet us continue.' },
    { name: 'a move the server did not allow', text: '{"move": "dd:made-up:9", "facts": []}\nTell me about sharding.' },
  ];
  for (const c of bad) {
    it(`[LIS9] a reply with ${c.name} is refused, asked for once more, then the built-in interviewer answers`, async () => {
      const s = await deepDiveSession();
      fake.enqueue({ kind: 'reply', text: c.text }, { kind: 'reply', text: c.text });
      const reply = await say(s, 'I would keep an idempotency key per request in Postgres.');
      expect(reply.source).toBe('offline');
      expect(reply.notice).toMatch(/broke the interview's rules/);
      expect(reply.text).not.toContain(fact('data_retention'));
      expect(reply.text).not.toContain('73,000');
    });
  }

  it('[LIS9] a refused reply followed by a good one is used, and nothing of the refused one was shown', async () => {
    const s = await deepDiveSession();
    fake.enqueue(
      { kind: 'reply', text: '{"move": "none", "facts": []}\nWhy? What about retries? And the ledger?' },
      { kind: 'reply', text: '{"move": "none", "facts": []}\nWhere does that key live, and for how long?' },
    );
    const reply = await say(s, 'I would keep an idempotency key per request in Postgres.');
    expect(reply.source).toBe('openai');
    expect(reply.text).toBe('Where does that key live, and for how long?');
  });
});
