// End to end in Chromium, for screen reader users: what the live regions say (each interviewer
// message and time check once, one's own message never twice, the reconnect countdown never,
// "lost" and "back" once each), where the focus goes (the report's heading after End, back to the
// evidence chip after a jump), the skip link to the chat, and chips big enough to hit.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/app.js';
import { chromiumAvailable, launchBrowser, startProxy, type CuttableProxy, type TestBrowser } from '../support/browser.js';
import { sayAndWaitForReply, unexpectedErrors, waitLive } from './interview-driver.js';
import { browserClientKey, freshLoad, grantAccess, type Owned } from './sessions.js';

/** Every element a screen reader treats as live, with its text. */
function liveRegions(page: Page): Promise<Array<{ what: string; text: string }>> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[aria-live], [role="log"], [role="status"], [role="alert"], [role="timer"]')]
      .filter((el) => el.getAttribute('aria-live') !== 'off' && !(el.getAttribute('role') === 'timer' && !el.hasAttribute('aria-live')))
      .map((el) => ({ what: `${el.tagName.toLowerCase()}[role=${el.getAttribute('role')}]${el.getAttribute('data-testid') ?? ''}`, text: (el.textContent ?? '').replace(/\s+/g, ' ') })),
  );
}

/** Records every text a live region shows from now on (what a screen reader would be handed). */
async function recordLive(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __live: string[]; __liveObs?: MutationObserver };
    w.__live = [];
    w.__liveObs?.disconnect();
    const isLive = (el: Element | null): Element | null => {
      for (let e = el; e; e = e.parentElement) {
        const live = e.getAttribute('aria-live');
        if (live === 'off') return null;
        if (live || ['log', 'status', 'alert'].includes(e.getAttribute('role') ?? '')) return e;
      }
      return null;
    };
    w.__liveObs = new MutationObserver((records) => {
      for (const r of records) {
        const target = r.target.nodeType === Node.TEXT_NODE ? r.target.parentElement : (r.target as Element);
        const region = isLive(target);
        if (region) w.__live.push((region.textContent ?? '').replace(/\s+/g, ' ').trim());
      }
    });
    w.__liveObs.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { __live: string[] }).__live);
}

describe.skipIf(!chromiumAvailable)('web client: screen readers and the keyboard', () => {
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

  async function openInterview(minutes = 30): Promise<Owned> {
    const created = await app.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'mid', durationMinutes: minutes }, headers: { 'x-client-key': key } });
    const s: Owned = { id: created.body.id, token: created.body.token };
    await grantAccess(page, [s]);
    await freshLoad(page, `${proxy.url}/#/interview/${s.id}`);
    await waitLive(page);
    await page.locator('.excalidraw canvas.interactive').waitFor({ timeout: 30_000 });
    return s;
  }

  it('a skip link leads past the board to the chat; the page has a <main>', async () => {
    await openInterview();
    expect(await page.locator('main').count()).toBe(1);
    // The first stop of the page: just before the brand link, the header's first.
    await page.locator('a.brand').first().focus();
    await page.keyboard.press('Shift+Tab');
    const skip = page.getByRole('link', { name: 'Skip to the chat' });
    await expect.poll(() => skip.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('chat-composer');
  });

  it('each reply and time check is announced once; one\'s own message never; the reconnect countdown is silent', async () => {
    const s = await openInterview(10);
    const recorded = await recordLive(page);
    const question = 'How many links are created per day?';
    await sayAndWaitForReply(page, question);
    const reply = (await page.locator('article[data-role="interviewer"]').last().innerText()).replace(/^INTERVIEWER\s*/i, '').replace(/\s+/g, ' ').trim();
    const regions = await liveRegions(page);
    expect(regions.filter((r) => r.text.includes(question)), 'my own message in a live region').toEqual([]);
    expect(regions.filter((r) => r.text.includes(reply.slice(0, 40))).map((r) => r.what)).toEqual(['div[role=log]announcer']);
    const said = await recorded();
    expect(said.some((t) => t.includes(question)), 'my message was handed to the screen reader').toBe(false);

    // A time check: in the chat and in the phase bar, announced once.
    const view = (await app.api(`/api/sessions/${s.id}`, { token: s.token })).body;
    const req = view.plan.find((s: { phase: string }) => s.phase === 'requirements');
    app.clock.advance(req.endMs - 20_000 - view.clock.elapsedMs);
    const check = page.locator('.time-check');
    await check.waitFor({ timeout: 10_000 });
    await page.locator('.phase-alert').waitFor();
    const warning = (await check.innerText()).trim();
    const withWarning = (await liveRegions(page)).filter((r) => r.text.includes(warning.slice(0, 30)));
    expect(withWarning.map((r) => r.what)).toEqual(['div[role=log]announcer']);

    // The connection drops: "lost" once, the countdown never, "back" once.
    const before = (await recorded()).length;
    proxy.dropWebSockets();
    const badge = page.locator('[data-connection="reconnecting"] .conn-text');
    await badge.waitFor({ timeout: 10_000 });
    const first = await badge.innerText();
    await expect.poll(async () => ((await badge.count()) ? badge.innerText() : first), { timeout: 15_000 }).not.toBe(first); // the countdown ticked
    proxy.allowWebSockets();
    await page.getByRole('button', { name: 'Retry now' }).click({ timeout: 2_000 }).catch(() => {});
    await waitLive(page, 20_000);
    await page.getByTestId('connection-announcer').getByText('Connection back.').waitFor();
    const during = (await recorded()).slice(before);
    expect(during.filter((t) => /Reconnecting in \d/.test(t)), 'the countdown was announced').toEqual([]);
    expect(during.filter((t) => t === 'Connection lost. Reconnecting…').length).toBeGreaterThan(0);
    expect(during).toContain('Connection back.');
    expect(unexpectedErrors(browser.errors, [/WebSocket connection to .* failed/])).toEqual([]);
  }, 90_000);

  it('after End the focus is on the report heading; evidence chips are 24 px, named by what they open, with a way back', async () => {
    const s = await openInterview();
    await sayAndWaitForReply(page, 'How many short links do users create each day?');
    await sayAndWaitForReply(page, 'Redirects are read-heavy, so I would put a Redis cache in front of the database of short codes.');
    await page.getByRole('button', { name: 'End interview' }).click();
    await page.getByRole('dialog', { name: 'End the interview now?' }).getByRole('button', { name: 'End interview' }).click();
    await page.waitForURL(new RegExp(`#/finished/${s.id}$`), { timeout: 15_000 });
    await page.getByTestId('report').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('report-title');

    const chips = page.getByTestId('report').locator('button.turn-ref');
    await expect.poll(() => chips.count()).toBeGreaterThan(0);
    const all = await chips.evaluateAll((els) => els.map((el) => ({ name: el.getAttribute('aria-label') ?? '', text: el.textContent ?? '', w: el.getBoundingClientRect().width, h: el.getBoundingClientRect().height })));
    for (const c of all) {
      expect(c.w, `${c.text} width`).toBeGreaterThanOrEqual(24);
      expect(c.h, `${c.text} height`).toBeGreaterThanOrEqual(24);
      // Says what it opens: the turn, who said it and how it starts (and contains its visible text).
      expect(c.name).toMatch(new RegExp(`^Show ${c.text} in the transcript: (you|the interviewer), “.+”$`));
    }
    const chip = chips.first();
    await chip.scrollIntoViewIfNeeded();
    await chip.focus();
    const n = Number(((await chip.textContent()) ?? '').replace(/\D/g, ''));
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(`turn-${n}`);
    const back = page.getByRole('button', { name: 'Back to where you were' });
    await back.click();
    await expect.poll(() => chip.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect.poll(() => back.count()).toBe(0);
    expect(unexpectedErrors(browser.errors, [/WebSocket connection to .* failed/])).toEqual([]);
  }, 90_000);
});
