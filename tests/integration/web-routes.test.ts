// The routes the web client needs beyond the interview API: the stored scene (to restore the
// whiteboard after a reload), its SVG for the report, and the static files of the built client,
// with API 404s kept JSON.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountWebClient } from '../../server/http/static.js';
import { connect } from '../support/ws-client.js';
import { startTestServer, type TestServer } from '../support/app.js';

let app: TestServer;
beforeAll(async () => {
  app = await startTestServer();
});
afterAll(async () => {
  await app?.close();
});

const rect = (id: string, label: string, version = 1) => [
  { id, type: 'rectangle', x: 0, y: 0, width: 100, height: 60, version, versionNonce: 7, isDeleted: false, boundElements: [{ id: `${id}-t`, type: 'text' }] },
  { id: `${id}-t`, type: 'text', x: 10, y: 20, width: 80, height: 20, text: label, originalText: label, containerId: id, version, versionNonce: 9, isDeleted: false },
];

describe('GET /api/sessions/:id/diagram', () => {
  it('returns the latest stored scene, only to the session token', async () => {
    const s = (await app.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'mid', durationMinutes: 20 } })).body;
    const empty = await app.api(`/api/sessions/${s.id}/diagram`, { token: s.token });
    expect(empty).toMatchObject({ status: 200, body: { elements: [] } });

    await app.api(`/api/sessions/${s.id}/diagram`, { method: 'PUT', token: s.token, body: { elements: rect('a', 'Redis cache') } });
    const scene = rect('a', 'Redis cache', 2).concat(rect('b', 'App server'));
    const put = await app.api(`/api/sessions/${s.id}/diagram`, { method: 'PUT', token: s.token, body: { elements: scene } });
    expect(put.status).toBe(200);

    const got = await app.api(`/api/sessions/${s.id}/diagram`, { token: s.token });
    expect(got.status).toBe(200);
    expect(got.body.elements).toEqual(scene);

    expect((await app.api(`/api/sessions/${s.id}/diagram`)).status).toBe(401);
    expect((await app.api(`/api/sessions/${s.id}/diagram`, { token: 'not-the-token' })).status).toBe(404);
    expect((await app.api('/api/sessions/nope/diagram', { token: s.token })).status).toBe(404);
  });
});

describe('GET /api/sessions/:id/diagram.svg', () => {
  // What Excalidraw's exportToSvg gives, with a label a candidate typed.
  const svg = '<svg version="1.1" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 80" width="120" height="80"><style>@font-face{font-family:Excalifont;src:url(data:font/woff2;base64,AAAA)}</style><rect x="10" y="10" width="100" height="60" fill="none" stroke="#1e1e1e"/><text x="20" y="45">Redis &lt;cache&gt;</text></svg>';

  it('serves the stored SVG as an inert image, only to the session token', async () => {
    const s = (await app.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'mid', durationMinutes: 20 } })).body;
    const path = `/api/sessions/${s.id}/diagram.svg`;
    await app.api(`/api/sessions/${s.id}/diagram`, { method: 'PUT', token: s.token, body: { elements: rect('a', 'Redis <cache>'), svg } });

    const res = await fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${s.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; font-src data:");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe(svg);
    expect((await app.api(`/api/sessions/${s.id}/diagram`, { token: s.token })).body.hasSvg).toBe(true);

    const missing = await app.api(path);
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('unauthorized');
    const wrong = await app.api(path, { token: 'not-the-token' });
    expect(wrong.status).toBe(404);
    expect(wrong.body.error.code).toBe('not_found');
    expect(JSON.stringify(wrong.body)).not.toContain('Redis');
  });

  it('answers 404 no_diagram_svg while no SVG is stored (a scene saved without one)', async () => {
    const s = (await app.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'mid', durationMinutes: 20 } })).body;
    const none = await app.api(`/api/sessions/${s.id}/diagram.svg`, { token: s.token });
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('no_diagram_svg');

    await app.api(`/api/sessions/${s.id}/diagram`, { method: 'PUT', token: s.token, body: { elements: rect('a', 'App server') } });
    expect((await app.api(`/api/sessions/${s.id}/diagram.svg`, { token: s.token })).body.error.code).toBe('no_diagram_svg');
    expect((await app.api(`/api/sessions/${s.id}/diagram`, { token: s.token })).body).toMatchObject({ hasSvg: false });
  });

  it('[DIA23] a board changed after its picture was stored drops the picture: the report never shows an older drawing', async () => {
    const s = (await app.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'mid', durationMinutes: 20 } })).body;
    const hasSvg = async () => (await app.api(`/api/sessions/${s.id}/diagram`, { token: s.token })).body.hasSvg;
    await app.api(`/api/sessions/${s.id}/diagram`, { method: 'PUT', token: s.token, body: { elements: rect('a', 'App server'), svg } });
    expect(await hasSvg()).toBe(true);
    // A WebSocket frame that changes nothing (an older version) keeps it.
    const ws = await connect(`${app.url.replace('http', 'ws')}/api/sessions/${s.id}/ws?token=${s.token}`);
    ws.send({ type: 'hello', lastSeq: 0 });
    await ws.next((f) => f.type === 'welcome');
    ws.send({ type: 'diagram', elements: rect('a', 'App server') });
    ws.send({ type: 'ping' });
    await ws.next((f) => f.type === 'pong');
    expect(await hasSvg()).toBe(true);
    // A newer element does not: the stored picture no longer shows the board.
    ws.send({ type: 'diagram', elements: rect('a', 'App server v2', 9) });
    ws.send({ type: 'ping' });
    await ws.next((f) => f.type === 'pong');
    expect(await hasSvg()).toBe(false);
    expect((await app.api(`/api/sessions/${s.id}/diagram.svg`, { token: s.token })).body.error.code).toBe('no_diagram_svg');
    await ws.close();
    // Nor does a whole scene saved without a picture.
    await app.api(`/api/sessions/${s.id}/diagram`, { method: 'PUT', token: s.token, body: { elements: rect('a', 'App server'), svg } });
    await app.api(`/api/sessions/${s.id}/diagram`, { method: 'PUT', token: s.token, body: { elements: rect('b', 'Cache') } });
    expect(await hasSvg()).toBe(false);
  });
});

describe('serving the web client', () => {
  let dist: string;
  let web: Hono;
  const bigScript = `console.log(${JSON.stringify('x'.repeat(5000))});\n`;

  beforeAll(() => {
    dist = mkdtempSync(join(tmpdir(), 'msd-dist-'));
    mkdirSync(join(dist, 'assets'));
    mkdirSync(join(dist, 'excalidraw/fonts/Virgil'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>app shell</title><div id="root"></div>');
    writeFileSync(join(dist, 'assets/app-1234.js'), bigScript);
    writeFileSync(join(dist, 'excalidraw/fonts/Virgil/Virgil-Regular.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
    web = new Hono();
    web.notFound((c) => c.json({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}` } }, 404));
    web.get('/api/health', (c) => c.json({ ok: true }));
    mountWebClient(web, { distDir: dist });
  });

  it('serves index.html for the root and for client routes, never cached', async () => {
    for (const path of ['/', '/history', '/interview/abc']) {
      const res = await web.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('app shell');
    }
  });

  it('serves fingerprinted assets and fonts with long caching, gzipped when asked', async () => {
    const plain = await web.request('/assets/app-1234.js');
    expect(plain.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(plain.headers.get('cache-control')).toContain('immutable');
    expect(await plain.text()).toBe(bigScript);
    const gz = await web.request('/assets/app-1234.js', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(bigScript);
    const font = await web.request('/excalidraw/fonts/Virgil/Virgil-Regular.woff2');
    expect(font.status).toBe(200);
    expect(font.headers.get('content-type')).toBe('font/woff2');
  });

  it('keeps API misses, missing assets and non-GET requests as JSON 404s', async () => {
    for (const [method, path] of [['GET', '/api/nope'], ['GET', '/api'], ['GET', '/assets/missing.js'], ['POST', '/'], ['DELETE', '/history']] as const) {
      const res = await web.request(path, { method });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect((await res.json()).error.code).toBe('not_found');
    }
    expect((await web.request('/api/health')).status).toBe(200);
  });

  it('never serves files outside the build', async () => {
    for (const path of ['/..%2f..%2fetc%2fpasswd', '/assets/..%2f..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json']) {
      const res = await web.request(path);
      const body = await res.text();
      expect(body, path).not.toMatch(/root:|"name":/);
    }
  });

  it('says how to build the client when it is missing', async () => {
    const bare = new Hono();
    mountWebClient(bare, { distDir: join(dist, 'nowhere') });
    const res = await bare.request('/');
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/npm run build:web/);
  });

  it('the real server keeps API 404s JSON with the web client mounted', async () => {
    const res = await fetch(`${app.url}/api/no-such-route`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect((await res.json()).error.code).toBe('not_found');
  });
});
