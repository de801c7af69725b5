// Durability: an acknowledged message survives a restart and kill -9; the clock resumes from the
// stored start; a reply lost to a crash is produced on the next look.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE } from '../../server/domain/phases.js';
import type { Interviewer } from '../../server/interviewer/types.js';
import { connect } from '../support/ws-client.js';
import { ManualClock, messageId, startTestServer, tempDir, testDatabase, type TestServer } from '../support/app.js';

const open: TestServer[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close().catch(() => {});
});

async function boot(dataDir: string, clock: ManualClock, interviewer?: Interviewer) {
  const s = await startTestServer({ dataDir, clock, interviewer });
  open.push(s);
  return s;
}

describe('restart', () => {
  it('[REL1] after a restart the session resumes with its transcript, phase and clock right', async () => {
    const dir = tempDir();
    const clock = new ManualClock();
    const a = await boot(dir, clock);
    const s = (await a.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'mid' } })).body;
    await a.api(`/api/sessions/${s.id}/messages`, { token: s.token, body: { clientMessageId: messageId(), text: 'What latency do we need?' } });
    clock.advance(2 * MINUTE);
    await a.api(`/api/sessions/${s.id}/advance`, { token: s.token, body: {} });
    await open.pop()!.close();

    clock.advance(MINUTE); // down for a minute: interview time keeps running, as in a real interview
    const b = await boot(dir, clock);
    const view = (await b.api(`/api/sessions/${s.id}`, { token: s.token })).body;
    expect(view.phase).toBe('estimation');
    expect(view.clock.elapsedMs).toBe(3 * MINUTE);
    expect(view.transcript.map((t: { role: string }) => t.role)).toEqual(['interviewer', 'candidate', 'interviewer', 'interviewer']);
  });

  it('[MSG3] a reply lost to a crash is produced when the session is next opened', async () => {
    const dir = tempDir();
    const clock = new ManualClock();
    const stuck: Interviewer = { name: 'offline', respond: () => new Promise(() => {}) };
    const a = await boot(dir, clock, stuck);
    const s = (await a.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'mid' } })).body;
    const ws = await connect(`${a.url.replace('http', 'ws')}/api/sessions/${s.id}/ws?token=${s.token}`);
    ws.send({ type: 'hello', lastSeq: 0 });
    ws.send({ type: 'message', clientMessageId: messageId(), text: 'How many users are there?' });
    const seq = (await ws.next((f) => f.type === 'ack')).seq as number;
    await ws.close();
    await open.pop()!.close(); // the reply never came: the "crash"

    const b = await boot(dir, clock);
    await b.api(`/api/sessions/${s.id}`, { token: s.token });
    let reply: { replyTo?: number; text: string } | undefined;
    for (let i = 0; i < 50 && !reply; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const view = (await b.api(`/api/sessions/${s.id}/export`, { token: s.token })).body;
      reply = view.events.find((e: { type: string; replyTo?: number }) => e.type === 'interviewer_message' && e.replyTo === seq);
    }
    expect(reply?.text).toContain(b.bank.byId.get('url-shortener')!.facts.find((f) => f.topic === 'scale')!.answer);
  });
});

describe('kill -9', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill('SIGKILL');
  });

  function startProcess(dataDir: string): Promise<{ url: string; proc: ChildProcess }> {
    return new Promise((resolve, reject) => {
      const target = testDatabase(dataDir);
      const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        env: {
          PATH: process.env.PATH,
          PORT: '0',
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          LOG_LEVEL: 'silent',
          ...(target.kind === 'postgres' ? { DATABASE_URL: target.url } : {}),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      let out = '';
      const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
      proc.stdout!.on('data', (d) => {
        out += d;
        const m = out.match(/http:\/\/localhost:(\d+)/);
        if (m) {
          clearTimeout(timer);
          resolve({ url: `http://127.0.0.1:${m[1]}`, proc });
        }
      });
      proc.stderr!.on('data', (d) => (out += d));
      proc.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
    });
  }

  it('[REL2] a message the server acknowledged survives kill -9 of the server', async () => {
    const dir = tempDir();
    const first = await startProcess(dir);
    const post = (url: string, path: string, body: unknown, token?: string) =>
      fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    const s = await (await post(first.url, '/api/sessions', { problemId: 'url-shortener', level: 'mid' })).json();
    const res = await post(first.url, `/api/sessions/${s.id}/messages`, { clientMessageId: 'kill-test-1', text: 'Is this read heavy?' }, s.token);
    expect(res.status).toBe(201);
    first.proc.kill('SIGKILL');
    await new Promise((r) => first.proc.once('exit', r));

    const second = await startProcess(dir);
    const view = await (await fetch(`${second.url}/api/sessions/${s.id}`, { headers: { authorization: `Bearer ${s.token}` } })).json();
    const texts = view.transcript.map((t: { text: string }) => t.text);
    expect(texts).toContain('Is this read heavy?');
    second.proc.kill('SIGKILL');
  });
});

describe('clock speed', () => {
  it('[CLK2] with CLOCK_SPEED=60 a real second is an interview minute, and the session keeps its speed', async () => {
    const clock = new ManualClock();
    const fast = await startTestServer({ env: { CLOCK_SPEED: '60' }, clock });
    open.push(fast);
    const s = (await fast.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'mid', durationMinutes: 45 } })).body;
    clock.advance(6_500); // 6.5 real seconds: requirements (5 min) + grace (1 min) are over
    const view = (await fast.api(`/api/sessions/${s.id}`, { token: s.token })).body;
    expect(view.clock.speed).toBe(60);
    expect(view.clock.elapsedMs).toBe(6.5 * MINUTE);
    expect(view.phase).toBe('estimation');
  });
});
