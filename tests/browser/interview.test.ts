// End to end in Chromium: a whole short interview from the start page to the finished page and
// the history, against the real server serving the real web build.
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions as sessionsTable } from '../../server/db/schema.js';
import { MINUTE, PHASE_GOALS } from '../../server/domain/phases.js';
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
    await snap(page, 'start-page');
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
    await snap(page, 'interview-requirements');

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
    await interviewerSays(page, /Noted: .*Cache \/ CDN/);
    await snap(page, 'interview-diagram');

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
    await snap(page, 'interview-pivot-warning');

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
    await snap(page, 'finished-page');
    await page.getByTestId('final-diagram').scrollIntoViewIfNeeded();
    await snap(page, 'finished-page-diagram');
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
    await snap(page, 'history-page');
    await row2.getByRole('link', { name: /View report/ }).click();
    await page.waitForURL(new RegExp(`#/finished/${id}$`));

    // Tablet width: the finished page still reads well.
    await page.setViewportSize({ width: 800, height: 1100 });
    await page.getByTestId('transcript').waitFor();
    await snap(page, 'finished-page-tablet');
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
    // Through the level group to the length field and the start button.
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown'); // mid -> senior
    expect(await page.locator('.level-option.selected').textContent()).toMatch(/Senior/);
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
    await snap(page, 'interview-phase-goals');
    await page.keyboard.press('Escape');
    await expect.poll(() => goals.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SUMMARY');

    // The line follows the phase.
    await moveOn(page, 'estimation');
    await expect.poll(() => goal.textContent()).toBe(`Estimation: ${PHASE_GOALS.estimation}`);
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
    await snap(page, 'finished-page-waiting');
    holdReport = false;
    await page.getByTestId('report').waitFor({ timeout: 20_000 });
    await page.unroute('**/api/sessions/*/report');
  }, 60_000);
});
