// Open to the internet (server/SPEC.md SAFE6, SAFE8, SAFE18, SAFE19): the whiteboard text of 5,000
// unlabelled rectangles; /api/health latency while one session socket receives a burst of 1,000
// message frames, with the default per-client limits and with them lifted (what the limits buy),
// with PGlite in its worker (the server) and, for comparison, on the server's thread; the
// scorer's time per KB on an ordinary transcript and on pathological text (pure calls); and
// /api/health while the server scores 250 KB of pathological text (in the compute pool).
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { loadProblemBank } from '../server/content/problem-bank.js';
import { scoreOffline } from '../server/scoring/offline-scorer.js';
import { loadRubric } from '../server/scoring/rules/rubric.js';
import { readTranscript } from '../server/scoring/reading/transcript-file.js';
import { describeDiagram } from '../server/domain/diagram-text.js';
import { parseEnv } from '../server/env.js';
import { startServer } from '../server/server.js';
import { summarize } from './support.js';

function rects(n: number) {
  return Array.from({ length: n }, (_, i) => ({ id: `r${i}`, type: 'rectangle', x: (i % 100) * 120, y: Math.floor(i / 100) * 80, width: 100, height: 60, version: 1, versionNonce: i }));
}

async function healthDuringBurst(env: Record<string, string>, thread: 'worker' | 'main' = 'worker'): Promise<{ p50: number; max: number; accepted: number }> {
  const server = await startServer({ env: parseEnv({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env }), database: { kind: 'pglite', thread } });
  try {
    const created = (await (
      await fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ problemId: 'url-shortener', level: 'mid' }) })
    ).json()) as { id: string; token: string };
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/sessions/${created.id}/ws?token=${created.token}`);
    let acks = 0;
    ws.on('message', (d) => {
      if ((JSON.parse(d.toString()) as { type: string }).type === 'ack') acks++;
    });
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'hello', lastSeq: 0 }));
    await new Promise((r) => setTimeout(r, 200));
    for (let i = 0; i < 1_000; i++) ws.send(JSON.stringify({ type: 'message', clientMessageId: `b${i}`, text: `Question ${i}: how many users and what read to write ratio?` }));
    const samples: number[] = [];
    const until = performance.now() + 4_000;
    while (performance.now() < until) {
      const t = performance.now();
      await (await fetch(`${server.url}/api/health`)).text();
      samples.push(performance.now() - t);
    }
    ws.close();
    const s = summarize(samples);
    return { p50: s.p50, max: Math.max(...samples), accepted: acks };
  } finally {
    await server.close();
  }
}

const ORDINARY = readFileSync(new URL('../tests/calibration/mid/url-shortener.md', import.meta.url), 'utf8');
/** Pathological text from the probe: a run-on "sentence" full of figures, and a wall of questions. */
const FIGURES = 'Interviewer: Design a URL shortener.\nCandidate: ' + '12,345 qps '.repeat(Math.ceil(250_000 / 11));
const QUESTIONS = 'Interviewer: Design a URL shortener.\nCandidate: ' + 'why? '.repeat(Math.ceil(250_000 / 5));

/** Milliseconds per KB to read and score `text` offline (median of `runs`). */
function scorerMsPerKb(text: string, runs: number): number {
  const bank = loadProblemBank();
  const rubric = loadRubric();
  const problem = bank.byId.get('url-shortener');
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const { input } = readTranscript(text, { source: 'bench', problem, findProblem: (id) => bank.byId.get(id), genericPivots: bank.genericPivots });
    scoreOffline(input, rubric);
    times.push(performance.now() - t);
  }
  return summarize(times).p50 / (Buffer.byteLength(text) / 1024);
}

/** /api/health probed while the server scores 250 KB of figures; health must answer first. */
async function healthDuringScore(): Promise<{ p50: number; max: number; scoreMs: number; status: number; healthBeforeScore: number }> {
  const server = await startServer({ env: parseEnv({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', LIMIT_MESSAGES_PER_SECOND: '100000' }), database: { kind: 'pglite' } });
  try {
    const t0 = performance.now();
    let done = false;
    let scoreMs = 0;
    const scored = fetch(`${server.url}/api/score`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: FIGURES, problemId: 'url-shortener' }) }).then(async (r) => {
      await r.text();
      scoreMs = performance.now() - t0;
      done = true;
      return r.status;
    });
    const samples: number[] = [];
    let before = 0;
    while (!done && performance.now() - t0 < 30_000) {
      const t = performance.now();
      await (await fetch(`${server.url}/api/health`)).text();
      samples.push(performance.now() - t);
      if (!done) before++;
    }
    const status = await scored;
    const s = summarize(samples.length ? samples : [NaN]);
    return { p50: s.p50, max: Math.max(...samples), scoreMs, status, healthBeforeScore: before };
  } finally {
    await server.close();
  }
}

export async function run(): Promise<Record<string, number | string>> {
  const big = rects(5_000);
  for (let i = 0; i < 3; i++) describeDiagram(big);
  const times: number[] = [];
  for (let i = 0; i < 11; i++) {
    const t = performance.now();
    describeDiagram(big);
    times.push(performance.now() - t);
  }
  const text = summarize(times);
  const limited = await healthDuringBurst({});
  const open = await healthDuringBurst({ LIMIT_MESSAGES_PER_SECOND: '100000', LIMIT_FRAMES_PER_SECOND: '100000' });
  const mainThread = await healthDuringBurst({ LIMIT_MESSAGES_PER_SECOND: '100000', LIMIT_FRAMES_PER_SECOND: '100000' }, 'main');
  const during = await healthDuringScore();
  return {
    'diagram text, 5,000 unlabelled rectangles, median ms': text.p50,
    'health during a 1,000-frame burst, default limits: p50 ms': limited.p50,
    'health during a 1,000-frame burst, default limits: max ms': limited.max,
    'messages accepted of the burst, default limits': limited.accepted,
    'health during a 1,000-frame burst, limits lifted: p50 ms': open.p50,
    'health during a 1,000-frame burst, limits lifted: max ms': open.max,
    'messages accepted of the burst, limits lifted': open.accepted,
    'same, PGlite on the server thread (before SAFE18): p50 ms': mainThread.p50,
    'same, PGlite on the server thread (before SAFE18): max ms': mainThread.max,
    'scorer ms per KB, ordinary transcript (7 KB)': scorerMsPerKb(ORDINARY, 9),
    "scorer ms per KB, 250 KB of '12,345 qps '": scorerMsPerKb(FIGURES, 3),
    "scorer ms per KB, 250 KB of 'why? '": scorerMsPerKb(QUESTIONS, 3),
    'POST /api/score 250 KB of figures: ms (status)': `${Math.round(during.scoreMs)} (${during.status})`,
    'health while it scores: answers before it finished': during.healthBeforeScore,
    'health while it scores: p50 ms': during.p50,
    'health while it scores: max ms': during.max,
  };
}
