// [SAFE12–SAFE15] HTTP hardening: security headers on every page and download, JSON bodies only
// as application/json, the WebSocket Origin checked against the public origin, and log lines that
// never carry a failing query's parameters.
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { afterEach, describe, expect, it, vi } from 'vitest';

// Each test starts real servers; a loaded 2-core machine needs room (no time is asserted on).
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
import { errorSummary } from '../../server/http/hardening.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { connect } from '../support/ws-client.js';
import { createRoom, roomSocketUrl } from '../rooms/support.js';

const open: TestServer[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close().catch(() => {});
});

async function boot(env: Record<string, string> = {}) {
  const s = await startTestServer({ env });
  open.push(s);
  return s;
}

const session = { problemId: 'url-shortener', level: 'mid', durationMinutes: 30 };

function expectBaseHeaders(res: Response) {
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
}

describe('headers', () => {
  it('[SAFE12] pages carry a CSP with frame-ancestors none; API answers and downloads a CSP that runs nothing; all get nosniff and Referrer-Policy', async () => {
    const app = await boot();
    const page = await fetch(`${app.url}/`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expectBaseHeaders(page);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    // No JavaScript eval; WebAssembly may compile ('wasm-unsafe-eval', for Excalidraw's SVG export).
    expect(csp).not.toMatch(/'unsafe-eval'/);
    // A client route gets the app shell, with the same headers.
    expect((await fetch(`${app.url}/history`)).headers.get('content-security-policy')).toBe(csp);

    const created = await app.api('/api/sessions', { body: session });
    const { id, token } = created.body;
    await app.api(`/api/sessions/${id}/end`, { token, body: {} });
    const md = await fetch(`${app.url}/api/sessions/${id}/report?format=md`, { headers: { authorization: `Bearer ${token}` } });
    expect(md.status).toBe(200);
    expect(md.headers.get('content-type')).toMatch(/text\/markdown/);
    expectBaseHeaders(md);
    expect(md.headers.get('content-security-policy')).toContain("default-src 'none'");
    await md.text();

    const json = await fetch(`${app.url}/api/health`);
    expectBaseHeaders(json);
    expect(json.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const missing = await fetch(`${app.url}/api/nothing-here`);
    expect(missing.status).toBe(404);
    expectBaseHeaders(missing);

    // The stored SVG keeps its own, stricter policy.
    await app.api(`/api/sessions/${id}/diagram`, { method: 'PUT', token, body: { elements: [], svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' } });
    const svg = await fetch(`${app.url}/api/sessions/${id}/diagram.svg`, { headers: { authorization: `Bearer ${token}` } });
    expect(svg.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; font-src data:");
    expectBaseHeaders(svg);
  });
});

describe('content types', () => {
  it('[SAFE13] a JSON endpoint refuses a body of any other type with 415; JSON with a charset and bodiless POSTs pass', async () => {
    const app = await boot();
    const send = (path: string, body: string, type?: string) =>
      fetch(`${app.url}${path}`, { method: 'POST', headers: type ? { 'content-type': type } : {}, body });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined]) {
      const res = await send('/api/sessions', JSON.stringify(session), type);
      expect(res.status).toBe(415);
      expect(((await res.json()) as any).error.code).toBe('unsupported_media_type');
    }
    const score = await send('/api/score', JSON.stringify({ text: '**Candidate:** hello' }), 'text/plain;charset=UTF-8');
    expect(score.status).toBe(415);
    expect((await send('/api/rooms', '{}', 'text/plain')).status).toBe(415);

    const ok = await send('/api/sessions', JSON.stringify(session), 'application/json; charset=utf-8');
    expect(ok.status).toBe(201);
    const { id, token } = (await ok.json()) as any;
    const advance = await fetch(`${app.url}/api/sessions/${id}/advance`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(advance.status).toBe(200);
    await advance.text();
    expect((await fetch(`${app.url}/api/rooms`, { method: 'POST' })).status).toBe(201);
  });

  it('[SAFE13] the web client sends JSON bodies as application/json', async () => {
    const { readFileSync } = await import('node:fs');
    const api = readFileSync(new URL('../../web/src/api.ts', import.meta.url), 'utf8');
    expect(api).toMatch(/if \(o\.body !== undefined\) headers\['content-type'\] = 'application\/json'/);
    // Every other module goes through api.ts's request (no fetch with a body of its own).
    const rooms = readFileSync(new URL('../../web/src/rooms/room-api.ts', import.meta.url), 'utf8');
    expect(rooms).not.toMatch(/fetch\(/);
  });
});

describe('WebSocket origin', () => {
  it('[SAFE14] with PUBLIC_ORIGIN set, upgrades from another origin are refused (403); the public origin and origin-less tools pass', async () => {
    const app = await boot({ PUBLIC_ORIGIN: 'https://interviews.example.com/' });
    const s = (await app.api('/api/sessions', { body: session })).body;
    const room = await createRoom(app);
    const sessionUrl = `${app.url.replace('http', 'ws')}/api/sessions/${s.id}/ws?token=${s.token}`;
    const roomUrl = roomSocketUrl(app, room.id, room.token);
    for (const url of [sessionUrl, roomUrl]) {
      await expect(connect(url, { origin: 'https://evil.example' })).rejects.toMatchObject({ status: 403 });
      const good = await connect(url, { origin: 'https://interviews.example.com' });
      await good.close();
      const tool = await connect(url);
      await tool.close();
    }
  });

  it('[SAFE14] without PUBLIC_ORIGIN any origin may connect (the token is the capability)', async () => {
    const app = await boot();
    const s = (await app.api('/api/sessions', { body: session })).body;
    const c = await connect(`${app.url.replace('http', 'ws')}/api/sessions/${s.id}/ws?token=${s.token}`, { origin: 'https://elsewhere.example' });
    await c.close();
  });
});

describe('logs', () => {
  it('[SAFE15] a failing query is logged without its SQL parameters (they carry request bodies)', async () => {
    const client = new PGlite();
    const db = drizzle({ client });
    let caught: unknown;
    try {
      await db.execute(sql`select ${'secret candidate text'}::int`);
    } catch (err) {
      caught = err;
    }
    await client.close();
    expect(String((caught as Error).message)).toContain('secret candidate text'); // what used to be logged
    const line = errorSummary(caught);
    expect(line).not.toContain('secret candidate text');
    expect(line).toContain('22P02'); // the database's code and message stay
    expect(errorSummary('x'.repeat(10_000)).length).toBeLessThanOrEqual(300);
  });
});
