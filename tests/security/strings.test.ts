// [SAFE1][SAFE2][SAFE3] Strings and structure are checked at the edge: REST bodies, the session
// socket and the room socket refuse NUL, lone surrogates and deep nesting with a 400 / an error
// frame, never a 500, and nothing is stored.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Each test starts real servers; a loaded 2-core machine needs room (no time is asserted on).
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
import { findUnsafeJson, JSON_MAX_DEPTH } from '../../server/protocol/safe-json.js';
import { messageId, startTestServer, type TestServer } from '../support/app.js';
import { connect } from '../support/ws-client.js';
import { createRoom, el, join } from '../rooms/support.js';

let app: TestServer;
beforeAll(async () => {
  app = await startTestServer();
});
afterAll(async () => {
  await app?.close();
});

const LONE = '\ud800';
const deep = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;

async function newSession() {
  const res = await app.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'mid', durationMinutes: 30 } });
  expect(res.status).toBe(201);
  return res.body as { id: string; token: string };
}

async function raw(path: string, body: string, token?: string, method = 'POST') {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe('the edge check (unit)', () => {
  it('[SAFE1] finds NUL and lone surrogates in strings and keys, and accepts paired surrogates', () => {
    expect(findUnsafeJson({ a: ['ok', '😀', 'é'] })).toBeUndefined();
    expect(findUnsafeJson({ a: ['ok', `x${LONE}`] })).toMatchObject({ code: 'bad_string', path: ['a', 1] });
    expect(findUnsafeJson({ a: '\udc00x' })).toMatchObject({ code: 'bad_string' });
    expect(findUnsafeJson({ a: 'a\u0000b' })).toMatchObject({ code: 'bad_string' });
    expect(findUnsafeJson({ ['k\u0000']: 1 })).toMatchObject({ code: 'bad_string', path: ['k\u0000'] });
    expect(findUnsafeJson({ [`k${LONE}`]: 1 })).toMatchObject({ code: 'bad_string' });
  });

  it('[SAFE2] refuses nesting deeper than the limit, whatever the input size, without recursion past it', () => {
    expect(findUnsafeJson(JSON.parse(deep(JSON_MAX_DEPTH - 1)))).toBeUndefined();
    expect(findUnsafeJson(JSON.parse(deep(JSON_MAX_DEPTH + 1)))).toMatchObject({ code: 'too_deep' });
    expect(findUnsafeJson(JSON.parse(deep(50_000)))).toMatchObject({ code: 'too_deep' });
  });
});

describe('REST bodies', () => {
  it('[SAFE1] a message with NUL or a lone surrogate is a 400 naming the field; nothing is stored', async () => {
    const s = await newSession();
    const before = (await app.api(`/api/sessions/${s.id}`, { token: s.token })).body.transcript.length;
    for (const text of ['a\u0000b', `a${LONE}b`]) {
      const res = await raw(`/api/sessions/${s.id}/messages`, JSON.stringify({ clientMessageId: messageId(), text }), s.token);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'bad_string' });
      expect(res.body.error.message).toContain('text');
    }
    const after = (await app.api(`/api/sessions/${s.id}`, { token: s.token })).body.transcript.length;
    expect(after).toBe(before);
  });

  it('[SAFE1] a diagram element with a bad key or value is a 400; the stored scene is unchanged', async () => {
    const s = await newSession();
    const ok = await app.api(`/api/sessions/${s.id}/diagram`, { method: 'PUT', token: s.token, body: { elements: [el('a', 1, { text: 'LB' })] } });
    expect(ok.status).toBe(200);
    const badKey = `{"elements":[{"id":"b","type":"rectangle","x\\u0000":1}]}`;
    expect((await raw(`/api/sessions/${s.id}/diagram`, badKey, s.token, 'PUT')).status).toBe(400);
    const badValue = `{"elements":[{"id":"b","type":"text","text":"\\ud800"}]}`;
    const res = await raw(`/api/sessions/${s.id}/diagram`, badValue, s.token, 'PUT');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_string');
    const svg = await raw(`/api/sessions/${s.id}/diagram`, JSON.stringify({ elements: [], svg: `<svg>${LONE}</svg>` }), s.token, 'PUT');
    expect(svg.status).toBe(400);
    const scene = await app.api(`/api/sessions/${s.id}/diagram`, { token: s.token });
    expect(scene.body.elements.map((e: { id: string }) => e.id)).toEqual(['a']);
  });

  it('[SAFE2] a body nested 5,000 deep is a 400 too_deep, not a 500', async () => {
    const s = await newSession();
    const res = await raw(`/api/sessions/${s.id}/diagram`, `{"elements":[{"id":"d","type":"rectangle","customData":${deep(5_000)}}]}`, s.token, 'PUT');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('too_deep');
    const created = await raw('/api/sessions', `{"problemId":"url-shortener","level":"mid","x":${deep(5_000)}}`);
    expect(created.status).toBe(400);
  });

  it('[SAFE1] creating a session or a room with a bad string is a 400', async () => {
    expect((await raw('/api/sessions', JSON.stringify({ problemId: `url${LONE}`, level: 'mid' }))).status).toBe(400);
    expect((await raw('/api/sessions', JSON.stringify({ problemId: 'url\u0000', level: 'mid' }))).status).toBe(400);
    expect((await raw('/api/rooms', JSON.stringify({ mode: 'whiteboard', note: `x${LONE}` }))).status).toBe(400);
    expect((await raw('/api/rooms', JSON.stringify({ mode: 'interview', problemId: 'a\u0000', level: 'mid' }))).status).toBe(400);
    expect((await raw('/api/score', JSON.stringify({ text: `**Candidate:** hi ${LONE}` }))).status).toBe(400);
  });

  it('[SAFE3] an id that is not one of ours is a 404, never a 500', async () => {
    const s = await newSession();
    for (const id of ['%00', 'a%00b', '%ED%A0%80', 'x'.repeat(65)]) {
      const res = await app.api(`/api/sessions/${id}`, { token: s.token });
      expect(res.status).toBe(404);
      const room = await app.api(`/api/rooms/${id}`, { token: s.token });
      expect(room.status).toBe(404);
    }
  });
});

describe('WebSockets', () => {
  it('[SAFE1][SAFE2] the session socket answers an error frame, stores nothing and stays open', async () => {
    const s = await newSession();
    const c = await connect(`${app.url.replace('http', 'ws')}/api/sessions/${s.id}/ws?token=${s.token}`);
    c.send({ type: 'hello', lastSeq: 0 });
    const welcome = await c.next((f) => f.type === 'welcome');
    c.send({ type: 'message', clientMessageId: messageId(), text: `hi ${LONE}` });
    expect(await c.next((f) => f.type === 'error')).toMatchObject({ code: 'bad_string' });
    c.sendRaw(`{"type":"diagram","elements":[{"id":"q","type":"rectangle","customData":${deep(5_000)}}]}`);
    expect(await c.next((f) => f.type === 'error')).toMatchObject({ code: 'too_deep' });
    c.send({ type: 'ping' });
    await c.next((f) => f.type === 'pong');
    const state = await app.api(`/api/sessions/${s.id}`, { token: s.token });
    expect(state.body.lastSeq).toBe(welcome.lastSeq);
    await c.close();
  });

  it('[SAFE1][SAFE2] the room socket refuses the element with an error frame to its sender; the room stays joinable and saving', async () => {
    const room = await createRoom(app);
    const a = await join(app, room.id, room.token, 'Ada');
    a.sock.send({ type: 'scene', elements: [el('poison', 1, { type: 'text', text: LONE })] });
    expect(await a.sock.next((f) => f.type === 'error')).toMatchObject({ code: 'bad_string' });
    a.sock.send({ type: 'scene', elements: [el('poison-key', 1, { [`k${LONE}`]: 1 })] });
    expect(await a.sock.next((f) => f.type === 'error')).toMatchObject({ code: 'bad_string' });
    a.sock.sendRaw(`{"type":"scene","elements":[{"id":"deep","type":"rectangle","version":1,"versionNonce":1,"customData":${deep(5_000)}}]}`);
    expect(await a.sock.next((f) => f.type === 'error')).toMatchObject({ code: 'too_deep' });
    a.sock.send({ type: 'join', name: `x${LONE}` });
    expect(await a.sock.next((f) => f.type === 'error')).toMatchObject({ code: 'bad_string' });
    a.edit(el('fine'));
    await a.sock.next((f) => f.type === 'ack');
    await a.close();
    const b = await join(app, room.id, room.token, 'Grace');
    expect(Object.keys(b.visible())).toEqual(['fine']);
    await b.close();
  });
});
