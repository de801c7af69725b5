// One person's interviews as a whole over real HTTP and a real PGlite database: the practice plan,
// the export of everything (sessions, event logs, reports) and deleting everything (PRAC6–PRAC9).
import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reports, sessionEvents, sessions } from '../../server/db/schema.js';
import { MINUTE } from '../../server/domain/phases.js';
import { ReportSchema } from '../../server/scoring/types.js';
import { messageId, startTestServer, tempDir, type TestServer } from '../support/app.js';
import { connect } from '../support/ws-client.js';

// Fresh keys per run: on PostgreSQL the database outlives a run, and a person's history is every
// session ever created with their key.
const RUN = randomUUID().replace(/-/g, '');
const KEY = `person-a-key-${RUN}`;
const OTHER = `person-b-key-${RUN}`;
const WEAK: Array<[number, string]> = [
  [1, 'I would use a database and a server.'],
  [3, 'Users post things and read the feed.'],
  [8, 'Then maybe a cache.'],
  [12, 'That is the design.'],
];

type Held = { id: string; token: string };

async function interview(app: TestServer, key: string, o: { problemId?: string; end?: boolean } = {}): Promise<Held> {
  const t0 = app.clock.t;
  const created = await app.api('/api/sessions', { body: { problemId: o.problemId ?? 'url-shortener', level: 'mid', durationMinutes: 45 }, headers: { 'x-client-key': key } });
  expect(created.status).toBe(201);
  const s: Held = { id: created.body.id, token: created.body.token };
  for (const [minute, text] of WEAK) {
    app.clock.t = Math.max(app.clock.t, t0 + minute * MINUTE);
    expect((await app.api(`/api/sessions/${s.id}/messages`, { token: s.token, body: { clientMessageId: messageId(), text } })).status).toBe(201);
  }
  if (o.end !== false) expect((await app.api(`/api/sessions/${s.id}/end`, { method: 'POST', token: s.token })).status).toBe(200);
  return s;
}

const post = (app: TestServer, path: string, body: unknown, key: string | null = KEY) =>
  app.api(path, { body, headers: key ? { 'x-client-key': key } : {} });

async function rowsOf(app: TestServer, ids: string[]) {
  const db = app.db.db;
  return {
    sessions: (await db.select({ id: sessions.id }).from(sessions).where(inArray(sessions.id, ids))).length,
    events: (await db.select({ id: sessionEvents.sessionId }).from(sessionEvents).where(inArray(sessionEvents.sessionId, ids))).length,
    reports: (await db.select({ id: reports.sessionId }).from(reports).where(inArray(reports.sessionId, ids))).length,
  };
}

describe('history endpoints', () => {
  let app: TestServer;
  const dataDir = tempDir('history-http-');
  let done: Held[] = [];
  let running: Held;
  let unheld: Held;
  let theirs: Held;

  beforeAll(async () => {
    app = await startTestServer({ dataDir });
    done = [await interview(app, KEY), await interview(app, KEY, { problemId: 'chat' }), await interview(app, KEY, { problemId: 'news-feed' })];
    running = await interview(app, KEY, { end: false });
    unheld = await interview(app, KEY);
    theirs = await interview(app, OTHER);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  const held = () => [...done, running];

  it('[PRAC9] every history call needs the client key, sessions named with tokens, and a well-formed body', async () => {
    for (const path of ['/api/history/plan', '/api/history/export', '/api/history/delete']) {
      const noKey = await post(app, path, { sessions: held(), confirm: true }, null);
      expect(noKey.status, path).toBe(401);
      expect((await post(app, path, { sessions: 'all', confirm: true })).status, path).toBe(400);
      // Someone else's session, or a wrong token for one's own: 404, as for any session call.
      const foreign = await post(app, path, { sessions: [theirs], confirm: true });
      expect(foreign.status, path).toBe(404);
      const wrong = await post(app, path, { sessions: [{ id: done[0]!.id, token: theirs.token }], confirm: true });
      expect(wrong.status, path).toBe(404);
      const form = await app.api(path, { method: 'POST', body: 'sessions=all', headers: { 'x-client-key': KEY, 'content-type': 'application/x-www-form-urlencoded' } });
      expect([400, 415]).toContain(form.status);
    }
    // Deleting needs an explicit confirmation; nothing was deleted by any of the refused calls.
    const unconfirmed = await post(app, '/api/history/delete', { sessions: held() });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.error.message).toContain('confirm');
    expect(await rowsOf(app, [...held(), theirs].map((s) => s.id))).toMatchObject({ sessions: 5 });
  });

  it('[PRAC6] the plan reads the finished interviews the caller holds, and names the ones left out', async () => {
    const res = await post(app, '/api/history/plan', { sessions: held() });
    expect(res.status).toBe(200);
    expect(res.body.interviews).toBe(3);
    expect(res.body.schedule).toEqual([1, 3, 7, 14]);
    expect(res.body.leftOut).toEqual([{ id: unheld.id, reason: 'no_token' }]);
    // Three weak interviews: the same low dimensions recur, with quotes from the candidate's turns.
    expect(res.body.weaknesses.length).toBeGreaterThan(0);
    const quoted = res.body.weaknesses.flatMap((w: { quotes: Array<{ quote: string }> }) => w.quotes.map((q) => q.quote));
    for (const q of quoted) expect(WEAK.some(([, line]) => line.includes(q))).toBe(true);
    expect(res.body.next.problemId).toMatch(/^[a-z0-9-]+$/);
    expect(res.body.next.level).toBe('mid');
  });

  it('[PRAC7] the export holds every held session: summary, whole event log and report', async () => {
    const res = await app.api('/api/history/export', { body: { sessions: held() }, headers: { 'x-client-key': KEY } });
    expect(res.status).toBe(200);
    expect(res.body.format).toBe('mock-interview-history');
    expect(res.body.leftOut).toEqual([{ id: unheld.id, reason: 'no_token' }]);
    expect(res.body.sessions.map((s: { id: string }) => s.id).sort()).toEqual(held().map((s) => s.id).sort());
    for (const s of held()) {
      const got = res.body.sessions.find((x: { id: string }) => x.id === s.id);
      const one = await app.api(`/api/sessions/${s.id}/export`, { token: s.token });
      expect(got.transcript.events).toEqual(one.body.events);
      expect(got.transcript.events.length).toBeGreaterThan(WEAK.length * 2);
      if (s === running) {
        expect(got.status).toBe('active');
        expect(got.report).toBeNull();
      } else {
        expect(got.status).toBe('ended');
        expect(ReportSchema.parse(got.report)).toEqual((await app.api(`/api/sessions/${s.id}/report`, { token: s.token })).body);
      }
    }
    // A revoked token opens nothing: its session is named, not exported.
    expect((await app.api(`/api/sessions/${done[2]!.id}/token`, { method: 'DELETE', token: done[2]!.token })).status).toBe(200);
    const after = await post(app, '/api/history/export', { sessions: held() });
    expect(after.body.sessions.map((s: { id: string }) => s.id)).not.toContain(done[2]!.id);
    expect(after.body.leftOut).toContainEqual({ id: done[2]!.id, reason: 'token_revoked' });
  });

  it('[PRAC8] delete removes sessions, events and reports for good; their tokens open nothing; sockets close', async () => {
    const ids = held().map((s) => s.id);
    const before = await rowsOf(app, ids);
    expect(before).toMatchObject({ sessions: 4, reports: 3 });
    expect(before.events).toBeGreaterThan(20);

    const ws = await connect(`${app.url.replace('http', 'ws')}/api/sessions/${running.id}/ws?token=${running.token}`);
    const closed = new Promise<number>((resolve) => ws.ws.once('close', (code) => resolve(code)));
    ws.send({ type: 'hello', lastSeq: 1_000 });
    await ws.next((f) => f.type === 'welcome');

    const res = await post(app, '/api/history/delete', { sessions: held(), confirm: true });
    expect(res.status).toBe(200);
    expect([...res.body.deleted].sort()).toEqual([...ids].sort());
    expect(res.body.leftOut).toEqual([{ id: unheld.id, reason: 'no_token' }]);
    expect(await closed).toBe(1008);

    expect(await rowsOf(app, ids)).toEqual({ sessions: 0, events: 0, reports: 0 });
    for (const s of held()) {
      for (const path of ['', '/report', '/export', '/diagram']) {
        const r = await app.api(`/api/sessions/${s.id}${path}`, { token: s.token });
        expect([404, 410], `${path} ${r.status}`).toContain(r.status);
      }
      expect((await app.api(`/api/sessions/${s.id}/messages`, { token: s.token, body: { clientMessageId: messageId(), text: 'still there?' } })).status).toBe(404);
    }
    const listed = await app.api('/api/sessions', { headers: { 'x-client-key': KEY } });
    expect(listed.body.sessions.map((s: { id: string }) => s.id)).toEqual([unheld.id]);
    // Someone else's interviews are untouched.
    expect(await rowsOf(app, [theirs.id])).toMatchObject({ sessions: 1, reports: 1 });
    // Deleting again deletes nothing and finds nothing of them.
    expect((await post(app, '/api/history/delete', { sessions: held(), confirm: true })).status).toBe(404);

    // Durable: after a restart on the same data directory they are still gone.
    await app.close();
    app = await startTestServer({ dataDir });
    for (const s of held()) expect((await app.api(`/api/sessions/${s.id}`, { token: s.token })).status).toBe(404);
    expect((await app.api(`/api/sessions/${unheld.id}`, { token: unheld.token })).status).toBe(200);
  }, 60_000);
});
