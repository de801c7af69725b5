// The history page in Chromium: this browser's interviews with dates, problems, levels and
// verdicts, and each dimension over time across the finished ones (reports fetched with each
// session's token, once per page lifetime).
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions as sessionsTable } from '../../server/db/schema.js';
import { ReportSchema, type Report } from '../../server/scoring/types.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { chromiumAvailable, launchBrowser, type TestBrowser } from '../support/browser.js';
import { SCRIPT } from '../support/scripted-interview.js';
import { snap, unexpectedErrors } from './interview-driver.js';
import { browserClientKey, finishedSession, freshLoad, grantAccess, WEAK_LINES, type Owned } from './sessions.js';

const VERDICT = { strong_no: 'Strong no', no: 'No', lean_no: 'Lean no', lean_yes: 'Lean yes', yes: 'Yes', strong_yes: 'Strong yes' } as const;

describe.skipIf(!chromiumAvailable)('web client: history with scores over time', () => {
  let app: TestServer;
  let browser: TestBrowser;
  let page: Page;
  // Oldest first.
  const runs: Array<Owned & { title: string; level: string; date: Date; report?: Report }> = [];
  let active: Owned;
  let noToken: Owned;
  const reportCalls: string[] = [];

  beforeAll(async () => {
    app = await startTestServer();
    browser = await launchBrowser();
    page = browser.page;
    page.on('request', (r) => {
      const m = r.url().match(/\/api\/sessions\/([^/]+)\/report/);
      if (m) reportCalls.push(m[1]!);
    });
    const key = await browserClientKey(page, app.url);
    const plan = [
      { problemId: 'news-feed', title: 'Social News Feed', level: 'junior' as const, lines: WEAK_LINES, date: new Date(2026, 2, 2, 10, 0) },
      { problemId: 'url-shortener', title: 'URL Shortener', level: 'mid' as const, lines: SCRIPT.slice(0, 18), date: new Date(2026, 2, 9, 10, 0) },
      { problemId: 'url-shortener', title: 'URL Shortener', level: 'senior' as const, lines: SCRIPT, date: new Date(2026, 2, 16, 10, 0) },
    ];
    for (const p of plan) {
      const s = await finishedSession(app, { key, problemId: p.problemId, level: p.level, lines: p.lines });
      await app.db.db.update(sessionsTable).set({ createdAt: p.date }).where(eq(sessionsTable.id, s.id));
      const report = ReportSchema.parse((await app.api(`/api/sessions/${s.id}/report`, { token: s.token })).body);
      runs.push({ ...s, title: p.title, level: p.level, date: p.date, report });
    }
    // Still running, and one this browser has no token for (its report must not be asked for).
    const a = await app.api('/api/sessions', { body: { problemId: 'rate-limiter', level: 'mid', durationMinutes: 45 }, headers: { 'x-client-key': key } });
    active = { id: a.body.id, token: a.body.token };
    noToken = await finishedSession(app, { key, problemId: 'news-feed', level: 'mid', lines: WEAK_LINES.slice(0, 1) });
    await app.db.db.update(sessionsTable).set({ createdAt: new Date(2026, 1, 1, 9, 0) }).where(eq(sessionsTable.id, noToken.id));
    // Someone else's interview is not listed.
    await finishedSession(app, { key: 'another-browser-key-0123456789', problemId: 'url-shortener', level: 'mid', lines: WEAK_LINES });
    await grantAccess(page, [...runs, active]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('lists dates, problems, levels and verdicts, and charts each dimension over time', async () => {
    await freshLoad(page, `${app.url}/#/history`);
    const chart = page.getByTestId('trend-chart');
    await chart.waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('[data-testid="result"] .verdict-badge').count(), { timeout: 20_000 }).toBe(3);

    // The list, newest first: date, problem, level, verdict with the overall score.
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBe(5);
    for (const run of runs) {
      const row = page.locator(`tr[data-session="${run.id}"]`);
      const text = (await row.textContent())!;
      expect(text).toContain(run.date.toLocaleString('en-US', { dateStyle: 'medium' }).replace(/, \d{4}$/, ''));
      expect(text).toContain(run.title);
      expect(await row.locator('td').nth(1).textContent()).toBe(run.level);
      expect(await row.locator('.verdict-badge').textContent()).toBe(VERDICT[run.report!.verdict]);
      expect(text).toContain(`${run.report!.overallScore.toFixed(1)} / 4`);
      expect(await row.getByRole('link', { name: /View report/ }).getAttribute('href')).toBe(`#/finished/${run.id}`);
    }
    expect(await page.locator(`tr[data-session="${active.id}"]`).textContent()).toMatch(/In progress · Requirements.*Resume/);
    expect(await page.locator(`tr[data-session="${noToken.id}"]`).textContent()).toMatch(/no access here/);
    const order = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-session')));
    expect(order.indexOf(runs[2]!.id)).toBeLessThan(order.indexOf(runs[0]!.id));

    // The chart: one point per finished interview with a report, oldest first, overall by default.
    expect(await chart.getAttribute('data-points')).toBe('3');
    const values = () => chart.locator('.trend-point').evaluateAll((gs) => gs.map((g) => Number(g.getAttribute('data-value'))));
    expect(await values()).toEqual(runs.map((r) => r.report!.overallScore));
    const label = (await chart.getAttribute('aria-label'))!;
    expect(label).toMatch(/^Overall score, out of 4, across 3 finished interviews, oldest first: /);
    for (const r of runs) expect(label).toContain(`${r.date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${r.title} (${r.level})`);
    expect(await chart.locator('.trend-tick').allTextContents()).toEqual(expect.arrayContaining(['Mar 2', 'Mar 9', 'Mar 16']));
    await snap(page, 'history-chart');

    // Pick a dimension: the same interviews, that dimension's scores.
    for (const id of ['estimation', 'failure_modes', 'trade_offs'] as const) {
      const title = runs[0]!.report!.dimensions.find((d) => d.id === id)!.title;
      await page.locator('.series-picker label', { hasText: new RegExp(`^${id === 'estimation' ? 'Estimation' : id === 'failure_modes' ? 'Failure modes' : 'Trade-offs'}$`) }).click();
      await expect.poll(values).toEqual(runs.map((r) => r.report!.dimensions.find((d) => d.id === id)!.score));
      expect(await chart.getAttribute('aria-label')).toMatch(new RegExp(`^${title.replace(/[()]/g, '\\$&')}, out of 4`));
    }
    // Scores differ between the weak and the strong interview, so the line is not flat.
    expect(new Set(runs.map((r) => r.report!.overallScore)).size).toBeGreaterThan(1);

    // Only sessions with a token here were asked for a report.
    expect(new Set(reportCalls)).toEqual(new Set(runs.map((r) => r.id)));
    expect(unexpectedErrors(browser.errors)).toEqual([]);
  }, 90_000);

  it('keeps fetched reports in memory: back from a report, nothing is fetched again', async () => {
    const before = reportCalls.length;
    await page.locator(`tr[data-session="${runs[1]!.id}"]`).getByRole('link', { name: /View report/ }).click();
    await page.getByTestId('report').waitFor({ timeout: 20_000 });
    await page.getByRole('link', { name: 'History' }).click();
    await page.getByTestId('trend-chart').waitFor();
    expect(await page.locator('[data-testid="result"] .verdict-badge').count()).toBe(3);
    expect(reportCalls.length).toBe(before);
  }, 30_000);

  it('at tablet width the chart keeps its text at full size and the list fits', async () => {
    await page.setViewportSize({ width: 820, height: 1180 });
    const chart = page.getByTestId('trend-chart');
    await expect.poll(async () => Number(await chart.getAttribute('width'))).toBeLessThan(800);
    const box = (await chart.boundingBox())!;
    expect(Number(await chart.getAttribute('width'))).toBeCloseTo(box.width, 0); // drawn at its own size, not scaled down
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await snap(page, 'history-tablet');
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 30_000);
});
