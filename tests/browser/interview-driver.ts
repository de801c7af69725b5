// Drives the web client the way a candidate does: the start form, the chat composer, the
// whiteboard with the mouse and Excalidraw's keyboard shortcuts.
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { pngStats, screenshot } from '../support/browser.js';

export async function startInterview(page: Page, base: string, o: { search: string; title: string; minutes: number; level?: 'junior' | 'mid' | 'senior' }) {
  await page.goto(`${base}/`);
  await page.getByRole('heading', { name: 'Practise a system design interview' }).waitFor();
  await page.locator('.problem-card').first().waitFor();
  await page.getByRole('searchbox', { name: 'Search problems' }).fill(o.search);
  await page.locator('.problem-card', { hasText: o.title }).click();
  if (o.level) await page.getByRole('radio', { name: new RegExp(`^${o.level}`, 'i') }).check();
  await page.getByLabel('Length', { exact: true }).fill(String(o.minutes));
  await page.getByRole('button', { name: 'Start interview' }).click();
  await page.waitForURL(/#\/interview\//);
  await waitLive(page);
  return sessionIdOf(page);
}

export function sessionIdOf(page: Page): string {
  const m = page.url().match(/#\/(?:interview|finished)\/([A-Za-z0-9_-]+)/);
  if (!m) throw new Error(`no session id in ${page.url()}`);
  return m[1]!;
}

export async function tokenOf(page: Page, id: string): Promise<string> {
  const token = await page.evaluate((key) => localStorage.getItem(key), `msd:token:${id}`);
  if (!token) throw new Error('no token in localStorage');
  return token;
}

export async function waitLive(page: Page, timeout = 15_000) {
  await page.locator('[data-connection="live"]').waitFor({ timeout });
}

export async function say(page: Page, text: string) {
  const box = page.getByRole('textbox', { name: 'Your message to the interviewer' });
  await box.fill(text);
  await box.press('Enter');
}

/** Sends and waits until the reply is durable (one more interviewer message, nothing streaming). */
export async function sayAndWaitForReply(page: Page, text: string) {
  const replies = page.locator('article[data-role="interviewer"]');
  const before = await replies.count();
  await say(page, text);
  await expect.poll(() => replies.count(), { timeout: 15_000 }).toBeGreaterThan(before);
  await expect.poll(() => page.locator('[data-streaming], [data-pending]').count()).toBe(0);
}

/** Waits for a durable interviewer message (not the streaming draft) containing `text`. */
export async function interviewerSays(page: Page, text: string | RegExp, timeout = 15_000) {
  await page.locator('article[data-role="interviewer"]', { hasText: text }).last().waitFor({ timeout });
}

/** Presses Tab (or Shift+Tab) until `target` has the focus; returns how many presses it took. */
export async function tabTo(page: Page, target: Locator, o: { max?: number; back?: boolean } = {}): Promise<number> {
  const max = o.max ?? 30;
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press(o.back ? 'Shift+Tab' : 'Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return i;
  }
  const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  throw new Error(`${max} Tab presses never reached ${String(target)} (the focus is on ${at})`);
}

export async function moveOn(page: Page, to: string) {
  await page.getByRole('button', { name: new RegExp(`^Move on to ${to}`, 'i') }).click();
  await page.locator('.step.current', { hasText: new RegExp(to, 'i') }).waitFor();
}

export async function whiteboardReady(page: Page) {
  await page.locator('.excalidraw canvas.interactive').waitFor({ timeout: 30_000 });
}

/** Draws with real mouse input; the left of the board is kept clear of Excalidraw's style panel. */
export async function drawShape(page: Page, tool: 'r' | 'a', from: [number, number], to: [number, number], label?: string) {
  const box = (await page.locator('.board-pane').boundingBox())!;
  await page.locator('.excalidraw').focus();
  await page.keyboard.press(tool);
  await page.mouse.move(box.x + from[0], box.y + from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + (from[0] + to[0]) / 2, box.y + (from[1] + to[1]) / 2, { steps: 6 });
  await page.mouse.move(box.x + to[0], box.y + to[1], { steps: 6 });
  await page.mouse.up();
  if (label) {
    await page.keyboard.press('Enter'); // edits the selected shape's label
    await page.keyboard.type(label);
  }
  await page.keyboard.press('Escape');
}

export async function elementCount(page: Page): Promise<number> {
  return Number(await page.locator('[data-testid="whiteboard"]').getAttribute('data-element-count'));
}

/** Ink on the whiteboard's own canvas (Excalidraw's static canvas, without the HTML toolbar over it): non-white pixels. */
export async function boardInk(page: Page): Promise<number> {
  const canvas = page.locator('.excalidraw canvas.excalidraw__canvas:not(.interactive)');
  return canvas.evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && (data[i]! < 200 || data[i + 1]! < 200 || data[i + 2]! < 200)) n++;
    return n;
  });
}

/**
 * The labels on the whiteboard, read from Excalidraw's own scene: select all, copy, and read the
 * clipboard JSON Excalidraw writes (caught on its way to the system clipboard). Changes no element.
 */
export async function boardTexts(page: Page): Promise<string[]> {
  await page.evaluate(() => {
    const w = window as unknown as { __copied?: string; __writeText?: Clipboard['writeText'] };
    w.__copied = undefined;
    w.__writeText = navigator.clipboard.writeText;
    navigator.clipboard.writeText = async (text: string) => {
      w.__copied = text;
    };
  });
  try {
    await page.locator('.excalidraw').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+C');
    const handle = await page.waitForFunction(() => (window as unknown as { __copied?: string }).__copied, undefined, { timeout: 5_000 });
    const copied = JSON.parse((await handle.jsonValue()) as string) as { type: string; elements: Array<{ type: string; text?: string; isDeleted?: boolean }> };
    expect(copied.type).toBe('excalidraw/clipboard');
    return copied.elements.filter((e) => e.type === 'text' && !e.isDeleted).map((e) => e.text ?? '').sort();
  } finally {
    await page.keyboard.press('Escape');
    await page.evaluate(() => {
      const w = window as unknown as { __copied?: string; __writeText?: Clipboard['writeText'] };
      if (w.__writeText) navigator.clipboard.writeText = w.__writeText;
      delete w.__writeText;
    });
  }
}

export interface SnapOptions {
  /** What the page is for (a heading, the report, the board): each must be visible. */
  shows?: Locator | Locator[];
  /** The error being captured is the point: visible role=alert elements are expected. */
  alert?: boolean;
}

/**
 * Saves test-artifacts/NAME.png and checks that the page is not blank and that its main content
 * is there: what the caller says the page shows is visible, no error (role=alert) is showing
 * unless expected, and the main region (not just the site header) has real text, not a spinner.
 */
export async function snap(page: Page, name: string, o: Locator | Locator[] | SnapOptions = {}) {
  const isLocator = (x: unknown): x is Locator => typeof (x as Locator).waitFor === 'function';
  const opts: SnapOptions = Array.isArray(o) || isLocator(o) ? { shows: o } : o;
  const shows = opts.shows === undefined ? [] : Array.isArray(opts.shows) ? opts.shows : [opts.shows];
  for (const l of shows) await l.first().waitFor({ state: 'visible', timeout: 10_000 });
  const alerts = await page
    .locator('[role="alert"]')
    .filter({ visible: true })
    .allInnerTexts();
  if (opts.alert) expect(alerts.length, `${name}: the error it captures is not showing`).toBeGreaterThan(0);
  else expect(alerts, `${name}: an error is showing`).toEqual([]);
  // The site's own failure pages (not found, not available here, could not open) have no alert.
  const headings = await page.locator('h1').filter({ visible: true }).allInnerTexts();
  expect(headings.filter((h) => /not found|not available|could not|went wrong/i.test(h)), `${name}: an error page`).toEqual([]);
  const main = await mainRegion(page);
  const text = main.text.replace(/\s+/g, ' ').trim();
  expect(text.length, `${name}: the main region (${main.selector}) is (nearly) empty: ${JSON.stringify(text.slice(0, 200))}`).toBeGreaterThan(main.minChars);
  const png = await screenshot(page, name);
  const stats = pngStats(png);
  expect(stats.stddev, `${name}.png looks blank`).toBeGreaterThan(8);
  expect(stats.distinctColors, `${name}.png has too few colours`).toBeGreaterThan(50);
  return stats;
}

/**
 * The page's main region and how much text it must hold: <main> on the site's pages (and the
 * interview's error pages), the board and chat of a live interview or room, the room's report.
 */
async function mainRegion(page: Page): Promise<{ selector: string; text: string; minChars: number }> {
  for (const [selector, minChars] of [['main', 60], ['.interview-main', 20], ['.interview', 20]] as const) {
    const region = page.locator(selector).filter({ visible: true }).first();
    if ((await region.count()) > 0) return { selector, text: await region.innerText(), minChars };
  }
  return { selector: 'none', text: '', minChars: 1 };
}

/** Console errors that are not expected: a 409 while the interview is closing (the report is not ready) is, and a slow font worker. */
export function unexpectedErrors(errors: string[], alsoExpected: RegExp[] = []): string[] {
  const expected = [
    /Failed to load resource: the server responded with a status of 409/,
    // Excalidraw's font-subsetting worker answered too slowly on a loaded machine and the main
    // thread did the work. (A worker that fails to load, an ErrorEvent, is still an error.)
    /Failed to use workers for subsetting, falling back to the main thread\. Error: Active worker did not respond/,
    // [SAFE12] The page CSP allows no JavaScript eval; Excalidraw's glyph subsetting needs it and
    // skips itself, so the exported SVG embeds whole fonts instead. Any other CSP violation is still an error.
    /Skipped glyph subsetting EvalError: Evaluating a string as JavaScript violates the following Content Security Policy directive because 'unsafe-eval'/,
    ...alsoExpected,
  ];
  return errors.filter((e) => !expected.some((re) => re.test(e)));
}
