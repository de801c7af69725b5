// The finished page's report in Chromium: the radar and its table, time per phase as bars,
// components covered and missed, the pivot and the response, red flags, evidence that jumps to its
// turn, the Markdown download, the whiteboard as SVG and PNG (Excalidraw fetched only on that
// click), and the report polling (409 while the interview closes, a retry after an error).
import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHASE_LABELS } from '../../server/domain/phases.js';
import { ReportSchema, type Report } from '../../server/scoring/types.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { chromiumAvailable, launchBrowser, pngStats, type TestBrowser } from '../support/browser.js';
import { SCRIPT } from '../support/scripted-interview.js';
import { snap, unexpectedErrors } from './interview-driver.js';
import { browserClientKey, finishedSession, freshLoad, grantAccess, isExcalidrawScript, SCENE, WEAK_LINES, type Owned } from './sessions.js';

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; body: Buffer }> {
  const [dl] = (await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), click()])) as [Download, void];
  const path = await dl.path();
  return { name: dl.suggestedFilename(), body: readFileSync(path) };
}

describe.skipIf(!chromiumAvailable)('web client: the report on the finished page', () => {
  let app: TestServer;
  let browser: TestBrowser;
  let page: Page;
  let strong: Owned;
  let weak: Owned;
  let strongReport: Report;
  const scripts: string[] = [];
  const reportRequests: Array<{ url: string; auth: string | undefined }> = [];

  beforeAll(async () => {
    app = await startTestServer();
    browser = await launchBrowser();
    page = browser.page;
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
      if (/\/report(\?|$)/.test(r.url())) reportRequests.push({ url: r.url(), auth: r.headers().authorization });
    });
    const key = await browserClientKey(page, app.url);
    strong = await finishedSession(app, { key, problemId: 'url-shortener', level: 'senior', lines: SCRIPT, scene: SCENE });
    weak = await finishedSession(app, { key, problemId: 'news-feed', level: 'mid', lines: WEAK_LINES });
    await grantAccess(page, [strong, weak]);
    strongReport = ReportSchema.parse((await app.api(`/api/sessions/${strong.id}/report`, { token: strong.token })).body);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('draws the eight dimensions on a radar with an accessible name and a table of the same scores', async () => {
    await freshLoad(page, `${app.url}/#/finished/${strong.id}`);
    const report = page.getByTestId('report');
    await report.waitFor({ timeout: 20_000 });

    const radar = page.getByTestId('radar');
    expect(await radar.getAttribute('role')).toBe('img');
    const label = (await radar.getAttribute('aria-label'))!;
    expect(strongReport.dimensions).toHaveLength(8);
    for (const d of strongReport.dimensions) expect(label).toContain(`${d.title} ${d.score}`);

    // Each vertex sits at score/4 of the radius along its spoke.
    const geo = await radar.evaluate((svg) => ({
      cx: Number(svg.dataset.cx),
      cy: Number(svg.dataset.cy),
      r: Number(svg.dataset.r),
      points: svg.querySelector('.radar-shape')!.getAttribute('points')!,
    }));
    const vertices = geo.points.split(' ').map((p) => p.split(',').map(Number) as [number, number]);
    expect(vertices).toHaveLength(8);
    vertices.forEach(([x, y], i) => {
      expect(Math.hypot(x - geo.cx, y - geo.cy)).toBeCloseTo((geo.r * strongReport.dimensions[i]!.score) / 4, 0);
    });
    // Dimensions with different scores give a shape that is not a regular octagon.
    expect(new Set(strongReport.dimensions.map((d) => d.score)).size).toBeGreaterThan(1);

    const rows = page.getByTestId('score-table').locator('tbody tr');
    expect(await rows.count()).toBe(8);
    for (const [i, d] of strongReport.dimensions.entries()) {
      expect(await rows.nth(i).textContent()).toContain(d.title);
      expect(await rows.nth(i).textContent()).toContain(`${d.score}/4`);
    }
    await snap(page, 'report-radar');
  }, 60_000);

  it('shows the time per phase as bars, planned against used on one scale, with the figures in text', async () => {
    await freshLoad(page, `${app.url}/#/finished/${strong.id}`);
    const bars = page.getByTestId('time-bars');
    await bars.waitFor({ timeout: 20_000 });
    const rows = strongReport.timeUse.rows;
    expect(rows.length).toBeGreaterThan(1);
    // The script does not keep to the plan everywhere, so the bars are not all the same.
    expect(rows.some((r) => r.usedMinutes !== r.plannedMinutes)).toBe(true);
    const scale = Math.max(...rows.map((r) => Math.max(r.plannedMinutes, r.usedMinutes)));

    expect(await bars.getAttribute('role')).toBe('img');
    const name = (await bars.getAttribute('aria-label'))!;
    for (const r of rows) {
      const label = PHASE_LABELS[r.phase];
      expect(name).toContain(`${label} ${r.usedMinutes.toFixed(1)} min used of ${r.plannedMinutes.toFixed(1)} min planned`);
      const row = bars.locator(`[data-phase="${r.phase}"]`);
      expect(await row.locator('.time-bar-label').textContent()).toBe(label);
      expect(await row.locator('.time-bar-value').textContent()).toBe(`${r.usedMinutes.toFixed(1)} / ${r.plannedMinutes.toFixed(1)} min`);
      expect(await row.getAttribute('class')).toContain(`status-${r.status}`);
      // Drawn to scale: each bar's length is its minutes over the longest of all the bars.
      const track = (await row.locator('.time-bar-track').boundingBox())!;
      const planned = (await row.locator('.time-bar-planned').boundingBox())!;
      const used = await row.locator('.time-bar-used').evaluate((el) => el.getBoundingClientRect().width);
      expect(track.width).toBeGreaterThan(120);
      expect(planned.width).toBeCloseTo((track.width * r.plannedMinutes) / scale, 0);
      expect(used).toBeCloseTo((track.width * r.usedMinutes) / scale, 0);
    }
    // The table of the same figures stays below the bars.
    const table = page.getByTestId('time-table');
    expect(await table.locator('tbody tr').count()).toBe(rows.length);
    expect((await table.boundingBox())!.y).toBeGreaterThan((await bars.boundingBox())!.y);
    await bars.scrollIntoViewIfNeeded();
    await snap(page, 'report-time-bars');
  }, 60_000);

  it('lists the expected components covered and missed, the pivot with the response, and red flags', async () => {
    const components = strongReport.components!;
    expect(components.covered.length).toBeGreaterThan(0);
    expect(components.missed.length).toBeGreaterThan(0);
    const covered = await page.getByTestId('components-covered').locator('.component-name').allTextContents();
    const missed = await page.getByTestId('components-missed').locator('.component-name').allTextContents();
    expect(covered).toEqual(components.covered.map((c) => c.label));
    expect(missed).toEqual(components.missed.map((c) => c.label));
    expect(await page.getByTestId('components').locator('h3').textContent()).toContain(`${components.covered.length} of ${components.covered.length + components.missed.length} covered`);

    const pivot = strongReport.pivot!;
    expect(pivot).not.toBeNull();
    const section = page.getByTestId('pivot-report');
    expect(await section.locator('blockquote').textContent()).toBe(pivot.text);
    expect(await section.getByTestId('pivot-handling').textContent()).toMatch(new RegExp(pivot.handling.replace('_', ' '), 'i'));
    const responseQuotes = await section.locator('.pivot-response q').allTextContents();
    expect(responseQuotes).toEqual(pivot.evidence.map((e) => e.quote));
    for (const term of pivot.expectsMissed) await section.locator('.chips-miss .chip', { hasText: term }).first().waitFor();

    // The strong candidate has no red flag; the weak one has some, each with its title and detail.
    expect(strongReport.redFlags).toEqual([]);
    expect(await page.getByTestId('red-flags').textContent()).toContain('None found');

    const weakReport = ReportSchema.parse((await app.api(`/api/sessions/${weak.id}/report`, { token: weak.token })).body);
    expect(weakReport.redFlags.length).toBeGreaterThan(0);
    await page.goto(`${app.url}/#/finished/${weak.id}`);
    await page.getByRole('heading', { name: 'Social News Feed' }).waitFor();
    const flags = page.getByTestId('red-flags').locator('.red-flag');
    await flags.first().waitFor({ timeout: 20_000 });
    expect(await flags.locator('strong').allTextContents()).toEqual(weakReport.redFlags.map((f) => f.title));
    for (const f of weakReport.redFlags) expect(await page.locator(`[data-flag="${f.id}"]`).textContent()).toContain(f.detail);
    // The weak candidate's next steps: each says what to practise, with its quote or with why none.
    expect(weakReport.nextSteps.length).toBeGreaterThan(0);
    const steps = page.locator('ol.next-steps > li');
    expect(await steps.count()).toBe(weakReport.nextSteps.length);
    for (const [i, step] of weakReport.nextSteps.entries()) {
      const item = steps.nth(i);
      expect(await item.textContent()).toContain(step.text);
      if (step.evidence) expect(await item.locator('q').first().textContent()).toBe(step.evidence.quote);
      else expect(await item.locator('.next-step-note').textContent()).toBe(step.note);
    }
    // No whiteboard was drawn: no preview and no download buttons.
    await page.getByText('The whiteboard was empty.').waitFor();
    expect(await page.getByRole('button', { name: /SVG/ }).count()).toBe(0);
    await snap(page, 'report-red-flags');
  }, 60_000);

  it('evidence jumps to its turn in the transcript', async () => {
    await page.goto(`${app.url}/#/finished/${strong.id}`);
    await page.getByTestId('report').waitFor({ timeout: 20_000 });
    const quote = strongReport.pivot!.evidence[0]!;
    const ref = page.getByTestId('pivot-report').locator('.pivot-response .turn-ref').first();
    expect(await ref.textContent()).toBe(`turn ${quote.turn}`);
    await ref.click();
    const turn = page.locator(`#turn-${quote.turn}`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(`turn-${quote.turn}`);
    expect(await turn.getAttribute('data-highlight'), 'the turn is highlighted').not.toBeNull();
    expect(await turn.textContent()).toContain(quote.quote);
    // Scrolled into view (smooth scrolling settles within a second on a quiet machine).
    await expect
      .poll(async () => {
        const box = (await turn.boundingBox())!;
        return box.y >= 0 && box.y + Math.min(box.height, 100) <= 800;
      }, { timeout: 10_000 })
      .toBe(true);
  }, 30_000);

  it('downloads the report as Markdown with the session token', async () => {
    const before = reportRequests.length;
    const md = await downloaded(page, () => page.getByRole('button', { name: 'Report (Markdown)' }).click());
    expect(md.name).toMatch(/^report-url-shortener-.*\.md$/);
    const text = md.body.toString('utf8');
    expect(text.startsWith('# Interview report: URL Shortener')).toBe(true);
    expect(text).toContain('## Dimensions');
    for (const d of strongReport.dimensions) expect(text).toContain(d.title);
    const asked = reportRequests.slice(before).find((r) => r.url.includes('format=md'));
    expect(asked?.auth).toBe(`Bearer ${strong.token}`);
  }, 30_000);

  it('shows the whiteboard without Excalidraw and loads Excalidraw only to download SVG or PNG', async () => {
    scripts.length = 0;
    await freshLoad(page, `${app.url}/#/finished/${strong.id}`);
    await page.getByTestId('report').waitFor({ timeout: 20_000 });
    const preview = page.getByTestId('final-diagram').locator('svg[role="img"]');
    await preview.waitFor();
    expect(await preview.locator('text').allTextContents()).toEqual(expect.arrayContaining(['API service', 'Redis cache', 'KV store']));
    expect(await preview.getAttribute('aria-label')).toMatch(/5 shapes; labels: API service, Redis cache, KV store/);
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter(isExcalidrawScript), 'Excalidraw before any download').toEqual([]);

    const svg = await downloaded(page, () => page.getByRole('button', { name: /SVG/ }).click());
    expect(svg.name).toMatch(/^whiteboard-url-shortener-.*\.svg$/);
    const xml = svg.body.toString('utf8');
    expect(xml).toMatch(/^<\?xml[^>]*>\s*<svg[\s\S]*<\/svg>$/);
    for (const label of ['API service', 'Redis cache', 'KV store']) expect(xml).toContain(label);
    expect(xml).toContain('@font-face'); // fonts inlined from our own server
    expect(scripts.filter(isExcalidrawScript).length, 'Excalidraw after the click').toBeGreaterThan(0);

    const png = await downloaded(page, () => page.getByRole('button', { name: /PNG/ }).click());
    expect(png.name).toMatch(/\.png$/);
    expect(png.body.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    const stats = pngStats(png.body);
    expect(stats.width).toBeGreaterThan(900); // twice the scene (440 px wide plus padding)
    expect(stats.distinctColors).toBeGreaterThan(3); // the coloured fills are there, not a blank image
    await snap(page, 'report-whiteboard');
  }, 60_000);

  it('keeps waiting on 409 while the interview closes, and offers a retry after an error', async () => {
    let mode: '409' | '500' | 'pass' = '409';
    let calls = 0;
    await page.route('**/api/sessions/*/report', (route) => {
      calls++;
      if (mode === '409') return route.fulfill({ status: 409, contentType: 'application/json', body: '{"error":{"code":"interview_running","message":"the report is built when the interview ends"}}' });
      if (mode === '500') return route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"code":"internal","message":"internal error"}}' });
      return route.continue();
    });
    try {
      await freshLoad(page, `${app.url}/#/finished/${weak.id}`);
      const waiting = page.getByTestId('report-waiting');
      await waiting.getByText('Your report is being prepared').waitFor();
      await expect.poll(() => calls, { timeout: 15_000 }).toBeGreaterThanOrEqual(2); // polled again after a 409
      expect(await waiting.textContent()).toMatch(/checked \d+ times?/);
      expect(await page.getByTestId('report').count()).toBe(0);

      mode = '500';
      const error = page.getByTestId('report-error');
      await error.waitFor({ timeout: 20_000 });
      expect(await error.textContent()).toMatch(/could not be loaded: internal error/);
      const stopped = calls;
      await new Promise((r) => setTimeout(r, 2_500));
      expect(calls, 'no polling after an error: the reader decides').toBe(stopped);
      await snap(page, 'report-error', { alert: true, shows: error });

      mode = 'pass';
      await error.getByRole('button', { name: 'Try again' }).click();
      await page.getByTestId('report').waitFor({ timeout: 20_000 });
      expect(await page.getByTestId('report-error').count()).toBe(0);
    } finally {
      await page.unroute('**/api/sessions/*/report');
    }
    expect(unexpectedErrors(browser.errors, [/status of (409|500)/])).toEqual([]);
  }, 60_000);
});
