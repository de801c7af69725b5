// End to end in Chromium at a phone (390x844), a tablet (768x1024) and a desktop (1280x800): the
// interview and the peer room show the opening message and the latest reply (really visible: in
// the viewport, not clipped by the chat's scrolling box, not covered), the clock stays in view,
// narrow screens switch between the board and the chat with an unread badge; history shows each
// interview's result and action on a phone; the report's tables keep every column. A screenshot
// of every page at every size goes to test-artifacts/responsive-*.png.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateRoomResponse } from '../../server/protocol/rooms.js';
import { messageId, startTestServer, type TestServer } from '../support/app.js';
import { chromiumAvailable, launchBrowser, type TestBrowser } from '../support/browser.js';
import { interviewerSays, sayAndWaitForReply, snap, unexpectedErrors, waitLive } from './interview-driver.js';
import { expectNoSidewaysScroll, expectVisible, seen, SIZES, sizeName } from './layout-driver.js';
import { joinOrRejoin, roomSay, showsMessage } from './room-driver.js';
import { browserClientKey, finishedSession, freshLoad, grantAccess, SCENE, WEAK_LINES, type Owned } from './sessions.js';

const chatLog = (page: Page) => page.locator('.chat-log').filter({ visible: true }).first();

describe.skipIf(!chromiumAvailable)('web client on a phone, a tablet and a desktop', () => {
  let app: TestServer;
  let browser: TestBrowser;
  let peer: TestBrowser;
  let page: Page;
  let key = '';
  let finished: Owned[] = [];

  beforeAll(async () => {
    app = await startTestServer();
    browser = await launchBrowser();
    peer = await launchBrowser();
    page = browser.page;
    key = await browserClientKey(page, app.url);
    finished = [
      await finishedSession(app, { key, problemId: 'url-shortener', level: 'mid', lines: WEAK_LINES, scene: SCENE }),
      await finishedSession(app, { key, problemId: 'news-feed', level: 'senior', lines: WEAK_LINES }),
    ];
    await grantAccess(page, finished);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await peer?.close();
    await app?.close();
  });

  for (const size of SIZES) {
    const name = sizeName(size);
    const narrow = size.width <= 900;

    it(`${name}: an interview shows the opening message, the latest reply and the clock`, async () => {
      await page.setViewportSize(size);
      const created = await app.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'mid', durationMinutes: 30 }, headers: { 'x-client-key': key } });
      expect(created.status).toBe(201);
      const s: Owned = { id: created.body.id, token: created.body.token };
      await grantAccess(page, [s]);
      await freshLoad(page, `${app.url}/#/interview/${s.id}`);
      await waitLive(page);
      await page.locator('.excalidraw canvas.interactive').waitFor({ state: 'attached', timeout: 30_000 });

      const opening = page.locator('article[data-role="interviewer"]', { hasText: "Here's the problem" });
      await expectVisible(opening, `${name}: the opening message`);
      expect((await seen(chatLog(page))).visibleHeight, `${name}: the chat log's height`).toBeGreaterThan(narrow ? 300 : 200);
      await expectVisible(page.getByTestId('phase-clock'), `${name}: the phase clock`);
      await expectVisible(page.getByTestId('total-clock'), `${name}: the interview clock`);
      await expectVisible(page.getByRole('button', { name: /^Move on to estimation/ }), `${name}: Move on`);
      await expectVisible(page.getByRole('button', { name: 'End interview' }), `${name}: End interview`);
      await expectNoSidewaysScroll(page, `${name}: interview`);

      await sayAndWaitForReply(page, 'How many links are created per day?');
      await sayAndWaitForReply(page, 'What read to write ratio should I plan for?');
      await expectVisible(page.locator('article[data-role="interviewer"]').last(), `${name}: the latest reply`);
      await snap(page, `responsive-interview-${name}`, page.locator('article[data-role="interviewer"]').last());

      if (narrow) {
        // The board is a tab: it fills the space the chat had; the clock stays.
        const tabs = page.getByRole('tablist', { name: 'Board or chat' });
        await tabs.getByRole('tab', { name: 'Board' }).click();
        await expect.poll(async () => (await seen(page.locator('.board-pane'))).visibleHeight).toBeGreaterThan(size.height * 0.5);
        await expectVisible(page.locator('.excalidraw canvas.interactive'), `${name}: the board`);
        await expectVisible(page.getByTestId('phase-clock'), `${name}: the clock beside the board`);
        expect((await seen(page.locator('article[data-role="interviewer"]').last())).visibleHeight).toBe(0);
        await snap(page, `responsive-interview-board-${name}`, page.locator('.excalidraw canvas.interactive'));
        // A reply arriving meanwhile shows as a badge on the Chat tab.
        const before = await page.locator('article[data-role="interviewer"]').count();
        const r = await app.api(`/api/sessions/${s.id}/messages`, { token: s.token, body: { clientMessageId: messageId(), text: 'How available must redirects be?' } });
        expect(r.status).toBe(201);
        await expect.poll(() => page.locator('article[data-role="interviewer"]').count()).toBeGreaterThan(before);
        const chatTab = tabs.getByRole('tab', { name: /^Chat/ });
        await expect.poll(() => chatTab.getByTestId('unread').innerText()).toMatch(/^1\s*new$/);
        await chatTab.click();
        await expect.poll(() => chatTab.getByTestId('unread').count()).toBe(0);
        await expectVisible(page.locator('article[data-role="interviewer"]').last(), `${name}: the reply that came while the board was shown`);
      } else {
        expect(await page.getByRole('tablist', { name: 'Board or chat' }).count()).toBe(0);
        await expectVisible(page.locator('.excalidraw canvas.interactive'), `${name}: the board beside the chat`);
      }
      expect(unexpectedErrors(browser.errors)).toEqual([]);
    }, 90_000);

    it(`${name}: a peer room shows the first message and the latest reply to both; the interviewer's kit is in view`, async () => {
      const iv = peer.page;
      await page.setViewportSize(size);
      await iv.setViewportSize(size);
      const r = await app.api('/api/rooms', { body: { mode: 'interview', problemId: 'url-shortener', level: 'mid', durationMinutes: 20 } });
      expect(r.status).toBe(201);
      const room = r.body as CreateRoomResponse;
      await iv.goto(`${app.url}${room.interviewer!.url}`);
      await joinOrRejoin(iv, 'Ivy');
      await page.goto(`${app.url}${room.candidate!.url}`);
      await joinOrRejoin(page, 'Cid');

      // The interviewer's kit: its first fact is on screen, not below a tall header.
      await expectVisible(iv.getByTestId('kit-facts').locator('dd').first(), `${name}: the interviewer's first hidden fact`, 20);
      await iv.getByRole('button', { name: /^Start( the clock)?$/ }).click();
      for (const p of [iv, page]) await expectVisible(p.getByTestId('phase-clock'), `${name}: the room clock`);
      await snap(iv, `responsive-room-interviewer-${name}`, iv.getByTestId('kit-facts'));

      await iv.getByRole('tab', { name: /^Chat/ }).click();
      await roomSay(iv, 'Welcome! Design a URL shortener; ask me anything first.');
      await showsMessage(page, 'Welcome! Design a URL shortener');
      await expectVisible(page.locator('.room-chat article.msg', { hasText: 'Welcome!' }), `${name}: the room's first message`);
      expect((await seen(chatLog(page))).visibleHeight, `${name}: the room chat log's height`).toBeGreaterThan(narrow ? 250 : 200);
      await roomSay(page, 'How many links are created per day?');
      await showsMessage(iv, 'How many links are created per day?');
      for (let i = 1; i <= 4; i++) {
        await roomSay(iv, `Reply ${i}: about 100 million a day, read-heavy at roughly 100 reads per write.`);
        await showsMessage(page, `Reply ${i}:`);
      }
      await expectVisible(page.locator('.room-chat article.msg', { hasText: 'Reply 4:' }), `${name}: the latest reply (candidate)`);
      await expectVisible(iv.locator('.room-chat article.msg', { hasText: 'Reply 4:' }), `${name}: the latest reply (interviewer)`);
      await expectNoSidewaysScroll(page, `${name}: room`);
      await snap(page, `responsive-room-candidate-${name}`, page.locator('.room-chat article.msg', { hasText: 'Reply 4:' }));

      if (narrow) {
        // The candidate looks at the board; the interviewer's next message shows as unread.
        await page.getByRole('tab', { name: 'Board' }).click();
        await expectVisible(page.locator('.excalidraw canvas.interactive'), `${name}: the room board`);
        await expectVisible(page.getByTestId('phase-clock'), `${name}: the clock beside the room board`);
        await roomSay(iv, 'Reply 5: take your time drawing.');
        const chatTab = page.getByRole('tab', { name: /^Chat/ });
        await expect.poll(() => chatTab.getByTestId('unread').innerText()).toMatch(/^1\s*new$/);
        await chatTab.click();
        await expectVisible(page.locator('.room-chat article.msg', { hasText: 'Reply 5:' }), `${name}: the reply that came while the board was shown`);
      }

      // The end: the report for both, readable at this size.
      await iv.getByRole('button', { name: 'End interview' }).click();
      await iv.getByRole('dialog', { name: 'End the interview for everyone?' }).getByRole('button', { name: 'End interview' }).click();
      for (const p of [iv, page]) {
        await p.getByTestId('side-by-side').waitFor({ timeout: 20_000 });
        await expectNoSidewaysScroll(p, `${name}: room report`);
      }
      await snap(page, `responsive-room-report-${name}`, page.getByTestId('room-report'));
      await page.getByTestId('side-by-side').scrollIntoViewIfNeeded();
      await snap(page, `responsive-room-report-table-${name}`, page.getByTestId('side-by-side'));
      await expectVisible(page.getByTestId('side-by-side').locator('tbody tr').first().locator('td.gap'), `${name}: the room report's gap column`, 10);
      expect(unexpectedErrors(browser.errors)).toEqual([]);
      expect(unexpectedErrors(peer.errors)).toEqual([]);
    }, 120_000);

    it(`${name}: history shows each interview's result and action; the report keeps every column; start and score pages fit`, async () => {
      await page.setViewportSize(size);
      await freshLoad(page, `${app.url}/#/history`);
      for (const s of finished) {
        const row = page.locator(`[data-session="${s.id}"]`);
        await row.locator('.verdict-badge').waitFor({ timeout: 20_000 });
        await row.scrollIntoViewIfNeeded();
        await expectVisible(row.locator('.verdict-badge'), `${name}: the result of ${s.id}`, 10);
        await expectVisible(row.getByRole('link', { name: /^View report/ }), `${name}: the action of ${s.id}`, 10);
      }
      await expectNoSidewaysScroll(page, `${name}: history`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await snap(page, `responsive-history-${name}`, page.getByRole('heading', { name: 'Your interviews' }));

      await page.locator(`[data-session="${finished[0]!.id}"]`).getByRole('link', { name: /^View report/ }).click();
      const report = page.getByTestId('report');
      await report.waitFor({ timeout: 20_000 });
      await expectNoSidewaysScroll(page, `${name}: report`);
      const status = page.getByTestId('time-table').locator('thead th', { hasText: 'Status' });
      await status.scrollIntoViewIfNeeded();
      await expectVisible(status, `${name}: the time table's Status column`, 10);
      await expectVisible(page.getByTestId('time-table').locator('tbody tr').first().locator('td').last(), `${name}: a phase's status`, 10);
      await page.evaluate(() => window.scrollTo(0, 0));
      await snap(page, `responsive-report-${name}`, report);

      await freshLoad(page, `${app.url}/`);
      await page.locator('.problem-card').first().waitFor();
      await expectNoSidewaysScroll(page, `${name}: start`);
      // On a phone or a tablet the start button stays in reach (fixed at the bottom); on a desktop
      // it is in the options column, reached by scrolling: either way nothing covers it.
      if (size.width > 980) await page.getByRole('button', { name: 'Start interview' }).scrollIntoViewIfNeeded();
      await expectVisible(page.getByRole('button', { name: 'Start interview' }), `${name}: Start interview`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await snap(page, `responsive-start-${name}`, page.getByRole('heading', { name: 'Practise a system design interview' }));

      await freshLoad(page, `${app.url}/#/score`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await expectNoSidewaysScroll(page, `${name}: score`);
      await snap(page, `responsive-score-${name}`, page.getByRole('heading', { level: 1 }));
      expect(unexpectedErrors(browser.errors)).toEqual([]);
    }, 90_000);
  }
});
