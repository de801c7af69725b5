// [RPL4][RPL6] Whiteboard replay: a scripted 45-minute interview with 200 board edits, saved over
// HTTP into a real server on PGlite. Stored bytes of the timeline against storing the whole scene
// at every edit (goal: under 10 %), and the time to load a replay (the GET, then rebuilding the
// board at 50 random moments and scrubbing through every change, as the page does).
import { sql } from 'drizzle-orm';
import { MINUTE } from '../server/domain/phases.js';
import { BoardReplay, BoardTimeline, isKeyframe } from '../server/protocol/board-timeline.js';
import { startTestServer } from '../tests/support/app.js';
import { BoardScript, seeded } from '../tests/support/board-edits.js';
import { summarize } from './support.js';

const EDITS = 200;

export async function run(): Promise<Record<string, number | string>> {
  const app = await startTestServer();
  try {
    const t0 = app.clock.t;
    const s = (await app.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'mid', durationMinutes: 45 } })).body as { id: string; token: string };
    const script = new BoardScript(45);
    let fullBytes = 0;
    let lastScene = 0;
    for (let i = 0; i < EDITS; i++) {
      app.clock.t = t0 + Math.round(((i + 1) * 44 * MINUTE) / EDITS);
      const scene = script.step();
      const res = await app.api(`/api/sessions/${s.id}/diagram`, { method: 'PUT', token: s.token, body: { elements: scene } });
      if (res.status !== 200) throw new Error(`save ${i} failed: ${res.status} ${JSON.stringify(res.body)}`);
      lastScene = JSON.stringify(scene).length;
      fullBytes += lastScene;
    }
    await app.api(`/api/sessions/${s.id}/end`, { method: 'POST', token: s.token });

    const rows = await app.db.db.execute(
      sql`select count(*)::int as n, count(*) filter (where keyframe)::int as keys, coalesce(sum(octet_length(entry::text)), 0)::int as text_bytes, coalesce(sum(pg_column_size(entry)), 0)::int as stored_bytes from session_board_entries where owner_id = ${s.id}`,
    );
    const stats = ((rows as { rows?: unknown[] }).rows ?? (rows as unknown as unknown[]))[0] as { n: number; keys: number; text_bytes: number; stored_bytes: number };

    const loads: number[] = [];
    const rebuilds: number[] = [];
    let timeline: BoardTimeline | undefined;
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      const res = await app.api(`/api/sessions/${s.id}/timeline`, { token: s.token });
      timeline = BoardTimeline.parse(res.body);
      loads.push(performance.now() - started);
      const rnd = seeded(i + 1);
      const built = performance.now();
      const replay = new BoardReplay(timeline.entries);
      for (let k = 0; k < 50; k++) replay.sceneAt(Math.floor(rnd() * timeline.endMs));
      rebuilds.push(performance.now() - built);
    }
    const replay = new BoardReplay(timeline!.entries);
    const scrub = performance.now();
    for (const t of replay.times) replay.sceneAt(t);
    const scrubMs = performance.now() - scrub;
    const responseBytes = JSON.stringify(timeline).length;
    const load = summarize(loads);
    const rebuild = summarize(rebuilds);
    return {
      'board edits': EDITS,
      'elements on the final board': script.scene().length,
      'timeline entries (keyframes)': `${stats.n} (${timeline!.entries.filter(isKeyframe).length})`,
      'timeline bytes (JSON text)': stats.text_bytes,
      'timeline bytes (as stored, jsonb)': stats.stored_bytes,
      'full scene at every edit (JSON text)': fullBytes,
      'timeline / full scenes (%) (goal < 10)': Number(((100 * stats.text_bytes) / fullBytes).toFixed(2)),
      'final scene bytes': lastScene,
      'GET /timeline response bytes': responseBytes,
      'load a replay: GET /timeline p50 (ms)': Number(load.p50.toFixed(2)),
      'load a replay: GET /timeline p99 (ms)': Number(load.p99.toFixed(2)),
      'rebuild at 50 random moments p50 (ms)': Number(rebuild.p50.toFixed(2)),
      'scrub through every change (ms)': Number(scrubMs.toFixed(2)),
    };
  } finally {
    await app.close();
  }
}
