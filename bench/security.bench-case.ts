// Open to the internet (server/SPEC.md SAFE6, SAFE8): the whiteboard text of 5,000 unlabelled
// rectangles, and /api/health latency while one session socket receives a burst of 1,000 message
// frames, with the default per-client limits and with them lifted (what the limits buy).
import WebSocket from 'ws';
import { describeDiagram } from '../server/domain/diagram-text.js';
import { parseEnv } from '../server/env.js';
import { startServer } from '../server/server.js';
import { summarize } from './support.js';

function rects(n: number) {
  return Array.from({ length: n }, (_, i) => ({ id: `r${i}`, type: 'rectangle', x: (i % 100) * 120, y: Math.floor(i / 100) * 80, width: 100, height: 60, version: 1, versionNonce: i }));
}

async function healthDuringBurst(env: Record<string, string>): Promise<{ p50: number; max: number; accepted: number }> {
  const server = await startServer({ env: parseEnv({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env }), database: { kind: 'pglite' } });
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
  return {
    'diagram text, 5,000 unlabelled rectangles, median ms': text.p50,
    'health during a 1,000-frame burst, default limits: p50 ms': limited.p50,
    'health during a 1,000-frame burst, default limits: max ms': limited.max,
    'messages accepted of the burst, default limits': limited.accepted,
    'health during a 1,000-frame burst, limits lifted: p50 ms': open.p50,
    'health during a 1,000-frame burst, limits lifted: max ms': open.max,
    'messages accepted of the burst, limits lifted': open.accepted,
  };
}
