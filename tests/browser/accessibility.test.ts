// End to end in Chromium with axe-core: no serious or critical violation on any page (start,
// history, an interview with its Excalidraw board, a peer room for both roles, score, the
// report, the peer report), at a desktop and a phone size.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateRoomResponse } from '../../server/protocol/rooms.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { chromiumAvailable, launchBrowser, type TestBrowser } from '../support/browser.js';
import { axeViolations } from './axe.js';
import { drawShape, elementCount, sayAndWaitForReply, unexpectedErrors, waitLive } from './interview-driver.js';
import { SIZES, sizeName } from './layout-driver.js';
import { joinOrRejoin, roomSay } from './room-driver.js';
import { browserClientKey, finishedSession, freshLoad, grantAccess, SCENE, WEAK_LINES, type Owned } from './sessions.js';

async function expectNoSeriousViolations(page: Page, what: string) {
  const found = await axeViolations(page);
  expect(found, `${what}: ${JSON.stringify(found, null, 2)}`).toEqual([]);
}

describe.skipIf(!chromiumAvailable)('web client: axe-core finds no serious or critical violation', () => {
  let app: TestServer;
  let browser: TestBrowser;
  let peer: TestBrowser;
  let page: Page;
  let key = '';
  let finished: Owned;

  beforeAll(async () => {
    app = await startTestServer();
    browser = await launchBrowser();
    peer = await launchBrowser();
    page = browser.page;
    key = await browserClientKey(page, app.url);
    finished = await finishedSession(app, { key, problemId: 'url-shortener', level: 'mid', lines: WEAK_LINES, scene: SCENE });
    await grantAccess(page, [finished]);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await peer?.close();
    await app?.close();
  });

  for (const size of [SIZES[2], SIZES[0]]) {
    const name = sizeName(size);

    it(`${name}: start, history, score and the report`, async () => {
      await page.setViewportSize(size);
      await freshLoad(page, `${app.url}/`);
      await page.locator('.problem-card').first().waitFor();
      await expectNoSeriousViolations(page, `${name} start`);

      await freshLoad(page, `${app.url}/#/history`);
      await page.locator(`[data-session="${finished.id}"] .verdict-badge`).waitFor({ timeout: 20_000 });
      await expectNoSeriousViolations(page, `${name} history`);

      await freshLoad(page, `${app.url}/#/score`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await expectNoSeriousViolations(page, `${name} score`);

      await freshLoad(page, `${app.url}/#/finished/${finished.id}`);
      await page.getByTestId('report').waitFor({ timeout: 20_000 });
      await page.getByTestId('transcript').locator('.turn-anchor').first().waitFor();
      await expectNoSeriousViolations(page, `${name} report`);
      expect(unexpectedErrors(browser.errors)).toEqual([]);
    }, 90_000);

    it(`${name}: an interview with its Excalidraw board, a tool picked and a shape selected`, async () => {
      await page.setViewportSize(size);
      const created = await app.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'mid', durationMinutes: 30 }, headers: { 'x-client-key': key } });
      const s: Owned = { id: created.body.id, token: created.body.token };
      await grantAccess(page, [s]);
      await freshLoad(page, `${app.url}/#/interview/${s.id}`);
      await waitLive(page);
      await page.locator('.excalidraw canvas.interactive').waitFor({ state: 'attached', timeout: 30_000 });
      await sayAndWaitForReply(page, 'How many links are created per day?');
      await expectNoSeriousViolations(page, `${name} interview, chat`);
      if (size.width <= 900) await page.getByRole('tab', { name: 'Board' }).click();
      await page.locator('.excalidraw canvas.interactive').waitFor();
      await expectNoSeriousViolations(page, `${name} interview, board`);
      // Excalidraw's style panel and its menu, open.
      await page.locator('.excalidraw').focus();
      await page.keyboard.press('r');
      await expectNoSeriousViolations(page, `${name} interview, rectangle tool`);
      await page.keyboard.press('Escape');
      await drawShape(page, 'r', [size.width <= 900 ? 120 : 300, 200], [size.width <= 900 ? 260 : 460, 280]);
      await expect.poll(() => elementCount(page)).toBe(1);
      await page.locator('.excalidraw').focus();
      await page.keyboard.press('Control+A');
      await expectNoSeriousViolations(page, `${name} interview, a shape selected`);
      await page.keyboard.press('Escape');
      await page.locator('.excalidraw .main-menu-trigger, .excalidraw [data-testid="main-menu-trigger"]').first().click();
      await expectNoSeriousViolations(page, `${name} interview, board menu`);
      await page.keyboard.press('Escape');
      expect(unexpectedErrors(browser.errors)).toEqual([]);
    }, 90_000);

    it(`${name}: a peer room for the interviewer and the candidate, and its report`, async () => {
      const iv = peer.page;
      await page.setViewportSize(size);
      await iv.setViewportSize(size);
      const room = (await app.api('/api/rooms', { body: { mode: 'interview', problemId: 'url-shortener', level: 'mid', durationMinutes: 20 } })).body as CreateRoomResponse;
      await iv.goto(`${app.url}${room.interviewer!.url}`);
      await joinOrRejoin(iv, 'Ivy');
      await page.goto(`${app.url}${room.candidate!.url}`);
      await joinOrRejoin(page, 'Cid');
      await iv.getByRole('button', { name: /^Start( the clock)?$/ }).click();
      await roomSay(page, 'How many links are created per day?');
      await iv.locator('.room-chat article.msg', { hasText: 'How many links are created per day?' }).waitFor({ state: 'attached' });
      await expectNoSeriousViolations(iv, `${name} room, interviewer kit`);
      await iv.getByRole('tab', { name: /Scorecard/ }).click();
      await expectNoSeriousViolations(iv, `${name} room, interviewer scorecard`);
      await expectNoSeriousViolations(page, `${name} room, candidate`);
      await iv.getByRole('button', { name: 'End interview' }).click();
      await iv.getByRole('dialog', { name: 'End the interview for everyone?' }).getByRole('button', { name: 'End interview' }).click();
      for (const p of [iv, page]) await p.getByTestId('side-by-side').waitFor({ timeout: 20_000 });
      await expectNoSeriousViolations(iv, `${name} room report, interviewer`);
      await expectNoSeriousViolations(page, `${name} room report, candidate`);
      expect(unexpectedErrors(browser.errors)).toEqual([]);
      expect(unexpectedErrors(peer.errors)).toEqual([]);
    }, 120_000);
  }
});
