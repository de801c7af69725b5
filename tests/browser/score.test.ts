// "Score a transcript" in Chromium: reached from the start page, a pasted or uploaded transcript
// scored at a chosen level (and problem), the same report component without the session-only
// parts, the Markdown download, and clear errors for what cannot be scored.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportSchema } from '../../server/scoring/types.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { chromiumAvailable, launchBrowser, type TestBrowser } from '../support/browser.js';
import { snap, unexpectedErrors } from './interview-driver.js';

const CALIBRATION = join(process.cwd(), 'tests/calibration');
const midShortener = readFileSync(join(CALIBRATION, 'mid/url-shortener.md'), 'utf8');
const juniorTickets = readFileSync(join(CALIBRATION, 'junior/ticketmaster.md'), 'utf8');

describe.skipIf(!chromiumAvailable)('web client: score a transcript', () => {
  let app: TestServer;
  let browser: TestBrowser;
  let page: Page;
  const posts: Array<{ url: string; body: unknown }> = [];

  beforeAll(async () => {
    app = await startTestServer();
    browser = await launchBrowser();
    page = browser.page;
    page.on('request', (r) => {
      // Scoring requests only: the preview (/api/score/preview) is tested in score-preview.test.ts.
      if (r.method() === 'POST' && r.url().includes('/api/score') && !r.url().includes('/api/score/preview')) posts.push({ url: r.url(), body: JSON.parse(r.postData() ?? 'null') });
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const transcript = () => page.getByRole('textbox', { name: 'Transcript' });
  const scoreButton = () => page.getByRole('button', { name: 'Score transcript' });

  it('is linked from the start page; a pasted transcript gets the report at the chosen level and problem', async () => {
    await page.goto(`${app.url}/`);
    await page.locator('.start-intro').getByRole('link', { name: 'Score a transcript' }).click();
    await page.waitForURL(/#\/score$/);
    await page.getByRole('heading', { name: 'Score a transcript', level: 1 }).waitFor();
    await snap(page, 'score-page');

    await transcript().fill(midShortener);
    await page.getByRole('radio', { name: 'Senior' }).check();
    await page.getByLabel(/^Problem/).selectOption('url-shortener');
    await scoreButton().click();
    const result = page.getByTestId('score-result');
    await result.getByTestId('report').waitFor({ timeout: 20_000 });
    // The focus moved to the result's heading (a screen reader says the report is there).
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('score-report-title');

    const sent = posts.at(-1)!;
    expect(sent.url).not.toContain('format=md');
    expect(sent.body).toEqual({ text: midShortener, level: 'senior', problemId: 'url-shortener' });
    const expected = ReportSchema.parse((await app.api('/api/score', { body: sent.body })).body);
    expect(await result.locator('.verdict-label').textContent()).toBe('Verdict for senior');
    expect(await result.locator('.verdict-value').textContent()).toBe({ strong_no: 'Strong no', no: 'No', lean_no: 'Lean no', lean_yes: 'Lean yes', yes: 'Yes', strong_yes: 'Strong yes' }[expected.verdict]);
    const radar = result.getByTestId('radar');
    for (const d of expected.dimensions) expect(await radar.getAttribute('aria-label')).toContain(`${d.title} ${d.score}`);
    expect(await result.getByRole('heading', { name: 'Report: URL Shortener' }).count()).toBe(1);
    if (expected.pivot) expect(await result.getByTestId('pivot-report').locator('blockquote').textContent()).toBe(expected.pivot.text);

    // Without the session-only parts: no transcript to jump to (turn references are plain text), no whiteboard.
    expect(await result.locator('.turn-ref').count()).toBeGreaterThan(0);
    expect(await result.locator('button.turn-ref').count()).toBe(0);
    expect(await page.getByTestId('transcript').count()).toBe(0);
    expect(await page.getByText('Final whiteboard').count()).toBe(0);
    await snap(page, 'score-result');

    // The same report as Markdown, from the same body.
    const [dl] = (await Promise.all([page.waitForEvent('download'), result.getByRole('button', { name: 'Download as Markdown' }).click()])) as [Download, void];
    const md = readFileSync(await dl.path(), 'utf8');
    expect(dl.suggestedFilename()).toBe('report-url-shortener.md');
    expect(md.startsWith('# Interview report: URL Shortener')).toBe(true);
    expect(posts.at(-1)!.url).toContain('format=md');
    expect(posts.at(-1)!.body).toEqual(sent.body);
  }, 60_000);

  it('loads a transcript from a file, and scores it against the problem the file names', async () => {
    await page.locator('input[type="file"]').setInputFiles({ name: 'tickets.md', mimeType: 'text/markdown', buffer: Buffer.from(juniorTickets) });
    await expect.poll(() => transcript().inputValue()).toBe(juniorTickets);
    expect(await page.getByText('Loaded tickets.md').count()).toBe(1);
    await page.getByRole('radio', { name: 'Junior' }).check();
    await page.getByLabel(/^Problem/).selectOption('');
    await scoreButton().click();
    const result = page.getByTestId('score-result');
    await result.getByRole('heading', { name: 'Report: Event Ticket Booking (Ticketmaster)' }).waitFor({ timeout: 20_000 });
    expect(posts.at(-1)!.body).toEqual({ text: juniorTickets, level: 'junior' });
    expect(await result.locator('.verdict-label').textContent()).toBe('Verdict for junior');

    // A JSON file works the same way: the transcript a finished interview downloads.
    const s = (await app.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'mid', durationMinutes: 20 } })).body;
    await app.api(`/api/sessions/${s.id}/messages`, { token: s.token, body: { clientMessageId: 'json-1', text: 'How many links are created per day?' } });
    await app.api(`/api/sessions/${s.id}/end`, { method: 'POST', token: s.token });
    const exported = JSON.stringify((await app.api(`/api/sessions/${s.id}/export`, { token: s.token })).body);
    await page.locator('input[type="file"]').setInputFiles({ name: 'interview.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
    await expect.poll(() => transcript().inputValue()).toBe(exported);
    await scoreButton().click();
    await result.getByRole('heading', { name: 'Report: URL Shortener' }).waitFor({ timeout: 20_000 });
  }, 60_000);

  it('explains what cannot be scored', async () => {
    // Nothing pasted: said before anything is sent.
    await transcript().fill('');
    const sentBefore = posts.length;
    await scoreButton().click();
    const error = page.getByTestId('score-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/Nothing to score yet.*Paste a transcript or choose a file first/);
    expect(posts.length).toBe(sentBefore);
    expect(await page.getByTestId('score-result').count()).toBe(0);

    // Text without turns: the server's 422 message, shown as an alert that takes the focus.
    await transcript().fill('Just some notes about caching and sharding, no speakers at all.');
    await scoreButton().click();
    await error.getByText('This transcript could not be read').waitFor({ timeout: 10_000 });
    expect(await error.getAttribute('role')).toBe('alert');
    expect(await error.textContent()).toMatch(/no turns found/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('score-error');
    await snap(page, 'score-error', { alert: true, shows: error });

    // A JSON file that is not a transcript export.
    await page.locator('input[type="file"]').setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": "world"}') });
    await expect.poll(() => transcript().inputValue()).toBe('{"hello": "world"}');
    await scoreButton().click();
    await expect.poll(() => error.textContent(), { timeout: 10_000 }).toMatch(/could not be read/);

    // A binary file is refused before anything is sent.
    const sent = posts.length;
    await page.locator('input[type="file"]').setInputFiles({ name: 'image.txt', mimeType: 'text/plain', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]) });
    await expect.poll(() => error.textContent()).toMatch(/could not be read\. image\.txt: it looks like a binary file/);
    expect(posts.length).toBe(sent);

    // Typing again and scoring clears the error.
    await transcript().fill(midShortener);
    await scoreButton().click();
    await page.getByTestId('score-result').getByTestId('report').waitFor({ timeout: 20_000 });
    expect(await error.count()).toBe(0);

    expect(unexpectedErrors(browser.errors, [/status of 422/])).toEqual([]);
  }, 60_000);

  it('at tablet width the form and the report fit the screen', async () => {
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.getByTestId('radar').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByTestId('score-result').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await snap(page, 'score-result-tablet');
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 30_000);
});
