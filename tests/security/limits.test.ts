// [SAFE7–SAFE11] Limits per client IP: creations per minute, messages and frames per second,
// sockets per IP and per session (429 with Retry-After / an error frame naming the limit); session
// sockets that never say hello are closed; both sockets ping, and a silent peer is dropped.
import WebSocket from 'ws';
import { afterEach, describe, expect, it, vi } from 'vitest';

// Each test starts real servers; a loaded 2-core machine needs room (no time is asserted on).
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
import { messageId, startTestServer, type TestServer } from '../support/app.js';
import { connect } from '../support/ws-client.js';
import { createRoom, join, roomSocketUrl, sleep } from '../rooms/support.js';

const open: TestServer[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close().catch(() => {});
});

async function boot(env: Record<string, string>) {
  const s = await startTestServer({ env });
  open.push(s);
  return s;
}

async function post(app: TestServer, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any };
}

const session = { problemId: 'url-shortener', level: 'mid', durationMinutes: 30 };
const sessionWs = (app: TestServer, s: { id: string; token: string }) => `${app.url.replace('http', 'ws')}/api/sessions/${s.id}/ws?token=${s.token}`;

describe('creations per minute', () => {
  it('[SAFE7] sessions and rooms over the per-minute limit get 429 with Retry-After and the limit named', async () => {
    const app = await boot({ LIMIT_SESSIONS_PER_MINUTE: '3', LIMIT_ROOMS_PER_MINUTE: '2' });
    for (let i = 0; i < 3; i++) expect((await post(app, '/api/sessions', session)).status).toBe(201);
    const refused = await post(app, '/api/sessions', session);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(refused.body.error).toMatchObject({ code: 'rate_limited', limit: 'sessions_per_minute' });
    for (let i = 0; i < 2; i++) expect((await post(app, '/api/rooms', { mode: 'whiteboard' })).status).toBe(201);
    const room = await post(app, '/api/rooms', { mode: 'whiteboard' });
    expect(room.status).toBe(429);
    expect(room.body.error.limit).toBe('rooms_per_minute');
    // Reading is not limited.
    expect((await app.api('/api/health')).status).toBe(200);
  });

  it('[SAFE11] X-Forwarded-For is ignored unless TRUST_PROXY is set; then its last entry is the client', async () => {
    const direct = await boot({ LIMIT_SESSIONS_PER_MINUTE: '1' });
    expect((await post(direct, '/api/sessions', session, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(201);
    expect((await post(direct, '/api/sessions', session, { 'x-forwarded-for': '203.0.113.2' })).status).toBe(429);

    const proxied = await boot({ LIMIT_SESSIONS_PER_MINUTE: '1', TRUST_PROXY: 'true' });
    expect((await post(proxied, '/api/sessions', session, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(201);
    expect((await post(proxied, '/api/sessions', session, { 'x-forwarded-for': '198.51.100.7, 203.0.113.2' })).status).toBe(201);
    // A client cannot pick its own address by prepending one: the proxy's entry is the last.
    expect((await post(proxied, '/api/sessions', session, { 'x-forwarded-for': '192.0.2.99, 203.0.113.1' })).status).toBe(429);
  });
});

describe('messages and frames per second', () => {
  it('[SAFE8] REST messages over the rate get 429; the burst allowance is five seconds of the rate', async () => {
    const app = await boot({ LIMIT_MESSAGES_PER_SECOND: '1' });
    const s = (await post(app, '/api/sessions', session)).body;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await fetch(`${app.url}/api/sessions/${s.id}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` },
        body: JSON.stringify({ clientMessageId: messageId(), text: 'How many users?' }),
      });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers.get('retry-after')).toBeTruthy();
        expect(((await res.json()) as any).error.limit).toBe('messages_per_second');
      } else await res.body?.cancel();
    }
    expect(statuses.filter((x) => x === 201).length).toBeGreaterThanOrEqual(5);
    expect(statuses).toContain(429);
  });

  it('[SAFE8] a burst of 1,000 message frames: the rest are dropped with one error frame a second, the socket stays usable and the server responsive', async () => {
    const app = await boot({ LIMIT_MESSAGES_PER_SECOND: '2' });
    const s = (await post(app, '/api/sessions', session)).body;
    const c = await connect(sessionWs(app, s));
    c.send({ type: 'hello', lastSeq: 0 });
    await c.next((f) => f.type === 'welcome');
    for (let i = 0; i < 1_000; i++) c.send({ type: 'message', clientMessageId: `burst-${i}`, text: `Question ${i}: how many users?` });
    const started = Date.now();
    const health = await app.api('/api/health');
    const healthMs = Date.now() - started;
    expect(health.status).toBe(200);
    expect(healthMs).toBeLessThan(2_000);
    const err = await c.next((f) => f.type === 'error' && f.code === 'rate_limited');
    expect(err.message).toContain('messages_per_second');
    c.send({ type: 'ping' });
    // The pong may itself be over the frame rate; wait for the bucket and try again.
    await sleep(1_100);
    c.send({ type: 'ping' });
    await c.next((f) => f.type === 'pong', 20_000);
    const acks = c.frames.filter((f) => f.type === 'ack').length;
    expect(acks).toBeLessThanOrEqual(20); // 2/s with a 10-message burst, never all 1,000
    expect(c.frames.filter((f) => f.type === 'error' && f.code === 'rate_limited').length).toBeLessThanOrEqual(3);
    await c.close();
  }, 120_000);

  it('[SAFE8] room frames over the rate are dropped with an error frame naming the limit; the socket stays open', async () => {
    const app = await boot({ LIMIT_FRAMES_PER_SECOND: '2' });
    const room = await createRoom(app);
    const a = await join(app, room.id, room.token, 'Ada');
    for (let i = 0; i < 40; i++) a.sock.send({ type: 'ping' });
    const err = await a.sock.next((f) => f.type === 'error' && f.code === 'rate_limited');
    expect(err.message).toContain('frames_per_second');
    await sleep(300);
    expect(a.framesOf('pong').length).toBeLessThanOrEqual(11);
    await sleep(1_000);
    a.sock.send({ type: 'ping' });
    await a.sock.next((f) => f.type === 'pong');
    await a.close();
  });
});

describe('sockets', () => {
  it('[SAFE9] sockets per session and per IP: the next upgrade is a 429; a closed socket frees its slot', async () => {
    const app = await boot({ LIMIT_SOCKETS_PER_SESSION: '2', LIMIT_SOCKETS_PER_IP: '3' });
    const s = (await post(app, '/api/sessions', session)).body;
    const one = await connect(sessionWs(app, s));
    const two = await connect(sessionWs(app, s));
    await expect(connect(sessionWs(app, s))).rejects.toMatchObject({ status: 429 });
    await one.close();
    await sleep(100);
    const three = await connect(sessionWs(app, s));
    const room = await createRoom(app);
    const peer = await connect(roomSocketUrl(app, room.id, room.token));
    // Three open from this address: a fourth, to a room or a session, is refused.
    await expect(connect(roomSocketUrl(app, room.id, room.token))).rejects.toMatchObject({ status: 429 });
    const other = (await post(app, '/api/sessions', session)).body;
    await expect(connect(sessionWs(app, other))).rejects.toMatchObject({ status: 429 });
    for (const x of [two, three, peer]) await x.close();
  });

  it('[SAFE10] a session socket that sends no hello is closed; one that does stays', async () => {
    const app = await boot({ HELLO_TIMEOUT_MS: '300' });
    const s = (await post(app, '/api/sessions', session)).body;
    const silent = await connect(sessionWs(app, s));
    const code = await new Promise<number>((resolve) => silent.ws.once('close', (c) => resolve(c)));
    expect(code).toBe(1008);
    const polite = await connect(sessionWs(app, s));
    polite.send({ type: 'hello', lastSeq: 0 });
    await polite.next((f) => f.type === 'welcome');
    await sleep(700);
    expect(polite.ws.readyState).toBe(WebSocket.OPEN);
    await polite.close();
  });

  it('[SAFE10] both sockets ping; a peer that never answers is dropped, one that answers stays', async () => {
    const app = await boot({ HEARTBEAT_MS: '150' });
    const s = (await post(app, '/api/sessions', session)).body;
    const room = await createRoom(app);
    for (const url of [sessionWs(app, s), roomSocketUrl(app, room.id, room.token)]) {
      const deaf = new WebSocket(url, { autoPong: false });
      let pinged = 0;
      deaf.on('ping', () => pinged++);
      await new Promise((r) => deaf.once('open', r));
      if (url.includes('/rooms/')) deaf.send(JSON.stringify({ type: 'join', name: 'Deaf' }));
      else deaf.send(JSON.stringify({ type: 'hello', lastSeq: 0 }));
      const closed = await new Promise<number>((resolve) => deaf.once('close', (c) => resolve(c)));
      expect(pinged).toBeGreaterThanOrEqual(1);
      expect(closed).toBe(1006); // terminated, no close frame

      const alive = await connect(url);
      alive.send(url.includes('/rooms/') ? { type: 'join', name: 'Alive' } : { type: 'hello', lastSeq: 0 });
      await sleep(800);
      expect(alive.ws.readyState).toBe(WebSocket.OPEN);
      await alive.close();
    }
  });
});
