// Durability: an acknowledged message survives a restart and kill -9; the clock resumes from the
// stored start; a reply lost to a crash is produced on the next look.
import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE } from '../../server/domain/phases.js';
import type { Interviewer } from '../../server/interviewer/types.js';
import { connect } from '../support/ws-client.js';
import { ManualClock, messageId, startTestServer, tempDir, testDatabase, type TestServer } from '../support/app.js';
import { spawnServer, type ServerProcess } from '../support/process.js';

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
  }, 90_000); // two servers on an on-disk PGlite: slow to open on a loaded machine

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
    // A second message while the first reply hangs: two turns are waiting when the server goes.
    ws.send({ type: 'message', clientMessageId: messageId(), text: 'And how available must redirects be?' });
    const seq2 = (await ws.next((f) => f.type === 'ack' && f.seq !== seq)).seq as number;
    await ws.close();
    await open.pop()!.close(); // the replies never came: the "crash"

    const b = await boot(dir, clock);
    await b.api(`/api/sessions/${s.id}`, { token: s.token });
    type Ev = { type: string; replyTo?: number; text: string };
    const replies = async () => ((await b.api(`/api/sessions/${s.id}/export`, { token: s.token })).body.events as Ev[]).filter((e) => e.type === 'interviewer_message' && e.replyTo !== undefined);
    await expect.poll(async () => (await replies()).map((e) => e.replyTo), { timeout: 10_000 }).toEqual([seq, seq2]);
    const [first, second] = await replies();
    const facts = b.bank.byId.get('url-shortener')!.facts;
    expect(first!.text).toContain(facts.find((f) => f.topic === 'scale')!.answer);
    expect(second!.text).toContain(facts.find((f) => f.topic === 'availability')!.answer);
    // Opening the session again produces nothing more.
    await b.api(`/api/sessions/${s.id}`, { token: s.token });
    await new Promise((r) => setTimeout(r, 200));
    expect(await replies()).toHaveLength(2);
  }, 90_000);
});

describe('kill -9', () => {
  const running: ServerProcess[] = [];
  afterEach(async () => {
    while (running.length) await running.pop()!.kill();
  });

  /** The real server process on `dataDir` (or the CI PostgreSQL when DATABASE_URL is set). */
  async function startProcess(dataDir: string): Promise<ServerProcess> {
    const target = testDatabase(dataDir);
    const proc = await spawnServer({ DATA_DIR: dataDir, ...(target.kind === 'postgres' ? { DATABASE_URL: target.url } : {}) });
    running.push(proc);
    return proc;
  }

  it('[REL2] a message the server acknowledged survives kill -9 of the server', async () => {
    const dir = tempDir();
    const first = await startProcess(dir);
    const s = (await first.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'mid' } })).body;
    const res = await first.api(`/api/sessions/${s.id}/messages`, { token: s.token, body: { clientMessageId: 'kill-test-1', text: 'Is this read heavy?' } });
    expect(res.status).toBe(201);
    await first.kill();

    const second = await startProcess(dir);
    const view = (await second.api(`/api/sessions/${s.id}`, { token: s.token })).body;
    expect(view.transcript.map((t: { text: string }) => t.text)).toContain('Is this read heavy?');
  }, 90_000);

  it('[REL2] killed right after a WebSocket ack: the message, the phase and the clock survive, and the turn gets exactly one reply', async () => {
    const dir = tempDir();
    const first = await startProcess(dir);
    const s = (await first.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'mid' } })).body;
    const moved = (await first.api(`/api/sessions/${s.id}/advance`, { token: s.token, body: {} })).body;
    expect(moved.phase).toBe('estimation');
    const ws = await connect(`${first.url.replace('http', 'ws')}/api/sessions/${s.id}/ws?token=${s.token}`);
    ws.send({ type: 'hello', lastSeq: 0 });
    ws.send({ type: 'message', clientMessageId: 'kill-after-ack', text: 'Reads are about 100k QPS at peak.' });
    const seq = (await ws.next((f) => f.type === 'ack')).seq as number;
    await first.kill(); // the reply may or may not have been stored: either way, nothing is lost
    await ws.close().catch(() => {});

    const second = await startProcess(dir);
    const events = async () => (await second.api(`/api/sessions/${s.id}/export`, { token: s.token })).body.events as Array<{ type: string; replyTo?: number; clientMessageId?: string }>;
    const view = (await second.api(`/api/sessions/${s.id}`, { token: s.token })).body;
    expect(view.phase).toBe('estimation');
    // Interview time kept running while the server was down: it is never behind what it was.
    expect(view.clock.elapsedMs).toBeGreaterThanOrEqual(moved.clock.elapsedMs);
    await expect.poll(async () => (await events()).filter((e) => e.type === 'interviewer_message' && e.replyTo === seq).length, { timeout: 10_000 }).toBe(1);
    expect((await events()).filter((e) => e.type === 'candidate_message' && e.clientMessageId === 'kill-after-ack')).toHaveLength(1);
  }, 90_000);
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
