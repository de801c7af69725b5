// The whiteboard replay on the finished page in Chromium [RPL9]: for a scripted interview with
// board edits, the board shown at three chosen moments is the board the stored timeline holds then
// (and the one the script drew last before it); a quote's turn chip and a turn's time jump the
// replay there; the scrubber and Space work from the keyboard; playing at 16x moves the moment; an
// interview from before the replay shows its final board; the view fits a 390 px phone.
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../server/domain/phases.js';
import { BoardReplay, BoardTimeline, formatInterviewTime } from '../../server/protocol/board-timeline.js';
import { messageId, startTestServer, type TestServer } from '../support/app.js';
import { chromiumAvailable, launchBrowser, type TestBrowser } from '../support/browser.js';
import { BoardScript, visibleVersions, type El } from '../support/board-edits.js';
import { SCRIPT } from '../support/scripted-interview.js';
import { axeViolations } from './axe.js';
import { snap, unexpectedErrors } from './interview-driver.js';
import { browserClientKey, freshLoad, grantAccess, type Owned } from './sessions.js';
import { joinOrRejoin } from './room-driver.js';
import { createRoom, el, join as joinRoom, settle } from '../rooms/support.js';

/** The script's board edits: minute → how many edits then (the board grows through the design). */
const EDIT_MINUTES = Array.from({ length: 36 }, (_, i) => 10 + i * 0.8);
/** Three moments to check, in interview milliseconds (whole seconds: the scrubber's step). */
const MOMENTS = [12 * MINUTE + 30_000, 24 * MINUTE, 37 * MINUTE + 15_000];

/** A loaded machine: page loads and polls take their time. */
const SLOW = 120_000;

const attr = (scene: readonly Record<string, unknown>[]) =>
  Object.entries(visibleVersions(scene))
    .map(([id, v]) => `${id}@${v}`)
    .sort()
    .join(' ');

async function scripted(app: TestServer, key: string): Promise<{ s: Owned; drawn: Array<[number, El[]]> }> {
  const t0 = app.clock.t;
  const s: Owned = (await app.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'senior', durationMinutes: 45 }, headers: { 'x-client-key': key } })).body;
  const board = new BoardScript(21);
  const steps: Array<[number, 'say' | 'draw', string]> = [...SCRIPT.map(([m, text]) => [m, 'say', text] as [number, 'say', string]), ...EDIT_MINUTES.map((m) => [m, 'draw', ''] as [number, 'draw', string])];
  steps.sort((a, b) => a[0] - b[0]);
  const drawn: Array<[number, El[]]> = [];
  for (const [minute, kind, text] of steps) {
    app.clock.t = Math.max(app.clock.t, t0 + Math.round(minute * MINUTE));
    if (kind === 'say') {
      expect((await app.api(`/api/sessions/${s.id}/messages`, { token: s.token, body: { clientMessageId: messageId(), text } })).status).toBe(201);
    } else {
      const scene = board.step();
      expect((await app.api(`/api/sessions/${s.id}/diagram`, { method: 'PUT', token: s.token, body: { elements: scene } })).status).toBe(200);
      drawn.push([app.clock.t - t0, scene]);
    }
  }
  expect((await app.api(`/api/sessions/${s.id}/end`, { method: 'POST', token: s.token })).status).toBe(200);
  return { s, drawn };
}

async function openReplay(page: Page, url: string) {
  await freshLoad(page, url);
  await page.getByTestId('replay-board').waitFor({ timeout: 30_000 });
  await page.getByTestId('report').waitFor({ timeout: 30_000 });
}

const boardAt = async (page: Page) => ({
  at: Number(await page.getByTestId('replay-board').getAttribute('data-at')),
  elements: (await page.getByTestId('replay-board').getAttribute('data-elements')) ?? '',
});

describe.skipIf(!chromiumAvailable)('web client: the whiteboard replay on the finished page', () => {
  let app: TestServer;
  let browser: TestBrowser;
  let session: Owned;
  let drawn: Array<[number, El[]]>;
  let stored: BoardTimeline;

  beforeAll(async () => {
    app = await startTestServer();
    browser = await launchBrowser();
    const key = await browserClientKey(browser.page, app.url);
    ({ s: session, drawn } = await scripted(app, key));
    await grantAccess(browser.page, [session]);
    stored = BoardTimeline.parse((await app.api(`/api/sessions/${session.id}/timeline`, { token: session.token })).body);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('[RPL9] shows the board as it was at three chosen moments, as the stored timeline holds it', async () => {
    const page = browser.page;
    await openReplay(page, `${app.url}/#/finished/${session.id}`);
    const replay = new BoardReplay(stored.entries);
    const turns = (await app.api(`/api/sessions/${session.id}`, { token: session.token })).body.transcript as Array<{ atMs: number }>;
    // At first: the end of the interview, the final board.
    expect((await boardAt(page)).at).toBe(stored.endMs);
    expect((await boardAt(page)).elements).toBe(attr(drawn[drawn.length - 1]![1]));

    for (const [i, t] of MOMENTS.entries()) {
      await page.getByTestId('replay-scrubber').fill(String(t));
      await expect.poll(async () => (await boardAt(page)).at).toBe(t);
      const expected = attr(replay.sceneAt(t));
      const lastDrawn = [...drawn].reverse().find(([at]) => at <= t)![1];
      expect(expected, 'the stored timeline holds the board drawn last before the moment').toBe(attr(lastDrawn));
      expect((await boardAt(page)).elements, `moment ${formatInterviewTime(t)}`).toBe(expected);
      // The picture says so too: its labels are the labels on the board then.
      const label = (await page.getByTestId('replay-board').locator('svg').getAttribute('aria-label'))!;
      for (const e of lastDrawn) if (e.type === 'text' && !e.isDeleted) expect(label).toContain(String(e.text));
      expect(await page.getByTestId('replay-time').textContent()).toBe(formatInterviewTime(t));
      // The transcript beside it: the last turn said by then is marked, later ones dimmed.
      const now = turns.reduce((found, turn, n) => (turn.atMs <= t ? n : found), -1);
      expect(await page.locator('.turn-anchor[aria-current="time"]').getAttribute('id')).toBe(`turn-${now + 1}`);
      expect(await page.locator(`#turn-${now + 2}`).getAttribute('class')).toContain('after-now');
      if (i === 1) {
        await page.getByTestId('replay').scrollIntoViewIfNeeded();
        await snap(page, 'replay-desktop', page.getByTestId('replay-board').locator('svg'));
      }
    }
    // Before the first edit the board is empty.
    await page.getByTestId('replay-scrubber').fill('60000');
    await expect.poll(async () => (await boardAt(page)).elements).toBe('');
    await expect.poll(async () => await page.getByTestId('replay-board').textContent()).toContain('empty at 01:00');
    expect(unexpectedErrors(browser.errors)).toEqual([]);
  }, SLOW);

  it('[RPL9] a quote in the report and a turn in the transcript jump the replay to their moment', async () => {
    const page = browser.page;
    await openReplay(page, `${app.url}/#/finished/${session.id}`);
    const turns = (await app.api(`/api/sessions/${session.id}`, { token: session.token })).body.transcript as Array<{ atMs: number }>;
    // An evidence quote of a dimension: its turn chip.
    const quote = page.locator('.dimension .evidence li').filter({ has: page.locator('button.turn-ref') }).nth(1);
    const chip = quote.locator('button.turn-ref');
    const n = Number((await chip.textContent())!.replace(/\D+/g, ''));
    await chip.click();
    const at = turns[n - 1]!.atMs;
    await expect.poll(async () => (await boardAt(page)).at).toBe(at);
    expect((await boardAt(page)).elements).toBe(attr(new BoardReplay(stored.entries).sceneAt(at)));
    expect(await page.locator('.turn-anchor[aria-current="time"]').getAttribute('id')).toBe(`turn-${n}`);
    await snap(page, 'replay-after-quote-click', page.getByTestId('replay'));

    // A turn's own time in the transcript.
    await page.getByTestId('turn-time-5').click();
    await expect.poll(async () => (await boardAt(page)).at).toBe(turns[4]!.atMs);
    expect(await page.locator('.turn-anchor[aria-current="time"]').getAttribute('id')).toBe('turn-5');
  }, SLOW);

  it('[RPL9] the keyboard runs it: arrows, Shift+arrows, Home/End, Space to play and pause; 16x moves the moment', async () => {
    const page = browser.page;
    await openReplay(page, `${app.url}/#/finished/${session.id}`);
    const scrubber = page.getByRole('slider', { name: 'Interview time' });
    await scrubber.focus();
    await page.keyboard.press('Home');
    await expect.poll(async () => (await boardAt(page)).at).toBe(0);
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await boardAt(page)).at).toBe(1_000);
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(async () => (await boardAt(page)).at).toBe(61_000);
    expect(await scrubber.getAttribute('aria-valuetext')).toMatch(/^01:01 of \d\d:\d\d, Requirements, 0 elements on the whiteboard$/);

    await page.getByRole('button', { name: 'Speed 16x' }).click();
    expect(await page.getByRole('button', { name: 'Speed 16x' }).getAttribute('aria-pressed')).toBe('true');
    await scrubber.focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Pause the replay' }).waitFor();
    await expect.poll(async () => (await boardAt(page)).at, { timeout: 15_000 }).toBeGreaterThan(61_000 + 1_600);
    await scrubber.focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Play the replay' }).waitFor();
    const paused = (await boardAt(page)).at;
    await page.waitForTimeout(400);
    expect((await boardAt(page)).at).toBe(paused);

    await page.keyboard.press('End');
    await expect.poll(async () => (await boardAt(page)).at).toBe(stored.endMs);
    // Next/previous whiteboard change.
    await page.getByRole('button', { name: 'Previous whiteboard change' }).click();
    await expect.poll(async () => (await boardAt(page)).at).toBe(stored.entries[stored.entries.length - 1]!.t);
    // Turns not said yet are drawn as ghosts; nothing on the page fails axe (contrast included).
    await page.getByTestId('replay-scrubber').fill(String(MOMENTS[1]));
    await expect.poll(async () => (await boardAt(page)).at).toBe(MOMENTS[1]);
    const found = await axeViolations(page);
    expect(found, JSON.stringify(found, null, 2)).toEqual([]);
  }, SLOW);

  it('[RPL7][RPL9] an interview from before the replay shows its final board; the view fits a 390 px phone', async () => {
    const key = await browserClientKey(browser.page, app.url);
    const t0 = app.clock.t;
    const old: Owned = (await app.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'mid', durationMinutes: 45 }, headers: { 'x-client-key': key } })).body;
    const board = new BoardScript(5);
    for (let i = 0; i < 6; i++) board.step();
    app.clock.t = t0 + 5 * MINUTE;
    await app.api(`/api/sessions/${old.id}/messages`, { token: old.token, body: { clientMessageId: messageId(), text: 'I would draw an API and a database.' } });
    expect((await app.api(`/api/sessions/${old.id}/diagram`, { method: 'PUT', token: old.token, body: { elements: board.scene() } })).status).toBe(200);
    expect((await app.api(`/api/sessions/${old.id}/end`, { method: 'POST', token: old.token })).status).toBe(200);
    await app.db.db.execute(sql`delete from session_board_entries where owner_id = ${old.id}`);

    const phone = await launchBrowser({ width: 390, height: 844 });
    try {
      await browserClientKey(phone.page, app.url);
      await grantAccess(phone.page, [old, session]);
      await openReplay(phone.page, `${app.url}/#/finished/${old.id}`);
      await phone.page.getByTestId('replay-legacy').waitFor();
      await phone.page.getByTestId('replay-scrubber').fill('0');
      await expect.poll(async () => (await boardAt(phone.page)).elements).toBe(attr(board.scene()));

      await openReplay(phone.page, `${app.url}/#/finished/${session.id}`);
      await phone.page.getByTestId('replay-scrubber').fill(String(MOMENTS[2]));
      await phone.page.getByTestId('replay').scrollIntoViewIfNeeded();
      // Nothing in the replay reaches past the screen's edge (the page does not scroll sideways).
      const past = await phone.page.evaluate(() =>
        [...document.querySelectorAll('[data-testid="replay"] *')]
          .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
          .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
      );
      expect(past).toEqual([]);
      const box = (await phone.page.getByTestId('replay').boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      await snap(phone.page, 'replay-phone', phone.page.getByTestId('replay-board').locator('svg'));
    } finally {
      await phone.close();
    }
  }, SLOW);

  it('[RPL10] the room report replays the room whiteboard as it was', async () => {
    const room = await createRoom(app, { mode: 'interview', problemId: 'url-shortener', level: 'mid', durationMinutes: 30 });
    const iv = await joinRoom(app, room.id, room.interviewer!.token, 'Ivy');
    const cand = await joinRoom(app, room.id, room.candidate!.token, 'Cid');
    iv.sock.send({ type: 'start' });
    await iv.sock.next((f) => f.type === 'clock' && f.clock.status === 'running');
    const start = app.clock.t;
    const boards: Array<[number, string]> = [];
    const at = async (minute: number, edit: () => void) => {
      app.clock.t = start + minute * MINUTE;
      edit();
      await settle([iv, cand]);
      await app.api(`/api/rooms/${room.id}/timeline`, { token: room.candidate!.token }); // records what waits, at this moment
      boards.push([minute * MINUTE, attr(Object.values(iv.visible()))]);
    };
    await at(3, () => cand.edit(el('lb', 1, { x: 0, y: 0, width: 160, height: 70 }), el('svc', 1, { x: 260, y: 0, width: 160, height: 70 })));
    await at(9, () => cand.edit(el('db', 1, { x: 260, y: 160, width: 160, height: 70 })));
    await at(14, () => cand.bump('lb', { isDeleted: true }));
    iv.sock.send({ type: 'end' });
    await iv.sock.next((f) => f.type === 'clock' && f.clock.status === 'ended');
    await iv.close();
    await cand.close();

    const page = browser.page;
    await freshLoad(page, `${app.url}${room.interviewer!.url}`);
    await joinOrRejoin(page, 'Ivy').catch(() => undefined); // an ended room may go straight to its report
    await page.getByTestId('room-report').waitFor({ timeout: 60_000 });
    await page.getByTestId('replay-board').waitFor({ timeout: 30_000 });
    // Opening the board in Excalidraw repairs these bare test elements (a new version, stored at
    // the end of the interview): the last moment is compared by ids, the earlier ones exactly.
    const ids = (list: string) => list.replace(/@\d+/g, '');
    for (const [i, [t, board]] of boards.entries()) {
      await page.getByTestId('replay-scrubber').fill(String(t));
      await expect.poll(async () => (await boardAt(page)).at).toBe(t);
      if (i < boards.length - 1) expect((await boardAt(page)).elements).toBe(board);
      else expect(ids((await boardAt(page)).elements)).toBe(ids(board));
    }
    await page.getByTestId('replay-scrubber').fill(String(10 * MINUTE));
    await page.getByTestId('replay').scrollIntoViewIfNeeded();
    await snap(page, 'replay-room-report', page.getByTestId('replay-board').locator('svg'));
  }, SLOW);
});
