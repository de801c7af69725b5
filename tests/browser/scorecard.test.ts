// End to end in Chromium: the peer interviewer's scorecard is saved as it is picked or typed, and
// nothing picked is lost by ending the interview. The scenario (pick 3 for Requirements,
// pick 2 for Estimation, End at once: both are in the report), and a scorecard filled through a
// dead connection: the end dialog names what the room does not hold yet, and it is sent again
// after the rejoin.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateRoomResponse } from '../../server/protocol/rooms.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { chromiumAvailable, launchBrowser, startProxy, type CuttableProxy, type TestBrowser } from '../support/browser.js';
import { snap, unexpectedErrors, waitLive } from './interview-driver.js';
import { joinOrRejoin } from './room-driver.js';

async function interviewRoom(app: TestServer): Promise<{ id: string; interviewerUrl: string; candidateUrl: string }> {
  const r = await app.api('/api/rooms', { body: { mode: 'interview', problemId: 'url-shortener', level: 'mid', durationMinutes: 20 } });
  expect(r.status).toBe(201);
  const room = r.body as CreateRoomResponse;
  return { id: room.id, interviewerUrl: room.interviewer!.url, candidateUrl: room.candidate!.url };
}

const dim = (page: Page, id: string) => page.getByTestId('scorecard').locator(`[data-dimension="${id}"]`);
const pick = (page: Page, id: string, score: number) => dim(page, id).locator('label.score-option', { hasText: String(score) }).click();

async function openScorecard(page: Page) {
  await page.getByRole('button', { name: 'Start the clock' }).click();
  await page.locator('[data-clock-status="running"]').waitFor();
  await page.getByRole('tab', { name: /Scorecard/ }).click();
  await page.getByTestId('scorecard').waitFor();
}

async function endInterview(page: Page) {
  await page.getByRole('button', { name: 'End interview' }).click();
  const dialog = page.getByRole('dialog', { name: 'End the interview for everyone?' });
  await dialog.getByRole('button', { name: 'End interview' }).click();
}

/** The interviewer's score of a dimension in the side-by-side report, as its image names it. */
async function reportScore(page: Page, id: string): Promise<string> {
  const row = page.getByTestId('side-by-side').locator(`tr[data-dimension="${id}"]`);
  const img = row.locator('td').first().getByRole('img');
  if ((await img.count()) === 0) return (await row.locator('td').first().innerText()).trim();
  return (await img.getAttribute('aria-label')) ?? '';
}

describe.skipIf(!chromiumAvailable)('web client: the peer scorecard is never lost', () => {
  let app: TestServer;
  let proxy: CuttableProxy;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    app = await startTestServer();
    proxy = await startProxy(app.port);
    browser = await launchBrowser();
    page = browser.page;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await app?.close();
  });

  it('pick 3 for Requirements, pick 2 for Estimation, End at once: the report keeps both', async () => {
    const room = await interviewRoom(app);
    await page.goto(`${app.url}${room.interviewerUrl}`);
    await joinOrRejoin(page, 'Ivy');
    await openScorecard(page);
    // No Save button anywhere on the scorecard.
    expect(await page.getByTestId('scorecard').getByRole('button').count()).toBe(0);
    await pick(page, 'requirements', 3);
    await pick(page, 'estimation', 2);
    // Straight to the end: no waiting for "Saved".
    await endInterview(page);
    await page.getByTestId('side-by-side').waitFor({ timeout: 20_000 });
    await expect.poll(() => reportScore(page, 'requirements'), { timeout: 10_000 }).toMatch(/: 3 out of 4$/);
    await expect.poll(() => reportScore(page, 'estimation'), { timeout: 10_000 }).toMatch(/: 2 out of 4$/);
    // The room holds them: the report other people load has both.
    const stored = await app.rooms.store.scorecard(room.id);
    expect(stored.map((e) => [e.dimension, e.score]).sort()).toEqual([['estimation', 2], ['requirements', 3]]);
    expect(unexpectedErrors(browser.errors)).toEqual([]);
  }, 90_000);

  it('through a dead connection: notes saved after typing, the end dialog names what is unsaved, the rejoin sends it', async () => {
    const room = await interviewRoom(app);
    await page.goto(`${proxy.url}${room.interviewerUrl}`);
    await joinOrRejoin(page, 'Ivy');
    await openScorecard(page);

    // Typed notes are saved once the typing pauses, with no button.
    await pick(page, 'requirements', 3);
    await dim(page, 'requirements').getByRole('textbox').fill('Asked about scale first.');
    await dim(page, 'requirements').locator('[data-saved="true"]').waitFor();
    await expect.poll(async () => (await app.rooms.store.scorecard(room.id)).find((e) => e.dimension === 'requirements')?.notes).toBe('Asked about scale first.');

    // The network dies under the open socket: the pick goes nowhere, and says it is not saved.
    proxy.partitionWebSockets();
    await pick(page, 'estimation', 2);
    await expect.poll(() => dim(page, 'estimation').getAttribute('data-state')).toBe('saving');
    // Notes with no score cannot be stored: the panel says so.
    await dim(page, 'trade_offs').getByRole('textbox').fill('Weighed consistency against latency.');
    await dim(page, 'trade_offs').getByText('pick a score to save these notes').waitFor();

    // The end dialog names both.
    await page.getByRole('button', { name: 'End interview' }).click();
    const dialog = page.getByRole('dialog', { name: 'End the interview for everyone?' });
    const unsaved = dialog.getByTestId('end-unsaved');
    await unsaved.waitFor();
    expect(await unsaved.innerText()).toMatch(/Not saved yet: Estimation\./);
    expect(await unsaved.innerText()).toMatch(/Notes without a score: Trade-offs\./);
    await snap(page, 'scorecard-end-dialog-unsaved', unsaved);
    await dialog.getByRole('button', { name: 'Keep going' }).click();
    expect((await app.rooms.store.scorecard(room.id)).map((e) => e.dimension)).toEqual(['requirements']);

    // The connection comes back: the pick is sent again and confirmed.
    proxy.dropWebSockets();
    await page.locator('[data-connection="reconnecting"]').waitFor({ timeout: 10_000 }).catch(() => {});
    proxy.allowWebSockets();
    await page.getByRole('button', { name: 'Retry now' }).click({ timeout: 2_000 }).catch(() => {});
    await waitLive(page, 20_000);
    await dim(page, 'estimation').locator('[data-saved="true"]').waitFor({ timeout: 10_000 });
    await pick(page, 'trade_offs', 4);
    await dim(page, 'trade_offs').locator('[data-saved="true"]').waitFor();
    await endInterview(page);
    await page.getByTestId('side-by-side').waitFor({ timeout: 20_000 });
    const stored = await app.rooms.store.scorecard(room.id);
    expect(stored.map((e) => [e.dimension, e.score, e.notes]).sort()).toEqual([
      ['estimation', 2, ''],
      ['requirements', 3, 'Asked about scale first.'],
      ['trade_offs', 4, 'Weighed consistency against latency.'],
    ]);
    expect(unexpectedErrors(browser.errors, [/WebSocket connection to .* failed/])).toEqual([]);
  }, 120_000);

  it("the report says how much was scored before any mean, and the candidate's copy follows the interviewer's scores live", async () => {
    const candB = await launchBrowser();
    try {
      const cand = candB.page;
      const room = await interviewRoom(app);
      await page.goto(`${app.url}${room.interviewerUrl}`);
      await joinOrRejoin(page, 'Ivy');
      await cand.goto(`${app.url}${room.candidateUrl}`);
      await joinOrRejoin(cand, 'Cid');
      await openScorecard(page);
      await pick(page, 'requirements', 3);
      await dim(page, 'requirements').locator('[data-saved="true"]').waitFor();
      await endInterview(page);
      for (const p of [page, cand]) {
        await p.getByTestId('side-by-side').waitFor({ timeout: 20_000 });
        expect(await p.getByTestId('interviewer-scored').innerText()).toBe('1 of 8 scored');
        // The count is the headline; the mean of one dimension comes after it, named for what it is.
        const totals = await p.locator('.room-report-totals > div').first().innerText();
        expect(totals.indexOf('1 of 8 scored')).toBeLessThan(totals.indexOf('3.0 / 4'));
        expect(totals).toMatch(/mean of those: 3\.0 \/ 4/);
      }
      expect(await cand.getByText(/refresh/i).count()).toBe(0);

      // The interviewer scores one more after the end: both copies follow, no reload.
      await page.getByTestId('toggle-report').click();
      await page.getByRole('tab', { name: /Scorecard/ }).click();
      await pick(page, 'estimation', 2);
      await dim(page, 'estimation').locator('[data-saved="true"]').waitFor();
      await page.getByTestId('toggle-report').click();
      for (const p of [page, cand]) {
        await expect.poll(() => p.getByTestId('interviewer-scored').innerText(), { timeout: 15_000 }).toBe('2 of 8 scored');
        await expect.poll(() => reportScore(p, 'estimation'), { timeout: 15_000 }).toMatch(/: 2 out of 4$/);
      }
      expect(await cand.getByTestId('interviewer-mean').innerText()).toBe('2.5 / 4');
      expect(unexpectedErrors(candB.errors)).toEqual([]);
    } finally {
      await candB.close();
    }
  }, 120_000);
});
