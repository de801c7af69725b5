// End to end in Chromium: states that must not go stale. Errors clear when their cause does (no
// problem chosen; a failed move once the connection is back) and can be dismissed; offline, Move
// on waits for the connection and End says it cannot end yet; the chat stays on the newest message
// when a pivot banner pushes it; the board's left edge takes a first shape (Excalidraw's style
// panel is not over it).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/app.js';
import { chromiumAvailable, launchBrowser, startProxy, type CuttableProxy, type TestBrowser } from '../support/browser.js';
import { drawShape, elementCount, say, sayAndWaitForReply, unexpectedErrors, waitLive } from './interview-driver.js';
import { expectVisible } from './layout-driver.js';
import { browserClientKey, freshLoad, grantAccess, type Owned } from './sessions.js';

describe.skipIf(!chromiumAvailable)('web client: no stale states', () => {
  let app: TestServer;
  let proxy: CuttableProxy;
  let browser: TestBrowser;
  let page: Page;
  let key = '';

  beforeAll(async () => {
    app = await startTestServer();
    proxy = await startProxy(app.port);
    browser = await launchBrowser();
    page = browser.page;
    key = await browserClientKey(page, proxy.url);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await app?.close();
  });

  async function openInterview(o: { minutes?: number } = {}): Promise<Owned> {
    const created = await app.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'mid', durationMinutes: o.minutes ?? 30 }, headers: { 'x-client-key': key } });
    const s: Owned = { id: created.body.id, token: created.body.token };
    await grantAccess(page, [s]);
    await freshLoad(page, `${proxy.url}/#/interview/${s.id}`);
    await waitLive(page);
    await page.locator('.excalidraw canvas.interactive').waitFor({ state: 'attached', timeout: 30_000 });
    return s;
  }
  const phaseOf = async (s: Owned) => (await app.api(`/api/sessions/${s.id}`, { token: s.token })).body.phase as string;

  it('"Choose a problem first." goes once a problem is chosen', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await freshLoad(page, `${proxy.url}/`);
    await page.locator('.problem-card').first().waitFor();
    await page.getByRole('button', { name: 'Start interview' }).click();
    const error = page.getByRole('alert').filter({ hasText: 'Choose a problem first.' });
    await error.waitFor();
    await page.locator('.problem-card', { hasText: 'URL Shortener' }).click();
    await expect.poll(() => error.count()).toBe(0);
  });

  it('offline, Move on waits for the connection and End cannot end; a failed move clears once back, and can be dismissed', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const s = await openInterview();
    const moveOn = page.getByRole('button', { name: /^Move on to estimation/ });

    // A move that fails: the error can be dismissed.
    await page.route('**/api/sessions/*/advance', (route) => route.abort());
    await moveOn.click();
    const failed = page.getByRole('alert').filter({ hasText: 'Could not move on' });
    await failed.waitFor();
    await failed.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => failed.count()).toBe(0);
    await moveOn.click();
    await failed.waitFor();
    await page.unroute('**/api/sessions/*/advance');

    // The connection goes: the error stays until it is back; Move on is queued and says so.
    proxy.dropWebSockets();
    await page.locator('[data-connection="reconnecting"]').waitFor({ timeout: 10_000 });
    await moveOn.click();
    await page.getByTestId('queued-move').getByText('moves on to estimation as soon as the connection is back').waitFor();
    expect(await moveOn.getAttribute('aria-pressed')).toBe('true');
    // End explains it cannot end now, and cannot be confirmed.
    await page.getByRole('button', { name: 'End interview' }).click();
    const dialog = page.getByRole('dialog', { name: 'End the interview now?' });
    await dialog.getByTestId('end-offline').waitFor();
    expect(await dialog.getByRole('button', { name: 'End interview' }).isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Keep going' }).click();
    expect(await phaseOf(s)).toBe('requirements');

    // Back: the old error is gone and the queued move happens.
    proxy.allowWebSockets();
    await page.getByRole('button', { name: 'Retry now' }).click({ timeout: 2_000 }).catch(() => {});
    await waitLive(page, 20_000);
    await expect.poll(() => failed.count()).toBe(0);
    await expect.poll(() => phaseOf(s), { timeout: 10_000 }).toBe('estimation');
    await page.locator('.step.current', { hasText: 'Estimation' }).waitFor();
    await expect.poll(() => page.getByTestId('queued-move').count()).toBe(0);
    expect(unexpectedErrors(browser.errors, [/WebSocket connection to .* failed/, /net::ERR_FAILED/])).toEqual([]);
  }, 90_000);

  it('on a phone, the chat stays on the newest message when the pivot banner arrives above it', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const s = await openInterview();
    for (let i = 0; i < 3; i++) expect((await app.api(`/api/sessions/${s.id}/advance`, { method: 'POST', token: s.token })).status).toBe(200);
    await page.locator('.step.current', { hasText: /Deep dive/i }).waitFor();
    await sayAndWaitForReply(page, 'Let me shard the mapping table by short code across the database nodes.');
    await sayAndWaitForReply(page, 'Codes come from counter ranges handed to each app server, so no coordination per request.');
    await say(page, 'Hot links stay in Redis with a TTL so redirects rarely touch the database.');
    await page.locator('.pivot-banner').waitFor({ timeout: 15_000 });
    await page.locator('[data-kind="pivot"]').waitFor();
    await expect.poll(() => page.locator('[data-streaming], [data-pending]').count()).toBe(0);
    const log = page.locator('.chat-log');
    await expect
      .poll(() => log.evaluate((el) => Math.round(el.scrollHeight - el.scrollTop - el.clientHeight)), { timeout: 5_000 })
      .toBeLessThanOrEqual(2);
    await expectVisible(page.locator('.chat-log > *').last(), 'the newest message under the pivot banner');
  }, 90_000);

  it("a first shape drawn at the board's left edge is kept: the style panel is not over it", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await openInterview();
    await page.locator('.excalidraw').focus();
    await page.keyboard.press('r');
    expect(await page.locator('.excalidraw .App-menu__left').filter({ visible: true }).count()).toBe(0);
    await drawShape(page, 'r', [24, 150], [170, 230]);
    await expect.poll(() => elementCount(page)).toBe(1);
    // Something selected: the panel is there to restyle it.
    await page.locator('.excalidraw').focus();
    await page.keyboard.press('Control+A');
    await page.locator('.excalidraw .App-menu__left').filter({ visible: true }).first().waitFor();
    await page.keyboard.press('Escape');
    expect(unexpectedErrors(browser.errors, [/WebSocket connection to .* failed/, /net::ERR_FAILED/])).toEqual([]);
  }, 60_000);
});
