// End to end in Chromium: a whole short interview from the start page to the finished page and
// the history, against the real server serving the real web build.
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions as sessionsTable } from '../../server/db/schema.js';
import { MINUTE, PHASE_GOALS, phasePlan } from '../../server/domain/phases.js';
import { measureJs } from '../../web/scripts/js-size.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { chromiumAvailable, launchBrowser, streamingInterviewer, type StreamingInterviewer, type TestBrowser } from '../support/browser.js';
import {
  drawShape,
  elementCount,
  interviewerSays,
  moveOn,
  say,
  sayAndWaitForReply,
  snap,
  startInterview,
  tabTo,
  tokenOf,
  unexpectedErrors,
  whiteboardReady,
} from './interview-driver.js';

describe.skipIf(!chromiumAvailable)('web client: a whole interview in Chromium', () => {
  let app: TestServer;
  let browser: TestBrowser;
  let page: Page;
  let interviewer: StreamingInterviewer;
  const external: string[] = [];
  const scripts: string[] = [];

  beforeAll(async () => {
    interviewer = streamingInterviewer({ msPerPiece: 25, noticeWhen: /availab/i, holdWhen: /links are created per day/, holdAfterPieces: 3 });
    app = await startTestServer({ interviewer });
    browser = await launchBrowser();
    page = browser.page;
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(app.url) && !/^(data|blob):/.test(url)) external.push(url);
      if (r.resourceType() === 'script') scripts.push(new URL(url).pathname);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('the start page loads without Excalidraw: the whiteboard is fetched only in an interview', async () => {
    await page.goto(`${app.url}/`);
    await page.locator('.problem-card').first().waitFor();
    await page.waitForLoadState('networkidle');
    const size = measureJs();
    expect(size.initialWithExcalidraw).toEqual([]);
    const loaded = scripts.map((p) => p.replace(/^\//, ''));
    expect(loaded.sort()).toEqual([...size.initial.files].sort());
    // The whole app with Excalidraw is far larger than what the start page needs.
    expect(size.initial.gzip).toBeLessThan(150 * 1024);
    expect(size.total.gzip).toBeGreaterThan(size.initial.gzip * 5);
    console.log(`[web] initial JS (${size.initial.files.join(", ")}) ${(size.initial.gzip / 1024).toFixed(1)} KiB gzip of ${(size.total.gzip / 1024).toFixed(1)} KiB gzip in the build`);
  });

  it('runs an interview: a fact answered, the diagram read, phases, the pivot, the end, the transcript and the final diagram', async () => {
    // Every diagram frame the page sends, by element count (checked in the design phase).
    const diagramFrames: Array<{ count: number; texts: string[] }> = [];
    page.on('websocket', (ws) =>
      ws.on('framesent', (f) => {
        const frame = JSON.parse(String(f.payload));
        if (frame.type === 'diagram') diagramFrames.push({ count: frame.elements.length, texts: frame.elements.map((e: { text?: string }) => e.text ?? '') });
      }),
    );
    // Start: search, choose, set the length.
    await page.goto(`${app.url}/`);
    await page.getByRole('searchbox', { name: 'Search problems' }).fill('shortener');
    await expect.poll(() => page.locator('.problem-card').count()).toBe(1);
    await snap(page, 'start-page', page.locator('.problem-card', { hasText: 'URL Shortener' }));
    const id = await startInterview(page, app.url, { search: 'short', title: 'URL Shortener', minutes: 10 });
    const token = await tokenOf(page, id);
    await interviewerSays(page, "Here's the problem");
    await whiteboardReady(page);
    // The room opens ready to type: the composer has the focus, the canvas is there.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('placeholder'))).toBe('Ask a question or explain your design…');
    await expect.poll(() => page.getByTestId('phase-clock').textContent()).toMatch(/^\d+:\d\d$/);

    // A clarifying question gets the hidden fact: streamed word by word, then the durable message.
    await say(page, 'How many links are created per day?');
    const draft = page.locator('[data-streaming="true"]');
    // The fake model holds this reply after three words, so the half-streamed draft can be read.
    await draft.filter({ hasText: 'About 100 million' }).waitFor({ timeout: 10_000 });
    expect(await draft.textContent()).not.toContain('every day');
    interviewer.releaseHeld();
    await interviewerSays(page, 'About 100 million new short links get created every day');
    expect(await draft.count()).toBe(0);
    expect(await page.locator('article[data-role="candidate"]', { hasText: 'How many links are created per day?' }).count()).toBe(1);

    // A turn the model could not answer shows the fallback notice beside the reply.
    await sayAndWaitForReply(page, 'How available must redirects be?');
    await page.locator('article[data-role="interviewer"]', { hasText: 'four nines' }).locator('.msg-notice', { hasText: 'built-in interviewer' }).waitFor();
    await snap(page, 'interview-requirements', [page.locator('article[data-role="interviewer"]', { hasText: 'four nines' }), page.getByTestId('whiteboard')]);

    await moveOn(page, 'estimation');
    // Shift+Enter starts a new line; Enter sends.
    const composer = page.getByRole('textbox', { name: 'Your message to the interviewer' });
    await composer.click();
    await page.keyboard.type('100M links a day is about 1.2k writes/s;');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('reads are 100x, so 115k QPS.');
    expect(await composer.inputValue()).toBe('100M links a day is about 1.2k writes/s;\nreads are 100x, so 115k QPS.');
    await page.keyboard.press('Enter');
    await interviewerSays(page, 'in a sensible range');
    expect(await composer.inputValue()).toBe('');
    expect(await page.locator('article[data-role="candidate"] br').count()).toBe(1);

    // High-level design: draw two labelled boxes and an arrow with the mouse.
    await moveOn(page, 'high-level design');

    await drawShape(page, 'r', [300, 300], [460, 380], 'App server');
    await drawShape(page, 'r', [620, 300], [780, 380], 'Redis cache');
    await drawShape(page, 'a', [445, 340], [635, 340]);
    await expect.poll(() => elementCount(page)).toBe(5);
    await expect
      .poll(async () => (await app.api(`/api/sessions/${id}`, { token })).body.diagramText, { timeout: 10_000 })
      .toMatch(/App server\s*->\s*Redis cache/);
    // [DIA22] Frames carry only the elements that changed, never the whole board each time: with
    // the board synced, one more labelled box goes out as its own elements, not all seven.
    await drawShape(page, 'r', [300, 520], [460, 600], 'Postgres');
    await expect.poll(() => elementCount(page)).toBe(7);
    // Playwright reports sent frames asynchronously: wait for the report, not just the server.
    const withPostgres = () => diagramFrames.filter((f) => f.texts.includes('Postgres'));
    await expect.poll(() => withPostgres().length, { timeout: 10_000 }).toBeGreaterThan(0);
    for (const f of withPostgres()) expect(f.count).toBeLessThanOrEqual(3);
    await say(page, 'Here is my first sketch of the main flow.');
    // The interviewer reads the board: it acknowledges the cache it saw there.
    await interviewerSays(page, /(?:you have|Got it:) .*the cache \/ CDN/);
    await snap(page, 'interview-diagram', [page.getByTestId('whiteboard'), page.locator('article[data-role="interviewer"]', { hasText: 'cache / CDN' })]);

    // Deep dive: the third turn brings the pivot, as a distinct card.
    await moveOn(page, 'deep dive');
    await sayAndWaitForReply(page, 'Let me shard the mapping table by short code across the database nodes.');
    await sayAndWaitForReply(page, 'Codes come from counter ranges handed to each app server, so no coordination per request.');
    await say(page, 'Hot links stay in Redis with a TTL so redirects rarely touch the database.');
    const pivot = page.locator('[data-kind="pivot"]');
    await pivot.waitFor({ timeout: 15_000 });
    await expect.poll(() => pivot.textContent()).toMatch(/Constraint change/);
    await page.locator('.pivot-banner', { hasText: 'New constraint' }).waitFor();

    // The clock: a time warning near the deep dive's end shows up in the chat and the phase bar.
    const view = (await app.api(`/api/sessions/${id}`, { token })).body;
    const deep = view.plan.find((s: { phase: string }) => s.phase === 'deep_dive');
    app.clock.advance(deep.endMs - 30_000 - view.clock.elapsedMs);
    await page.locator('.time-check', { hasText: 'Time check' }).waitFor({ timeout: 10_000 });
    await page.locator('.phase-alert', { hasText: 'left in deep dive' }).waitFor();
    await snap(page, 'interview-pivot-warning', [pivot, page.locator('.phase-alert')]);

    // End, with confirmation.
    await page.getByRole('button', { name: 'End interview' }).click();
    const dialog = page.getByRole('dialog', { name: 'End the interview now?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Keep going' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await page.getByRole('button', { name: 'End interview' }).click();
    await dialog.getByRole('button', { name: 'End interview' }).click();

    // Finished: transcript, final diagram, the report being prepared (or the report).
    await page.waitForURL(/#\/finished\//, { timeout: 15_000 });
    await page.getByRole('heading', { name: 'URL Shortener' }).waitFor();
    const transcript = page.getByTestId('transcript');
    await transcript.getByText('How many links are created per day?').waitFor();
    await transcript.locator('[data-kind="pivot"]').waitFor();
    await transcript.getByText('Your feedback report is being prepared', { exact: false }).waitFor();
    const finalImage = page.getByTestId('final-diagram-svg');
    await finalImage.waitFor({ timeout: 20_000 });
    // The scored report (server/scoring), read with the shared ReportSchema; its evidence links to the transcript.
    const report = page.getByTestId('report');
    await report.waitFor({ timeout: 20_000 });
    expect(await report.locator('.verdict-value').textContent()).toMatch(/yes|no/i);
    await snap(page, 'finished-page', [report.getByTestId('radar'), transcript]);
    await page.getByTestId('final-diagram').scrollIntoViewIfNeeded();
    await snap(page, 'finished-page-diagram', finalImage);
    const ref = report.locator('.evidence .turn-ref').first();
    const n = Number(((await ref.textContent()) ?? '').replace(/\D/g, ''));
    await ref.click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(`turn-${n}`);

    // The server has the final scene with its SVG for the report.
    const [row] = await app.db.db.select({ svg: sessionsTable.sceneSvg, status: sessionsTable.status }).from(sessionsTable).where(eq(sessionsTable.id, id));
    expect(row?.status).toBe('ended');
    expect(row?.svg).toMatch(/^<svg[\s\S]*Redis cache[\s\S]*<\/svg>$/);
    // The finished page shows that very SVG, Excalidraw's own export, as a decoded image of a
    // blob: URL, never as markup in the page.
    const shown = await finalImage.evaluate(async (img: HTMLImageElement) => {
      await img.decode();
      return { src: img.src, width: img.naturalWidth, svg: await (await fetch(img.src)).text() };
    });
    expect(shown.src).toMatch(/^blob:/);
    expect(shown.width).toBeGreaterThan(0);
    expect(shown.svg).toBe(row?.svg);
    expect(await finalImage.getAttribute('alt')).toMatch(/labels: .*App server.*Redis cache/);
    expect(await page.getByTestId('final-diagram').locator('svg').count()).toBe(0);
    // The SVG download is that same stored file.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), page.getByRole('button', { name: /^SVG/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^whiteboard-url-shortener-.*\.svg$/);
    expect(readFileSync((await download.path())!, 'utf8')).toBe(row?.svg);
    const candidateTurns = (await app.api(`/api/sessions/${id}`, { token })).body.transcript.filter((t: { role: string }) => t.role === 'candidate');
    expect(candidateTurns).toHaveLength(7);

    // History lists it with a link back.
    await page.getByRole('link', { name: 'History' }).click();
    const row2 = page.locator(`tr[data-session="${id}"]`);
    await row2.waitFor();
    await row2.locator('.verdict-badge').waitFor({ timeout: 20_000 });
    expect(await row2.textContent()).toMatch(/URL Shortener.*mid.*10 min.*(Strong no|No|Lean no|Lean yes|Yes|Strong yes)\s*\d\.\d \/ 4/);
    await snap(page, 'history-page', row2);
    await row2.getByRole('link', { name: /View report/ }).click();
    await page.waitForURL(new RegExp(`#/finished/${id}$`));

    // Tablet width: the finished page still reads well.
    await page.setViewportSize({ width: 800, height: 1100 });
    await page.getByTestId('transcript').waitFor();
    await snap(page, 'finished-page-tablet', [page.getByTestId('report'), page.getByTestId('transcript')]);
    await page.setViewportSize({ width: 1280, height: 800 });

    expect(external, 'nothing is fetched from outside our server (fonts, CDNs)').toEqual([]);
    expect(unexpectedErrors(browser.errors)).toEqual([]);
  }, 180_000);

  it('keyboard: the start form can be completed without a mouse', async () => {
    await page.goto(`${app.url}/`);
    await page.locator('.problem-card').first().waitFor();
    await page.getByRole('searchbox', { name: 'Search problems' }).focus();
    await page.keyboard.type('rate limiter');
    await page.keyboard.press('Tab'); // into the problem radio group
    await page.keyboard.press('Space');
    expect(await page.locator('.problem-card.selected').textContent()).toMatch(/Rate Limiter/);
    // Through the mode group (interview stays chosen), the level group, the length field and the start button.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('interview');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown'); // mid -> senior
    expect(await page.locator('input[name="level"]:checked').inputValue()).toBe('senior');
    expect(await page.locator('input[name="mode"]:checked').inputValue()).toBe('interview');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('30');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Start interview');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/interview\//);
    await page.locator('[data-connection="live"]').waitFor();
    expect(await page.locator('.interview-title').textContent()).toMatch(/Rate Limiter.*senior · 30 min/);
  }, 60_000);

  it('the phase bar says what the current phase expects, and every phase\'s goal opens from the keyboard', async () => {
    await startInterview(page, app.url, { search: 'rate', title: 'Rate Limiter', minutes: 30 });
    await whiteboardReady(page);
    const goal = page.getByTestId('phase-goal');
    expect(await goal.textContent()).toBe(`Requirements: ${PHASE_GOALS.requirements}`);

    // Tab from the top of the page reaches the disclosure; Enter opens every phase's goal.
    const goals = page.getByTestId('phase-goals');
    expect(await goals.isVisible()).toBe(false);
    await page.locator('body').focus();
    let focused = '';
    for (let i = 0; i < 15 && focused !== 'What each phase expects'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => (document.activeElement?.tagName === 'SUMMARY' ? document.activeElement.textContent ?? '' : ''));
    }
    expect(focused).toBe('What each phase expects');
    await page.keyboard.press('Enter');
    await goals.waitFor();
    const items = goals.locator('li');
    expect(await items.count()).toBe(5);
    for (const [i, phase] of (['requirements', 'estimation', 'high_level_design', 'deep_dive', 'wrap_up'] as const).entries()) {
      expect(await items.nth(i).textContent()).toContain(PHASE_GOALS[phase]);
    }
    expect(await goals.locator('li[aria-current="step"]').textContent()).toMatch(/^Requirements/);
    // Nothing covers the list: it floats over the whiteboard, readable.
    const box = (await goals.boundingBox())!;
    expect(await page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.closest('[data-testid="phase-goals"]') !== null, [box.x + box.width / 2, box.y + box.height - 12])).toBe(true);
    await snap(page, 'interview-phase-goals', goals);
    await page.keyboard.press('Escape');
    await expect.poll(() => goals.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SUMMARY');

    // The line follows the phase.
    await moveOn(page, 'estimation');
    await expect.poll(() => goal.textContent()).toBe(`Estimation: ${PHASE_GOALS.estimation}`);
  }, 60_000);

  it('the clocks show the server\'s time left in the phase and in the interview, and count down with it', async () => {
    await startInterview(page, app.url, { search: 'short', title: 'URL Shortener', minutes: 10 });
    await whiteboardReady(page);
    const plan = phasePlan(10); // requirements to 1:07, estimation 2:13, design 4:27, deep dive 8:53, wrap-up 10:00
    const end = (phase: string) => plan.find((s) => s.phase === phase)!.endMs;
    expect(plan.map((s) => s.endMs / 1000)).toEqual([67, 133, 267, 533, 600]);
    const seconds = async (testId: string) => {
      const m = /^(\d+):(\d\d)$/.exec((await page.getByTestId(testId).textContent()) ?? '');
      return m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
    };
    // Within two seconds: the page interpolates between the server's clock frames (one a second).
    const clocksShow = async (elapsedMs: number, phase: string) => {
      const phaseLeft = Math.round((end(phase) - elapsedMs) / 1000);
      const totalLeft = Math.round((10 * MINUTE - elapsedMs) / 1000);
      await expect.poll(() => seconds('phase-clock'), { timeout: 8_000, message: `phase clock near ${phaseLeft} s` }).toSatisfy((s: number) => Math.abs(s - phaseLeft) <= 2);
      await expect.poll(() => seconds('total-clock'), { timeout: 8_000, message: `total clock near ${totalLeft} s` }).toSatisfy((s: number) => Math.abs(s - totalLeft) <= 2);
      expect(await page.locator('.clock', { has: page.getByTestId('phase-clock') }).locator('.clock-label').textContent()).toBe('Phase left');
    };
    await clocksShow(0, 'requirements');

    // The candidate moves on early: the phase clock counts to the design slot's planned end.
    await moveOn(page, 'estimation');
    await clocksShow(0, 'estimation');
    await moveOn(page, 'high-level design');
    await clocksShow(0, 'high_level_design');

    // Two minutes pass on the server: 8:00 left in all, 2:27 in the design phase.
    app.clock.advance(2 * MINUTE);
    await clocksShow(2 * MINUTE, 'high_level_design');
    expect(await page.getByTestId('total-clock').textContent()).toMatch(/^(8:0[0-2]|7:5[89])$/);
    // And they keep counting down as the server's time goes on.
    let elapsed = 2 * MINUTE;
    for (const step of [15_000, 15_000, 15_000]) {
      app.clock.advance(step);
      elapsed += step;
      await clocksShow(elapsed, 'high_level_design');
    }
    // The next phase's clock counts to its own planned end (8:53), the interview's goes on.
    await moveOn(page, 'deep dive');
    await clocksShow(elapsed, 'deep_dive');
  }, 60_000);

  let finishedId = '';

  it('keyboard: Move on, End interview with its dialog, and the report\'s turn references work without a mouse', async () => {
    const id = await startInterview(page, app.url, { search: 'short', title: 'URL Shortener', minutes: 30 });
    await whiteboardReady(page);
    await sayAndWaitForReply(page, 'How many short links do users create each day?');
    await sayAndWaitForReply(page, 'Redirects are read-heavy, so I would put a Redis cache in front of the database of short codes.');
    await drawShape(page, 'r', [300, 300], [520, 380], 'Redis cache in front of the code store');
    await expect.poll(() => elementCount(page)).toBe(2);
    const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    const current = page.locator('.step.current');
    // Tabbing starts from the top of the page: the brand link, the first stop.
    const fromTop = () => page.locator('a.brand').first().focus();

    // Tab from the top of the page to Move on; Enter presses it.
    await fromTop();
    const moveOnButton = page.getByRole('button', { name: /^Move on to/ });
    await tabTo(page, moveOnButton, { max: 10 });
    await page.keyboard.press('Enter');
    await expect.poll(() => current.textContent()).toMatch(/Estimation/);
    // The focus stays on the button (now for the next phase): Space presses it too.
    await expect.poll(focused).toMatch(/^Move on to high-level design/);
    await expect.poll(() => moveOnButton.getAttribute('aria-disabled')).toBeNull(); // the first move is done
    await page.keyboard.press('Space');
    await expect.poll(() => current.textContent()).toMatch(/High-level design/);

    // End interview: Enter opens the dialog with the focus on Keep going; Escape closes it and the
    // focus comes back to the button; Keep going (Enter) closes it too; nothing ends.
    const endButton = page.getByRole('button', { name: 'End interview' });
    await fromTop();
    await tabTo(page, endButton, { max: 10 });
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'End the interview now?' });
    await dialog.waitFor();
    await expect.poll(focused).toBe('Keep going');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(() => endButton.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Space');
    await dialog.waitFor();
    await expect.poll(focused).toBe('Keep going');
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(page.url()).toMatch(/#\/interview\//);
    expect((await app.api(`/api/sessions/${id}`, { token: await tokenOf(page, id) })).body.status).toBe('active');

    // Open it once more: Tab moves to the dialog's End interview, Enter ends the interview.
    await expect.poll(() => endButton.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await tabTo(page, dialog.getByRole('button', { name: 'End interview' }), { max: 2 });
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`#/finished/${id}$`), { timeout: 15_000 });
    finishedId = id;

    // The finished page: Tab reaches a turn reference in the report; Enter follows it to the turn.
    const report = page.getByTestId('report');
    await report.waitFor({ timeout: 20_000 });
    const refs = report.locator('.evidence button.turn-ref');
    await expect.poll(() => refs.count()).toBeGreaterThan(0);
    await fromTop();
    await tabTo(page, refs.first(), { max: 80 });
    const n = Number(((await refs.first().textContent()) ?? '').replace(/\D/g, ''));
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(`turn-${n}`);
    const turn = page.locator(`#turn-${n}`);
    await expect.poll(() => turn.evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; })).toBe(true);
    expect(unexpectedErrors(browser.errors)).toEqual([]);
  }, 90_000);

  it('no horizontal scrolling on the start page and the finished page, at 1280x800 and at tablet width (768x1024)', async () => {
    expect(finishedId, 'the keyboard test finishes an interview').not.toBe('');
    const overflow = () =>
      page.evaluate(() => {
        const { scrollWidth, clientWidth } = document.documentElement;
        // What sticks out, to say why.
        const wide = [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > clientWidth + 1)
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(el.getBoundingClientRect().right)}`);
        return { scrollWidth, clientWidth, wide };
      });
    for (const size of [{ width: 1280, height: 800 }, { width: 768, height: 1024 }]) {
      await page.setViewportSize(size);
      await page.goto(`${app.url}/`);
      await page.locator('.problem-card').first().waitFor();
      await page.waitForLoadState('networkidle');
      const start = await overflow();
      expect(start.scrollWidth, `start page at ${size.width}: ${start.wide.join(', ')}`).toBeLessThanOrEqual(start.clientWidth);

      await page.goto(`${app.url}/#/finished/${finishedId}`);
      await page.getByTestId('report').getByTestId('radar').waitFor({ timeout: 20_000 });
      await page.getByTestId('final-diagram-svg').waitFor({ timeout: 20_000 });
      await page.getByTestId('transcript').locator('.turn-anchor').first().waitFor();
      const finished = await overflow();
      expect(finished.scrollWidth, `finished page at ${size.width}: ${finished.wide.join(', ')}`).toBeLessThanOrEqual(finished.clientWidth);
      await snap(page, `finished-page-${size.width}`, page.getByTestId('report'));
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 60_000);

  it('an interview left open ends by the clock; the finished page waits for the report, then shows it', async () => {
    const id = await startInterview(page, app.url, { search: 'chat', title: 'Chat Messaging', minutes: 10 });
    await whiteboardReady(page);
    // The server is still closing the interview: the report route answers 409 until we let it through.
    let holdReport = true;
    await page.route('**/api/sessions/*/report', (route) =>
      holdReport
        ? route.fulfill({ status: 409, contentType: 'application/json', body: '{"error":{"code":"interview_running","message":"the report is built when the interview ends"}}' })
        : route.continue(),
    );
    app.clock.advance(11 * MINUTE);
    await page.waitForURL(new RegExp(`#/finished/${id}$`), { timeout: 15_000 });
    await page.getByText('ended when time ran out').waitFor();
    await page.getByTestId('report-waiting').getByText('Your report is being prepared').waitFor();
    await snap(page, 'finished-page-waiting', page.getByTestId('report-waiting'));
    holdReport = false;
    await page.getByTestId('report').waitFor({ timeout: 20_000 });
    await page.unroute('**/api/sessions/*/report');
  }, 60_000);
});
