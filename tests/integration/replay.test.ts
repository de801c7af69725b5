// The whiteboard timeline over real HTTP, WebSocket and PGlite: every accepted save (REST PUT and
// the socket's merged frames) is recorded at its interview time and rebuilds exactly; the timeline
// survives a restart and a record lost between the scene's save and its own; the export keeps it;
// the Markdown report stamps each quote with its time; an interview from before replays its board.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../server/domain/phases.js';
import { BoardReplay, BoardTimeline, formatInterviewTime } from '../../server/protocol/board-timeline.js';
import { ManualClock, messageId, startTestServer, tempDir, type TestServer } from '../support/app.js';
import { BoardScript, visibleVersions, type El } from '../support/board-edits.js';
import { connect } from '../support/ws-client.js';

const open: TestServer[] = [];
afterAll(async () => {
  while (open.length) await open.pop()!.close().catch(() => {});
});

async function boot(o: { dataDir?: string; clock?: ManualClock } = {}) {
  const app = await startTestServer(o);
  open.push(app);
  return app;
}

async function timeline(app: TestServer, s: { id: string; token: string }) {
  const res = await app.api(`/api/sessions/${s.id}/timeline`, { token: s.token });
  expect(res.status).toBe(200);
  return BoardTimeline.parse(res.body);
}

/** The board the replay shows at each moment must be the board that was sent last before it. */
function expectReplays(t: BoardTimeline, sent: Array<[number, El[]]>) {
  const replay = new BoardReplay(t.entries);
  for (const [at, scene] of sent) expect(visibleVersions(replay.sceneAt(at)), `at ${at}`).toEqual(visibleVersions(scene));
  expect(replay.sceneAt(-1)).toEqual([]);
}

/** Servers start slowly on a loaded machine: the tests that start their own get this long. */
const BOOTING = 180_000;

describe('whiteboard timeline (HTTP + WebSocket + PGlite)', () => {
  let shared: TestServer;
  beforeAll(async () => {
    shared = await boot();
  }, BOOTING);
  it('[RPL5][RPL6] REST saves and socket frames are recorded at their interview time and rebuild exactly; the token guards it', async () => {
    const app = shared;
    const t0 = app.clock.t;
    const s = (await app.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'mid', durationMinutes: 45 } })).body;
    const script = new BoardScript(11);
    const sent: Array<[number, El[]]> = [];
    // Whole scenes over REST at minutes 2..6.
    for (let m = 2; m <= 6; m++) {
      app.clock.t = t0 + m * MINUTE;
      const scene = script.step();
      expect((await app.api(`/api/sessions/${s.id}/diagram`, { method: 'PUT', token: s.token, body: { elements: scene } })).status).toBe(200);
      sent.push([m * MINUTE, scene]);
    }
    // Changed elements only over the socket at minutes 8..12, as the whiteboard sends them.
    const ws = await connect(`${app.url.replace('http', 'ws')}/api/sessions/${s.id}/ws?token=${s.token}`);
    ws.send({ type: 'hello', lastSeq: 0 });
    await ws.next((f) => f.type === 'welcome');
    for (let m = 8; m <= 12; m++) {
      app.clock.t = t0 + m * MINUTE;
      const before = new Map(script.scene().map((e) => [e.id, e.version]));
      const scene = script.step();
      const changed = scene.filter((e) => before.get(e.id) !== e.version);
      const count = (await timeline(app, s)).entries.length;
      ws.send({ type: 'diagram', elements: changed });
      for (let i = 0; i < 200 && (await timeline(app, s)).entries.length === count; i++) await new Promise((r) => setTimeout(r, 25));
      sent.push([m * MINUTE, scene]);
    }
    await ws.close();
    // Saving the same board again records nothing.
    const again = (await timeline(app, s)).entries.length;
    expect((await app.api(`/api/sessions/${s.id}/diagram`, { method: 'PUT', token: s.token, body: { elements: script.scene() } })).status).toBe(200);

    const t = await timeline(app, s);
    expect(t.entries.length).toBe(again);
    expect(t.entries.map((e) => e.t)).toEqual(sent.map(([at]) => at));
    expect(t.legacy).toBe(false);
    expectReplays(t, sent);
    // Between saves the board is the one saved last.
    expect(visibleVersions(new BoardReplay(t.entries).sceneAt(7 * MINUTE))).toEqual(visibleVersions(sent[4]![1]));

    expect((await app.api(`/api/sessions/${s.id}/timeline`)).status).toBe(401);
    expect((await app.api(`/api/sessions/${s.id}/timeline`, { token: 'not-the-token-at-all' })).status).toBe(404);
  });

  it('[RPL5] the timeline survives a restart, and a record lost between the scene and the timeline folds into the next', async () => {
    const dataDir = tempDir('replay-');
    const clock = new ManualClock();
    const t0 = clock.t;
    let app = await boot({ dataDir, clock });
    const s = (await app.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'mid', durationMinutes: 45 } })).body;
    const script = new BoardScript(12);
    const sent: Array<[number, El[]]> = [];
    const save = async (m: number) => {
      clock.t = t0 + m * MINUTE;
      const scene = script.step();
      expect((await app.api(`/api/sessions/${s.id}/diagram`, { method: 'PUT', token: s.token, body: { elements: scene } })).status).toBe(200);
      sent.push([m * MINUTE, scene]);
    };
    for (let m = 1; m <= 4; m++) await save(m);
    // The "crash" after the scene was saved and before its timeline entry was.
    await app.db.db.execute(sql`delete from session_board_entries where owner_id = ${s.id} and n = (select max(n) from session_board_entries where owner_id = ${s.id})`);
    await open.pop()!.close();
    app = await boot({ dataDir, clock });
    for (let m = 5; m <= 7; m++) await save(m);

    const t = await timeline(app, s);
    expect(t.entries.map((e) => e.t)).toEqual([1, 2, 3, 5, 6, 7].map((m) => m * MINUTE));
    expectReplays(t, sent.filter(([at]) => at !== 4 * MINUTE));
  }, BOOTING);

  it('[RPL6][RPL8] the JSON export keeps the timeline; the Markdown report stamps each quote with its interview time', async () => {
    const app = shared;
    const t0 = app.clock.t;
    const s = (await app.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'mid', durationMinutes: 45 } })).body;
    const lines: Array<[number, string]> = [
      [1.5, 'How many new links per day, and what is the read to write ratio?'],
      [4, 'With 100 million new links a day that is about 1,200 writes per second.'],
      [9, 'I would put a load balancer in front of a shortening service backed by a key-value store.'],
      [14, 'Codes are base62 from a counter, so we never get collisions.'],
    ];
    const script = new BoardScript(13);
    for (const [m, text] of lines) {
      app.clock.t = t0 + m * MINUTE;
      expect((await app.api(`/api/sessions/${s.id}/messages`, { token: s.token, body: { clientMessageId: messageId(), text } })).status).toBe(201);
      expect((await app.api(`/api/sessions/${s.id}/diagram`, { method: 'PUT', token: s.token, body: { elements: script.step() } })).status).toBe(200);
    }
    expect((await app.api(`/api/sessions/${s.id}/end`, { method: 'POST', token: s.token })).status).toBe(200);

    const exported = (await app.api(`/api/sessions/${s.id}/export`, { token: s.token })).body;
    expect(BoardTimeline.parse(exported.timeline)).toEqual(await timeline(app, s));
    expect(exported.timeline.entries).toHaveLength(lines.length);

    const md = (await app.api(`/api/sessions/${s.id}/report?format=md`, { token: s.token })).body as string;
    const turns = (await app.api(`/api/sessions/${s.id}`, { token: s.token })).body.transcript as Array<{ atMs: number }>;
    const stamped = [...md.matchAll(/\*\*Turn (\d+) \[(\d\d:\d\d)\]:\*\*/g)];
    expect(stamped.length).toBeGreaterThan(0);
    for (const [, n, at] of stamped) expect(at).toBe(formatInterviewTime(turns[Number(n) - 1]!.atMs));
    expect(md).not.toMatch(/\*\*Turn \d+:\*\*/); // every quote has its time
  });

  it('[RPL7] an interview recorded before timelines replays its final board', async () => {
    const app = shared;
    const s = (await app.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'mid', durationMinutes: 45 } })).body;
    const script = new BoardScript(14);
    script.step();
    const scene = script.step();
    expect((await app.api(`/api/sessions/${s.id}/diagram`, { method: 'PUT', token: s.token, body: { elements: scene } })).status).toBe(200);
    expect((await app.api(`/api/sessions/${s.id}/end`, { method: 'POST', token: s.token })).status).toBe(200);
    await app.db.db.execute(sql`delete from session_board_entries where owner_id = ${s.id}`); // as before migration 0004
    const t = await timeline(app, s);
    expect(t.legacy).toBe(true);
    expect(t.entries).toHaveLength(1);
    expectReplays(t, [[0, scene], [t.endMs, scene]]);
  });
});
