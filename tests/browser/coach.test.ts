// Coach mode in Chromium (server/SPEC.md COACH7): the mode chosen on the start page, the Hint button
// and panel on the interview page, a hint asked for in the chat, and the report listing each hint,
// checked against the events the server stored.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/app.js';
import { chromiumAvailable, launchBrowser, type TestBrowser } from '../support/browser.js';
import { interviewerSays, sayAndWaitForReply, sessionIdOf, snap, tokenOf, unexpectedErrors, waitLive } from './interview-driver.js';

describe.skipIf(!chromiumAvailable)('web client: coach mode', () => {
  let app: TestServer;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    app = await startTestServer();
    browser = await launchBrowser();
    page = browser.page;
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('[COACH7] a coach-mode interview records its hints and the report shows them', async () => {
    await page.goto(`${app.url}/`);
    await page.locator('.problem-card').first().waitFor();
    await page.getByRole('searchbox', { name: 'Search problems' }).fill('payment');
    await page.locator('.problem-card', { hasText: 'Payment Processing' }).click();
    await page.getByRole('radio', { name: /^Coach/ }).check();
    await expect.poll(() => page.locator('.start-action .summary').innerText()).toContain('coach');
    await snap(page, 'coach-start', page.getByTestId('mode-choice'));
    await page.getByRole('button', { name: 'Start interview' }).click();
    await page.waitForURL(/#\/interview\//);
    await waitLive(page);
    const id = sessionIdOf(page);
    const token = await tokenOf(page, id);

    // The Hint button sits in the header's actions; the hint shows in the panel.
    const hintButton = page.locator('.interview-actions').getByRole('button', { name: 'Hint' });
    await hintButton.click();
    const latest = page.getByTestId('hint-latest');
    await expect.poll(() => latest.innerText()).toMatch(/^Nudge 1\/3/);
    await snap(page, 'coach-hint-panel', [page.getByTestId('hint-panel'), hintButton]);

    // Asking in the chat climbs the same ladder: the reply is the pointer, and the panel follows.
    await sayAndWaitForReply(page, "I'm stuck, can you give me a hint?");
    await interviewerSays(page, /A pointer: /);
    await expect.poll(() => latest.innerText()).toMatch(/^Pointer 2\/3/);
    await sayAndWaitForReply(page, 'How many payments do we process per day, and what is the peak?');

    // An interview mode session shows no Hint button (checked over the same page later is not needed: the view says the mode).
    const stored = (await app.api(`/api/sessions/${id}/export`, { token })).body.events.filter((e: any) => e.type === 'hint_given');
    expect(stored.map((e: any) => [e.rung, e.via])).toEqual([
      [1, 'button'],
      [2, 'chat'],
    ]);

    await page.getByRole('button', { name: /^End/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'End interview' }).click();
    await page.waitForURL(/#\/finished\//);
    const section = page.getByTestId('coach-report');
    await section.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('coach-fact').innerText()).toContain('coach mode: 2 hints');
    const rows = section.getByTestId('coach-hint');
    expect(await rows.count()).toBe(stored.length);
    for (const [i, e] of stored.entries()) expect(await rows.nth(i).innerText()).toContain(e.text);
    // The scale hint was used where the candidate asked about the scale.
    expect(await rows.nth(0).innerText()).toMatch(/covered at/);
    await section.scrollIntoViewIfNeeded();
    await snap(page, 'coach-report', section);
    expect(unexpectedErrors(browser.errors)).toEqual([]);
  });

  it('[COACH1] an interview-mode session has no Hint button', async () => {
    const res = await app.api('/api/sessions', { body: { problemId: 'payment-system', level: 'mid', durationMinutes: 45 } });
    await page.goto(`${app.url}/`);
    await page.evaluate(([k, v]) => localStorage.setItem(k!, v!), [`msd:token:${res.body.id}`, res.body.token]);
    await page.goto(`${app.url}/#/interview/${res.body.id}`);
    await waitLive(page);
    expect(await page.locator('.interview-actions').getByRole('button', { name: 'Hint' }).count()).toBe(0);
    expect(await page.getByTestId('hint-panel').count()).toBe(0);
  });
});
