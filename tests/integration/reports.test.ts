// Finishing an interview produces a stored, evidenced report (scoring issue; REP rules).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../server/domain/phases.js';
import { ReportSchema } from '../../server/scoring/types.js';
import { messageId, startTestServer, type TestServer } from '../support/app.js';
import { start as startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { SCRIPT } from '../support/scripted-interview.js';
import { connect } from '../support/ws-client.js';

let app: TestServer;
beforeAll(async () => {
  app = await startTestServer();
});
afterAll(async () => {
  await app?.close();
});

async function runInterview(server: TestServer, level = 'senior') {
  const t0 = server.clock.t;
  const s = (await server.api('/api/sessions', { body: { problemId: 'url-shortener', level, durationMinutes: 45 } })).body as { id: string; token: string };
  for (const [minute, text] of SCRIPT) {
    server.clock.t = t0 + minute * MINUTE;
    const r = await server.api(`/api/sessions/${s.id}/messages`, { token: s.token, body: { clientMessageId: messageId(), text } });
    expect(r.status).toBe(201);
  }
  return s;
}

describe('reports', () => {
  it('[REP2] the report is refused while the interview runs, and needs the session token', async () => {
    const s = (await app.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'mid' } })).body;
    const early = await app.api(`/api/sessions/${s.id}/report`, { token: s.token });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('interview_running');
    expect((await app.api(`/api/sessions/${s.id}/report`)).status).toBe(401);
    expect((await app.api(`/api/sessions/${s.id}/report`, { token: 'nope-nope-nope-nope' })).status).toBe(404);
  });

  it('[REP1] ending an interview builds and stores a report with verbatim evidence; watchers hear when it is ready', async () => {
    const s = await runInterview(app);
    const ws = await connect(`${app.url.replace('http', 'ws')}/api/sessions/${s.id}/ws?token=${s.token}`);
    ws.send({ type: 'hello', lastSeq: 1_000 });
    await ws.next((f) => f.type === 'welcome');
    await app.api(`/api/sessions/${s.id}/end`, { token: s.token, body: {} });
    await ws.next((f) => f.type === 'report_ready');
    await ws.close();

    const stored = await app.db.db.query.reports.findFirst({ where: (t, { eq }) => eq(t.sessionId, s.id) });
    expect(stored?.scorer).toBe('offline');
    const res = await app.api(`/api/sessions/${s.id}/report`, { token: s.token });
    expect(res.status).toBe(200);
    const report = ReportSchema.parse(res.body);
    expect(report.rubricVersion).toBe(stored!.rubricVersion);
    expect(report.dimensions).toHaveLength(8);
    expect(report.pivot).not.toBeNull();
    expect(report.estimationCheck.some((r) => r.verdict === 'in_range')).toBe(true);
    const transcript = (await app.api(`/api/sessions/${s.id}`, { token: s.token })).body.transcript as Array<{ text: string }>;
    const quotes = report.dimensions.flatMap((d) => d.evidence);
    expect(quotes.length).toBeGreaterThan(5);
    for (const q of quotes) expect(transcript[q.turn - 1]!.text).toContain(q.quote);
    // A strong scripted senior performs above junior.
    expect(['mid', 'senior']).toContain(report.performedLevel);
  });

  it('[REP3] the Markdown rendering is served with ?format=md, and the same report twice is identical', async () => {
    const s = await runInterview(app, 'mid');
    await app.api(`/api/sessions/${s.id}/end`, { token: s.token, body: {} });
    const a = await app.api(`/api/sessions/${s.id}/report`, { token: s.token });
    const b = await app.api(`/api/sessions/${s.id}/report`, { token: s.token });
    expect(JSON.stringify(a.body)).toBe(JSON.stringify(b.body));
    const md = await app.api(`/api/sessions/${s.id}/report?format=md`, { token: s.token });
    expect(md.status).toBe(200);
    expect(typeof md.body).toBe('string');
    expect(md.body).toMatch(/^#/m);
    expect(md.body).toContain('Next steps');
  });

  it('[REP4] GET /api/rubric returns the versioned rubric', async () => {
    const res = await app.api('/api/rubric');
    expect(res.status).toBe(200);
    expect(res.body.version).toBeTruthy();
    expect(res.body.dimensions).toHaveLength(8);
  });
});

describe('reports with a model judge', () => {
  let fake: FakeOpenAI;
  let judged: TestServer;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    judged = await startTestServer({ env: { OPENAI_BASE_URL: fake.url, OPENAI_MODEL: 'judge-model', OPENAI_TIMEOUT_MS: '2000' } });
  });
  afterAll(async () => {
    await judged?.close();
    await fake?.close();
  });

  it('[REP5] a configured model judges the report; its scores stay within the combination rule', async () => {
    const s = await runInterview(judged);
    // Every interviewer turn so far went to the fake model (default replies); now the judge's turn.
    fake.enqueue({
      kind: 'reply',
      text: JSON.stringify({
        summary: 'Solid.',
        dimensions: ['requirements', 'estimation', 'high_level_design', 'depth', 'trade_offs', 'adaptability', 'failure_modes', 'communication'].map((id) => ({ id, score: 1, supportedLevel: 'junior', rationale: 'harsh', evidence: [] })),
      }),
    });
    await judged.api(`/api/sessions/${s.id}/end`, { token: s.token, body: {} });
    const report = ReportSchema.parse((await judged.api(`/api/sessions/${s.id}/report`, { token: s.token })).body);
    expect(report.scorer).toBe('offline+llm');
    expect(report.model).toBe('judge-model');
    for (const d of report.dimensions) {
      expect(d.modelScore).toBe(1);
      expect(Math.abs(d.score - d.offlineScore)).toBeLessThanOrEqual(1);
    }
  });
});

describe('scoring a pasted transcript', () => {
  const transcript = [
    '**Interviewer:** Design a service that sends notifications by email, SMS and push.',
    '**Candidate:** How many notifications per day, and which channel dominates?',
    '**Interviewer:** About 50 million a day, mostly push.',
    '**Candidate:** That is roughly 600 per second on average and 3k QPS at peak. Kafka partitioned by user, channel workers, and a retry queue with backoff.',
  ].join('\n\n');

  it('[REP6] POST /api/score returns a report for a transcript the project has never seen, storing nothing', async () => {
    const res = await app.api('/api/score', { body: { text: transcript, level: 'junior' } });
    expect(res.status).toBe(200);
    const report = ReportSchema.parse(res.body);
    expect(report.problem).toBeNull();
    expect(report.targetLevel).toBe('junior');
    expect(report.skipped.join(' ')).toMatch(/problem/i);
    const md = await app.api('/api/score?format=md', { body: { text: transcript } });
    expect(md.body).toMatch(/^# /m);
  });

  it('[REP6] an unreadable transcript or an unknown problem gets a clear 4xx', async () => {
    const none = await app.api('/api/score', { body: { text: 'just some words without speakers' } });
    expect(none.status).toBe(422);
    expect(none.body.error.message).toMatch(/turn/i);
    expect((await app.api('/api/score', { body: { text: transcript, problemId: 'nope' } })).status).toBe(404);
    expect((await app.api('/api/score', { body: { text: '' } })).status).toBe(400);
  });
});
