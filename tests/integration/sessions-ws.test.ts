// The live session connection: resume by seq, streamed replies, clock ticks, error frames.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../server/domain/phases.js';
import { LIMITS } from '../../server/protocol/index.js';
import { messageId, startTestServer, type TestServer } from '../support/app.js';
import { connect } from '../support/ws-client.js';

let app: TestServer;
beforeAll(async () => {
  app = await startTestServer();
});
afterAll(async () => {
  await app?.close();
});

async function newSession() {
  const res = await app.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'mid', durationMinutes: 30 } });
  return res.body as { id: string; token: string; lastSeq: number };
}

const wsUrl = (s: { id: string; token: string }) => `${app.url.replace('http', 'ws')}/api/sessions/${s.id}/ws?token=${s.token}`;

describe('session WebSocket', () => {
  it('[WS1] refuses an upgrade without the right token', async () => {
    const s = await newSession();
    await expect(connect(`${app.url.replace('http', 'ws')}/api/sessions/${s.id}/ws`)).rejects.toMatchObject({ status: 401 });
    await expect(connect(`${app.url.replace('http', 'ws')}/api/sessions/${s.id}/ws?token=wrong`)).rejects.toMatchObject({ status: 404 });
    const ok = await connect(`${app.url.replace('http', 'ws')}/api/sessions/${s.id}/ws`, { authorization: `Bearer ${s.token}` });
    await ok.close();
  });

  it('[WS2] hello with lastSeq 0 replays everything; with a later seq only what was missed', async () => {
    const s = await newSession();
    await app.api(`/api/sessions/${s.id}/messages`, { token: s.token, body: { clientMessageId: messageId(), text: 'What is the read to write ratio?' } });
    const a = await connect(wsUrl(s));
    a.send({ type: 'hello', lastSeq: 0 });
    const welcome = await a.next((f) => f.type === 'welcome');
    expect(welcome.lastSeq).toBe(4);
    const seqs: number[] = [];
    for (let i = 0; i < 4; i++) seqs.push((await a.next((f) => f.type === 'event')).event.seq);
    expect(seqs).toEqual([1, 2, 3, 4]);
    await a.close();

    const b = await connect(wsUrl(s));
    b.send({ type: 'hello', lastSeq: 3 });
    await b.next((f) => f.type === 'welcome');
    const only = await b.next((f) => f.type === 'event');
    expect(only.event.seq).toBe(4);
    await new Promise((r) => setTimeout(r, 100));
    expect(b.frames.filter((f) => f.type === 'event')).toHaveLength(0);
    await b.close();
  });

  it('[WS3] a message is acknowledged, the reply streams as deltas, then arrives as the durable event', async () => {
    const s = await newSession();
    const c = await connect(wsUrl(s));
    c.send({ type: 'hello', lastSeq: 2 });
    await c.next((f) => f.type === 'welcome');
    const id = messageId();
    c.send({ type: 'message', clientMessageId: id, text: 'How available must redirects be?' });
    const ack = await c.next((f) => f.type === 'ack');
    expect(ack).toMatchObject({ clientMessageId: id, seq: 3 });
    const reply = await c.next((f) => f.type === 'event' && f.event.type === 'interviewer_message');
    const deltas = c.frames.filter((f) => f.type === 'delta' && f.replyTo === 3).map((f) => f.text).join('');
    expect(deltas).toBe(reply.event.text);
    expect(reply.event.replyTo).toBe(3);
    // Resending after a reconnect is idempotent: no second candidate turn.
    c.send({ type: 'message', clientMessageId: id, text: 'How available must redirects be?' });
    await new Promise((r) => setTimeout(r, 150));
    const view = await app.api(`/api/sessions/${s.id}`, { token: s.token });
    expect(view.body.transcript.filter((t: { role: string }) => t.role === 'candidate')).toHaveLength(1);
    await c.close();
  });

  it('[WS4] a bad frame gets an error frame and the connection stays usable', async () => {
    const s = await newSession();
    const c = await connect(wsUrl(s));
    c.send({ type: 'message', clientMessageId: messageId(), text: 'before hello' });
    expect((await c.next((f) => f.type === 'error')).code).toBe('bad_frame');
    c.sendRaw('not json');
    expect((await c.next((f) => f.type === 'error')).message).toMatch(/JSON/);
    c.send({ type: 'warp' });
    expect((await c.next((f) => f.type === 'error')).code).toBe('bad_frame');
    c.send({ type: 'hello', lastSeq: 2 });
    await c.next((f) => f.type === 'welcome');
    c.send({ type: 'message', clientMessageId: messageId(), text: 'x'.repeat(LIMITS.messageChars + 1) });
    expect((await c.next((f) => f.type === 'error')).message).toMatch(/4000/);
    c.sendRaw(JSON.stringify({ type: 'diagram', elements: [], svg: 'y'.repeat(LIMITS.frameBytes) }));
    expect((await c.next((f) => f.type === 'error')).code).toBe('too_large');
    c.send({ type: 'ping' });
    await c.next((f) => f.type === 'pong');
    c.send({ type: 'message', clientMessageId: messageId(), text: 'Still here?' });
    await c.next((f) => f.type === 'event' && f.event.type === 'interviewer_message');
    await c.close();
  });

  it('[DIA21] frames under the limit cannot add up to a stored scene over it; what was stored stays', async () => {
    const s = await newSession();
    const c = await connect(wsUrl(s));
    c.send({ type: 'hello', lastSeq: 2 });
    await c.next((f) => f.type === 'welcome');
    // Each frame is well under the frame limit; five of them are over the scene limit.
    const big = (i: number) => ({ id: `note-${i}`, type: 'text', version: 1, versionNonce: i, isDeleted: false, x: 0, y: i * 40, width: 10, height: 10, text: `note ${i} ${'x'.repeat(Math.ceil(LIMITS.sceneBytes / 4))}` });
    for (let i = 0; i < 3; i++) c.send({ type: 'diagram', elements: [big(i)] });
    // Three scenes of a quarter of the limit each are merged, described and stored (with their replay
    // entries) one after another: on a loaded machine that takes more than poll's default second.
    await expect.poll(async () => (await app.api(`/api/sessions/${s.id}/diagram`, { token: s.token })).body.elements.length, { timeout: 20_000 }).toBe(3);
    c.send({ type: 'diagram', elements: [big(3)] });
    c.send({ type: 'diagram', elements: [big(4)] });
    const refused = await c.next((f) => f.type === 'error');
    expect(refused).toMatchObject({ code: 'too_large' });
    expect(refused.message).toMatch(/scene would be \d+ bytes/);
    const stored = (await app.api(`/api/sessions/${s.id}/diagram`, { token: s.token })).body.elements;
    expect(stored.map((e: { id: string }) => e.id)).toEqual(['note-0', 'note-1', 'note-2']);
    // The connection is still usable.
    c.send({ type: 'ping' });
    await c.next((f) => f.type === 'pong');
    await c.close();
  });

  it('[WS5] watched sessions get clock ticks and timer events without sending anything', async () => {
    const s = await newSession();
    const c = await connect(wsUrl(s));
    c.send({ type: 'hello', lastSeq: 2 });
    await c.next((f) => f.type === 'welcome');
    app.clock.advance(3 * MINUTE + 30_000); // 30-minute interview: requirements ends at 3:20, moved on at 4:20
    const warning = await c.next((f) => f.type === 'event' && f.event.type === 'time_warning');
    expect(warning.event.phase).toBe('requirements');
    app.clock.advance(MINUTE);
    const moved = await c.next((f) => f.type === 'event' && f.event.type === 'phase_changed');
    expect(moved.event).toMatchObject({ from: 'requirements', to: 'estimation', reason: 'timeout' });
    const tick = await c.next((f) => f.type === 'clock' && f.clock.phase === 'estimation');
    expect(tick.clock.elapsedMs).toBe(4.5 * MINUTE);
    await c.close();
  });

  it('[WS6] advance, end and diagram frames act like their REST twins', async () => {
    const s = await newSession();
    const c = await connect(wsUrl(s));
    c.send({ type: 'hello', lastSeq: 2 });
    await c.next((f) => f.type === 'welcome');
    c.send({ type: 'advance' });
    expect((await c.next((f) => f.type === 'event' && f.event.type === 'phase_changed')).event.to).toBe('estimation');
    c.send({ type: 'diagram', elements: [{ id: 't1', type: 'text', x: 0, y: 0, width: 10, height: 10, text: 'sharded by code', version: 1, versionNonce: 3 }] });
    expect((await c.next((f) => f.type === 'event' && f.event.type === 'diagram_updated')).event.text).toContain('sharded by code');
    c.send({ type: 'end' });
    await c.next((f) => f.type === 'event' && f.event.type === 'session_ended');
    c.send({ type: 'message', clientMessageId: messageId(), text: 'after the end' });
    expect((await c.next((f) => f.type === 'error')).code).toBe('session_ended');
    await c.close();
  });
});

describe('session WebSocket limits', () => {
  it('[WS7] a frame far over the limit closes only that connection (1009); the server keeps serving', async () => {
    const s = await newSession();
    const c = await connect(wsUrl(s));
    const closed = new Promise<number>((resolve) => c.ws.once('close', (code) => resolve(code)));
    c.sendRaw('x'.repeat(LIMITS.frameBytes * 2 + 10));
    expect(await closed).toBe(1009);
    const again = await connect(wsUrl(s));
    again.send({ type: 'hello', lastSeq: 0 });
    await again.next((f) => f.type === 'welcome');
    await again.close();
  });
});

describe('whiteboard deltas', () => {
  it('[DIA22] diagram frames carry only changed elements; the server merges them by version, tombstones included', async () => {
    const s = await newSession();
    const c = await connect(wsUrl(s));
    c.send({ type: 'hello', lastSeq: 2 });
    await c.next((f) => f.type === 'welcome');
    const text = (id: string, label: string, version: number, extra: Record<string, unknown> = {}) => ({ id, type: 'text', x: 0, y: id.charCodeAt(0) * 40, width: 50, height: 20, text: label, originalText: label, version, versionNonce: version, ...extra });
    c.send({ type: 'diagram', elements: [text('a', 'Load balancer', 1), text('b', 'Kafka', 1)] });
    await c.next((f) => f.type === 'event' && f.event.type === 'diagram_updated');
    c.send({ type: 'diagram', elements: [text('c', 'Postgres', 1)] });
    const added = await c.next((f) => f.type === 'event' && f.event.type === 'diagram_updated');
    expect(added.event.elementCount).toBe(3);
    // B deleted (newer version), and a stale edit of A (older version) that must lose.
    c.send({ type: 'diagram', elements: [text('b', 'Kafka', 2, { isDeleted: true }), text('a', 'Old name', 0)] });
    const merged = await c.next((f) => f.type === 'event' && f.event.type === 'diagram_updated');
    expect(merged.event.elementCount).toBe(2);
    expect(merged.event.text).toContain('Load balancer');
    expect(merged.event.text).not.toContain('Kafka');
    expect(merged.event.text).not.toContain('Old name');
    const stored = (await app.api(`/api/sessions/${s.id}/diagram`, { token: s.token })).body.elements as Array<{ id: string; isDeleted?: boolean }>;
    expect(stored.map((e) => e.id).sort()).toEqual(['a', 'b', 'c']);
    expect(stored.find((e) => e.id === 'b')!.isDeleted).toBe(true);
    await c.close();
  });
});
