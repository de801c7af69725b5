// End to end in Chromium: a reload restores the chat and the whiteboard; a deletion on the board
// reaches the server; a dropped connection neither loses nor doubles a message. The page talks to
// the server through a TCP proxy that can cut its WebSocket, refuse new ones, or swallow what the
// server sends.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIAGRAM_THROTTLE_MS } from '../../web/src/session-live.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { chromiumAvailable, launchBrowser, startProxy, type CuttableProxy, type TestBrowser } from '../support/browser.js';
import {
  boardInk,
  boardTexts,
  drawShape,
  elementCount,
  moveOn,
  say,
  sayAndWaitForReply,
  snap,
  startInterview,
  tokenOf,
  unexpectedErrors,
  waitLive,
  whiteboardReady,
} from './interview-driver.js';

describe.skipIf(!chromiumAvailable)('web client: reloads and dropped connections', () => {
  let app: TestServer;
  let proxy: CuttableProxy;
  let browser: TestBrowser;
  let page: Page;
  let id: string;
  let token: string;

  beforeAll(async () => {
    app = await startTestServer();
    proxy = await startProxy(app.port);
    browser = await launchBrowser();
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await app?.close();
  });

  const candidateTurns = async (text: string) => {
    const view = await app.api(`/api/sessions/${id}`, { token });
    return (view.body.transcript as Array<{ role: string; text: string }>).filter((t) => t.role === 'candidate' && t.text === text).length;
  };
  const storedPending = () => page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '[]').length as number, `msd:pending:${id}`);
  const shownCandidate = (text: string) => page.locator('article[data-role="candidate"]', { hasText: text }).count();

  async function reconnect() {
    proxy.allowWebSockets();
    await page.getByRole('button', { name: 'Retry now' }).click({ timeout: 2_000 }).catch(() => {});
    await waitLive(page, 20_000);
  }

  it('a reload in the middle restores the chat, the phase and the whiteboard', async () => {
    id = await startInterview(page, proxy.url, { search: 'feed', title: 'Social News Feed', minutes: 30 });
    token = await tokenOf(page, id);
    await whiteboardReady(page);
    // The empty board's own canvas: no ink (the toolbar and the welcome screen are HTML on top).
    expect(await boardInk(page)).toBeLessThan(50);
    await sayAndWaitForReply(page, 'What is the read to write ratio?');
    await moveOn(page, 'estimation');
    await moveOn(page, 'high-level design');
    await drawShape(page, 'r', [320, 280], [500, 370], 'Feed service');
    await drawShape(page, 'r', [620, 280], [800, 370], 'Post store');
    await expect.poll(() => elementCount(page)).toBe(4);
    // The server has the whole board, labels complete, before the reload (nothing left to flush).
    const serverTexts = async () =>
      ((await app.api(`/api/sessions/${id}/diagram`, { token })).body.elements as Array<{ type: string; text?: string }>).filter((e) => e.type === 'text').map((e) => e.text).sort();
    await expect.poll(serverTexts, { timeout: 10_000 }).toEqual(['Feed service', 'Post store']);
    await new Promise((r) => setTimeout(r, DIAGRAM_THROTTLE_MS + 500)); // a change still held back has gone out
    expect((await app.api(`/api/sessions/${id}/diagram`, { token })).body.elements).toHaveLength(4);
    const stored = (await app.api(`/api/sessions/${id}/diagram`, { token })).body.elements as Array<{ id: string; version: number }>;
    const storedIds = new Set(stored.map((e) => e.id));
    const inkBefore = await boardInk(page);
    expect(inkBefore).toBeGreaterThan(500);

    // Every frame the reloaded page sends: only sockets opened from here on are recorded.
    const sent: Array<{ type: string; elements?: Array<{ id: string; type: string; text?: string }> }> = [];
    page.on('websocket', (ws) => ws.on('framesent', (f) => sent.push(JSON.parse(String(f.payload)))));
    await page.reload();
    await waitLive(page);
    await whiteboardReady(page);
    expect(await shownCandidate('What is the read to write ratio?')).toBe(1);
    expect(await page.locator('.step.current').textContent()).toMatch(/High-level design/);
    await expect.poll(() => elementCount(page)).toBe(4);
    // The restored labels, read from Excalidraw's own scene (what it puts on the clipboard).
    expect(await boardTexts(page)).toEqual(['Feed service', 'Post store']);
    // Drawn, not just counted: the board's canvas has about as much ink as before the reload.
    await expect.poll(() => boardInk(page)).toBeGreaterThan(inkBefore * 0.6);
    await snap(page, 'interview-after-reload', page.getByTestId('whiteboard'));
    // A restore must not echo the scene back: the recorder sees the reloaded page's hello, and
    // then, past the diagram throttle, no diagram frame with any of the restored elements.
    await expect.poll(() => sent.filter((f) => f.type === 'hello').length, { timeout: 10_000 }).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 2 * DIAGRAM_THROTTLE_MS + 500));
    const echoed = sent.filter((f) => f.type === 'diagram').flatMap((f) => f.elements ?? []).filter((e) => storedIds.has(e.id));
    expect(echoed.map((e) => `${e.type} ${e.text ?? e.id}`), 'restored elements sent back').toEqual([]);
    expect((await app.api(`/api/sessions/${id}/diagram`, { token })).body.elements.map((e: { version: number }) => e.version).sort()).toEqual(stored.map((e) => e.version).sort());
  }, 90_000);

  it('a box deleted on the whiteboard is deleted on the server too, and stays deleted after a reload', async () => {
    const diagramText = async () => (await app.api(`/api/sessions/${id}`, { token })).body.diagramText as string;
    await drawShape(page, 'r', [320, 480], [500, 560], 'Fanout worker');
    await expect.poll(() => elementCount(page)).toBe(6);
    await expect.poll(diagramText, { timeout: 10_000 }).toContain('Fanout worker');

    // Select the box (a click on its label picks the box) and delete it with the keyboard.
    const board = (await page.locator('.board-pane').boundingBox())!;
    await page.mouse.click(board.x + 410, board.y + 520);
    await page.keyboard.press('Delete');
    await expect.poll(() => elementCount(page)).toBe(4);
    await expect.poll(diagramText, { timeout: 10_000 }).not.toContain('Fanout worker');
    expect(await diagramText()).toMatch(/Feed service[\s\S]*Post store|Post store[\s\S]*Feed service/);
    // [DIA22] The deletion went out as tombstones (the box and its label, with bumped versions),
    // so no older copy of the box can win the merge later.
    const stored = (await app.api(`/api/sessions/${id}/diagram`, { token })).body.elements as Array<{ isDeleted?: boolean; type: string }>;
    expect(stored.filter((e) => e.isDeleted).map((e) => e.type).sort()).toEqual(['rectangle', 'text']);

    await page.reload();
    await waitLive(page);
    await whiteboardReady(page);
    await expect.poll(() => elementCount(page)).toBe(4);
    expect(await diagramText()).not.toContain('Fanout worker');
  }, 60_000);

  it('a label typed just before a reload is not lost: the change the diagram throttle held goes out as the page goes', async () => {
    const diagramText = async () => (await app.api(`/api/sessions/${id}`, { token })).body.diagramText as string;
    // The box goes out at once; its label, typed right after, waits for the throttle.
    await drawShape(page, 'r', [620, 480], [800, 560], 'Timeline cache');
    await page.reload(); // no waiting: the page goes while the label is held back
    await waitLive(page);
    await whiteboardReady(page);
    await expect.poll(diagramText, { timeout: 10_000 }).toContain('Timeline cache');
    expect(await boardTexts(page)).toEqual(['Feed service', 'Post store', 'Timeline cache']);
  }, 60_000);

  it('a message sent while the connection is down is pending, then sent exactly once', async () => {
    const text = 'While offline: how many posts does a typical user make per day?';
    proxy.dropWebSockets();
    await page.locator('[data-connection="reconnecting"]').waitFor({ timeout: 10_000 });
    await say(page, text);
    const pending = page.locator('[data-pending="true"]', { hasText: text });
    await pending.waitFor();
    expect(await pending.textContent()).toMatch(/Not sent yet/);
    expect(await storedPending()).toBe(1);
    expect(await candidateTurns(text)).toBe(0);
    await snap(page, 'interview-reconnecting');

    await reconnect();
    await page.locator('article[data-role="candidate"]', { hasText: text }).waitFor({ timeout: 10_000 });
    await expect.poll(() => page.locator('[data-pending]').count()).toBe(0);
    expect(await candidateTurns(text)).toBe(1);
    expect(await shownCandidate(text)).toBe(1);
    expect(await storedPending()).toBe(0);
  }, 60_000);

  it('a reload while a message is still pending resends it once, from localStorage', async () => {
    const text = 'Pending across a reload: do we need to support edits to posts?';
    proxy.dropWebSockets();
    await page.locator('[data-connection="reconnecting"]').waitFor({ timeout: 10_000 });
    await say(page, text);
    await page.locator('[data-pending="true"]', { hasText: text }).waitFor();
    await page.reload(); // pages still load; only the WebSocket is refused
    await page.locator('[data-pending="true"]', { hasText: text }).waitFor({ timeout: 15_000 });
    expect(await candidateTurns(text)).toBe(0);

    await reconnect();
    await page.locator('article[data-role="candidate"]', { hasText: text }).waitFor({ timeout: 10_000 });
    await expect.poll(() => page.locator('[data-pending]').count()).toBe(0);
    expect(await candidateTurns(text)).toBe(1);
    expect(await shownCandidate(text)).toBe(1);
  }, 60_000);

  it('a message whose acknowledgement is lost is neither lost nor doubled', async () => {
    const text = 'Lost ack: should the feed be ranked or chronological?';
    proxy.muteWebSockets(); // the server gets the message; its ack never arrives
    await say(page, text);
    await expect.poll(() => candidateTurns(text), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('[data-pending="true"]', { hasText: text }).count()).toBe(1);

    proxy.dropWebSockets();
    await reconnect();
    await page.locator('article[data-role="candidate"]', { hasText: text }).waitFor({ timeout: 10_000 });
    await expect.poll(() => page.locator('[data-pending]').count()).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(await candidateTurns(text)).toBe(1);
    expect(await shownCandidate(text)).toBe(1);
    expect(await storedPending()).toBe(0);
  }, 60_000);

  it('at tablet width the chat and the whiteboard are tabs, each the full width', async () => {
    await page.setViewportSize({ width: 820, height: 1180 });
    const tabs = page.getByRole('tablist', { name: 'Board or chat' });
    await tabs.getByRole('tab', { name: 'Board' }).click();
    await whiteboardReady(page);
    const board = (await page.locator('.board-pane').boundingBox())!;
    expect(board.width).toBeGreaterThan(780);
    expect(board.height).toBeGreaterThan(700);
    await snap(page, 'interview-tablet-board', page.locator('.excalidraw canvas.interactive'));
    await tabs.getByRole('tab', { name: /^Chat/ }).click();
    const chat = (await page.locator('.chat-pane').boundingBox())!;
    expect(chat.width).toBeGreaterThan(780);
    // The same place on the screen: one or the other, never the board squeezed above the chat.
    expect(Math.abs(chat.y - board.y)).toBeLessThanOrEqual(1);
    await page.locator('.chat-log').waitFor();
    await snap(page, 'interview-tablet');
    await page.setViewportSize({ width: 1280, height: 800 });
    // The refused WebSocket handshakes above are logged by Chromium; nothing else may be.
    expect(unexpectedErrors(browser.errors, [/WebSocket connection to .* failed/])).toEqual([]);
  }, 30_000);
});
