// Interviewer turn costs: server overhead per turn with a zero-latency model, the offline
// interviewer's own time, and model tokens for a scripted 45-minute interview versus resending
// the whole transcript every turn.
import { startServer } from '../server/server.js';
import { parseEnv } from '../server/env.js';
import { MINUTE } from '../server/domain/phases.js';
import { buildMessages } from '../server/interviewer/openai-interviewer.js';
import { createOfflineInterviewer } from '../server/interviewer/offline-interviewer.js';
import type { Interviewer, TurnInput } from '../server/interviewer/types.js';
import { start as startFakeOpenAI } from '../tests/support/fake-openai.js';
import { approxTokens, summarize } from './support.js';
import { SCRIPT } from '../tests/support/scripted-interview.js';
import { loadProblemBank } from '../server/content/problem-bank.js';
import type { SessionEvent } from '../server/domain/events.js';
import { planTurn } from '../server/domain/plan-turn.js';
import { fold } from '../server/domain/session.js';
import { renderPlan } from '../server/interviewer/offline-interviewer.js';

async function scriptedSession(interviewer: Interviewer, onTurn?: (ms: number) => void): Promise<SessionEvent[]> {
  let now = Date.UTC(2026, 0, 1);
  const server = await startServer({
    // The bench drives many turns a second from one address: lift the per-client limits (SAFE7, SAFE8).
    env: parseEnv({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', LIMIT_SESSIONS_PER_MINUTE: '100000', LIMIT_MESSAGES_PER_SECOND: '100000' }),
    database: { kind: 'pglite' },
    clock: { now: () => now },
    interviewer,
  });
  try {
    const started = now;
    const create = await fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ problemId: 'url-shortener', level: 'senior', durationMinutes: 45 }) });
    const s = (await create.json()) as { id: string; token: string };
    let i = 0;
    for (const [minute, text] of SCRIPT) {
      now = started + minute * MINUTE;
      const t0 = performance.now();
      const res = await fetch(`${server.url}/api/sessions/${s.id}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` },
        body: JSON.stringify({ clientMessageId: `b${++i}`, text }),
      });
      await res.json();
      onTurn?.(performance.now() - t0);
    }
    const exported = await fetch(`${server.url}/api/sessions/${s.id}/export`, { headers: { authorization: `Bearer ${s.token}` } });
    return ((await exported.json()) as { events: SessionEvent[] }).events;
  } finally {
    await server.close();
  }
}

export async function run(): Promise<Record<string, number | string>> {
  // 1. Server overhead per turn: HTTP + validation + planning + two durable appends, model takes 0 ms.
  const instant: Interviewer = { name: 'openai', respond: async () => ({ text: 'Okay.', source: 'openai', usage: { promptTokens: 0, completionTokens: 0 } }) };
  const overhead: number[] = [];
  for (let r = 0; r < 3; r++) await scriptedSession(instant, (ms) => r > 0 && overhead.push(ms));
  const o = summarize(overhead);

  // 2. The same through the real openai client against a local zero-delay fake server.
  const fake = await startFakeOpenAI();
  const { createOpenAIInterviewer } = await import('../server/interviewer/openai-interviewer.js');
  const viaClient: number[] = [];
  await scriptedSession(createOpenAIInterviewer({ baseURL: fake.url, model: 'fake' }), (ms) => viaClient.push(ms));
  await fake.close();
  const c = summarize(viaClient);

  // 3. The offline interviewer's whole turn: plan from the folded state, then phrasing.
  const inputs: TurnInput[] = [];
  const offline = createOfflineInterviewer();
  const events = await scriptedSession({ name: 'offline', respond: (input, opts) => (inputs.push(input), offline.respond(input, opts)) });
  const bank = loadProblemBank();
  const problem = bank.byId.get('url-shortener')!;
  const offlineTimes: number[] = [];
  const candidateAt = events.map((e, i) => (e.type === 'candidate_message' ? i : -1)).filter((i) => i >= 0);
  for (let r = 0; r < 50; r++) {
    for (const i of candidateAt) {
      const e = events[i]! as Extract<SessionEvent, { type: 'candidate_message' }>;
      const state = fold(events.slice(0, i + 1));
      const t0 = performance.now();
      const plan = planTurn(state, problem, e.text, { text: '(empty whiteboard)', edges: [] }, e.atMs);
      renderPlan(plan);
      offlineTimes.push(performance.now() - t0);
    }
  }
  const off = summarize(offlineTimes);

  // 4. Tokens: bounded context per turn versus resending the transcript so far every turn.
  let bounded = 0;
  let baseline = 0;
  for (const input of inputs) {
    const msgs = buildMessages(input);
    const frame = msgs.reduce((t, m) => t + approxTokens(m.content), 0);
    bounded += frame;
    // Baseline: the same prompt without the summary and recent turns, plus every turn so far.
    // A model call answers the candidate turn its recent turns end with (the turn the pivot
    // answers makes no call, so calls and candidate turns do not pair up by position).
    const answering = input.recentTurns.at(-1)?.text;
    const upTo = events.findIndex((e) => e.type === 'candidate_message' && e.text === answering);
    if (upTo < 0) throw new Error(`bench: no candidate turn for a model call ending "${answering}"`);
    const history = events.slice(0, upTo + 1).filter((e) => e.type === 'candidate_message' || e.type === 'interviewer_message');
    const historyTokens = history.reduce((t, e) => t + approxTokens((e as { text: string }).text) + 2, 0);
    const bounded_context = approxTokens(input.summary) + input.recentTurns.reduce((t, x) => t + approxTokens(x.text) + 2, 0);
    baseline += frame - bounded_context + historyTokens;
  }

  return {
    'turns per interview': SCRIPT.length,
    'model calls per interview': inputs.length,
    'server overhead per turn p50 (ms, zero-latency model)': o.p50,
    'server overhead per turn p99 (ms, zero-latency model)': o.p99,
    'turn via openai client + fake server p50 (ms)': c.p50,
    'turn via openai client + fake server p99 (ms)': c.p99,
    'offline turn (plan + phrasing) p50 (µs)': off.p50 * 1000,
    'offline turn (plan + phrasing) p99 (µs)': off.p99 * 1000,
    'prompt tokens, bounded context (45-min interview)': bounded,
    'prompt tokens, resend-everything baseline': baseline,
    'bounded / baseline': Number((bounded / baseline).toFixed(2)),
  };
}
