// "Score a transcript" in Chromium with transcripts as people have them: the preview of the parsed
// turns appears before scoring, asks which speaker is the candidate when the names do not say it,
// and the choice goes with the scoring request.
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportSchema } from '../../server/scoring/types.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { chromiumAvailable, launchBrowser, type TestBrowser } from '../support/browser.js';
import { snap, unexpectedErrors } from './interview-driver.js';

const OTTER = [
  'Practice call, exported by the transcriber',
  '',
  'Dana Reyes  0:02',
  'Let us design a notification service for a shopping app.',
  '',
  'Sam Lee  0:15',
  'How many notifications a day, and which channels?',
  '',
  'Dana Reyes  0:31',
  'Fifty million a day, mostly push.',
  '',
  'Sam Lee  1:05',
  'That is about 600 per second. I would put a queue per channel and retry with backoff.',
].join('\n');

const PLAIN = [
  'Interviewer: Let us design a URL shortener.',
  'Candidate: How many new links per day?',
  'Interviewer: About 100 million.',
  'Candidate: So roughly 1200 writes per second.',
  'Candidate: Reads will dominate, so a cache in front of the store.',
].join('\n');

const VTT = [
  'WEBVTT',
  '',
  '00:00:01.000 --> 00:00:04.000',
  '<v Interviewer>Let us design a chat service.</v>',
  '',
  '00:00:05.000 --> 00:00:08.000',
  '<v Candidate>One to one only, or groups too?</v>',
].join('\n');

describe.skipIf(!chromiumAvailable)('web client: the preview of a transcript before scoring', () => {
  let app: TestServer;
  let browser: TestBrowser;
  let page: Page;
  const scores: Array<{ url: string; body: any }> = [];
  const previews: Array<{ body: any }> = [];

  beforeAll(async () => {
    app = await startTestServer();
    browser = await launchBrowser();
    page = browser.page;
    page.on('request', (r: Request) => {
      if (r.method() !== 'POST') return;
      const body = JSON.parse(r.postData() ?? 'null');
      if (r.url().includes('/api/score/preview')) previews.push({ body });
      else if (r.url().includes('/api/score')) scores.push({ url: r.url(), body });
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const transcript = () => page.getByRole('textbox', { name: 'Transcript' });
  const scoreButton = () => page.getByRole('button', { name: 'Score transcript' });
  const preview = () => page.getByTestId('score-preview');

  it('shows the parsed turns, asks who the candidate is, and scores with the speaker picked', async () => {
    await page.goto(`${app.url}/#/score`);
    await page.getByRole('heading', { name: 'Score a transcript', level: 1 }).waitFor();
    await transcript().fill(OTTER);

    await preview().getByRole('heading', { name: 'Preview: 4 turns' }).waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('preview-summary').textContent()).toMatch(/speaker headers with times.*2 speakers · timed/);
    await page.getByTestId('preview-needs-candidate').waitFor();
    const turns = preview().getByTestId('preview-turn');
    expect(await turns.count()).toBe(4);
    expect(await turns.nth(1).locator('.msg-who').textContent()).toBe('2. Sam Lee · 0:13');
    expect(await turns.nth(1).textContent()).toContain('How many notifications a day, and which channels?');
    expect(await turns.nth(0).getAttribute('data-role')).toBe('');
    const choice = page.getByTestId('candidate-choice');
    expect(await choice.getByRole('radio').count()).toBe(2);
    expect(await choice.getByRole('radio', { checked: true }).count()).toBe(0);
    await snap(page, 'score-preview-ambiguous', { shows: preview() });

    // Scoring before picking is stopped on the page, with the reason; nothing is sent.
    const sent = scores.length;
    await scoreButton().click();
    const error = page.getByTestId('score-error');
    await expect.poll(() => error.textContent()).toMatch(/Which speaker is the candidate\?.*pick the candidate in the preview/);
    expect(scores.length).toBe(sent);

    // Picking Sam Lee re-reads the turns with Sam as the candidate.
    await choice.getByRole('radio', { name: /Sam Lee/ }).check();
    await page.getByTestId('preview-candidate').waitFor({ timeout: 10_000 });
    expect(await error.count()).toBe(0);
    expect(await page.getByTestId('preview-candidate').textContent()).toMatch(/Sam Lee is the candidate \(your choice\)/);
    expect(previews.at(-1)!.body).toEqual({ text: OTTER, candidate: 'Sam Lee' });
    await expect.poll(() => turns.evaluateAll((els) => els.map((e) => e.getAttribute('data-role')))).toEqual(['interviewer', 'candidate', 'interviewer', 'candidate']);
    expect(await turns.nth(3).locator('.msg-who').textContent()).toBe('4. Sam Lee · candidate · 1:03');
    await snap(page, 'score-preview-chosen', { shows: preview() });

    await page.getByRole('radio', { name: 'Junior' }).check();
    await scoreButton().click();
    const result = page.getByTestId('score-result');
    await result.getByTestId('report').waitFor({ timeout: 20_000 });
    expect(scores.at(-1)!.body).toEqual({ text: OTTER, level: 'junior', candidate: 'Sam Lee' });
    const expected = ReportSchema.parse((await app.api('/api/score', { body: scores.at(-1)!.body })).body);
    expect(expected.stats.candidateTurns).toBe(2);
    expect(await result.locator('.verdict-label').textContent()).toBe('Verdict for junior');
    expect(await error.count()).toBe(0);
  }, 60_000);

  it('takes the candidate from the names when they say it, and the request carries no choice', async () => {
    await transcript().fill(PLAIN);
    await expect.poll(() => page.getByTestId('preview-candidate').textContent(), { timeout: 10_000 }).toMatch(/Candidate is the candidate, as the names say/);
    expect(await preview().getByRole('heading').textContent()).toBe('Preview: 4 turns');
    expect(await page.getByTestId('preview-summary').textContent()).toMatch(/speaker lines · 2 speakers · no times/);
    expect(await page.getByTestId('candidate-choice').locator('label.selected').textContent()).toMatch(/^Candidate \(2\)/);
    // The last two lines are one turn of the candidate.
    expect(await preview().getByTestId('preview-turn').nth(3).textContent()).toContain('So roughly 1200 writes per second.');
    expect(await preview().getByTestId('preview-turn').nth(3).textContent()).toContain('Reads will dominate');
    await scoreButton().click();
    await expect.poll(() => scores.at(-1)?.body.text).toBe(PLAIN);
    expect(scores.at(-1)!.body).toEqual({ text: PLAIN, level: 'junior' });
    await page.getByTestId('score-result').getByTestId('report').waitFor({ timeout: 20_000 });
  }, 60_000);

  it('previews a caption file loaded from disk', async () => {
    await page.locator('input[type="file"]').setInputFiles({ name: 'call.vtt', mimeType: 'text/vtt', buffer: Buffer.from(VTT) });
    await expect.poll(() => transcript().inputValue()).toBe(VTT);
    await expect.poll(() => page.getByTestId('preview-summary').textContent(), { timeout: 10_000 }).toMatch(/WebVTT captions · 2 speakers · timed/);
    expect(await preview().getByTestId('preview-turn').nth(1).locator('.msg-who').textContent()).toBe('2. Candidate · candidate · 0:04');
  }, 30_000);

  it('when the preview could not be had, the server still asks which speaker is the candidate', async () => {
    await page.route('**/api/score/preview', (route) => route.abort());
    try {
      await transcript().fill(OTTER.replace('Fifty', 'About fifty'));
      await page.getByTestId('preview-error').waitFor({ timeout: 10_000 });
      await scoreButton().click();
      const error = page.getByTestId('score-error');
      await expect.poll(() => error.textContent(), { timeout: 10_000 }).toMatch(/Which speaker is the candidate\?/);
      expect(scores.at(-1)!.body.candidate).toBeUndefined();
      await snap(page, 'score-preview-server-asks', { alert: true, shows: error });
    } finally {
      await page.unroute('**/api/score/preview');
    }
    expect(unexpectedErrors(browser.errors, [/status of 422/, /net::ERR_FAILED/])).toEqual([]);
  }, 30_000);
});
