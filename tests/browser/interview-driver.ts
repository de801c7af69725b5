// Drives the web client the way a candidate does: the start form, the chat composer, the
// whiteboard with the mouse and Excalidraw's keyboard shortcuts.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
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

/** Saves test-artifacts/NAME.png and checks it is not blank. */
export async function snap(page: Page, name: string) {
  const png = await screenshot(page, name);
  const stats = pngStats(png);
  expect(stats.stddev, `${name}.png looks blank`).toBeGreaterThan(8);
  expect(stats.distinctColors, `${name}.png has too few colours`).toBeGreaterThan(50);
  return stats;
}

/** Console errors that are not expected: a 409 while the interview is closing (the report is not ready) is. */
export function unexpectedErrors(errors: string[], alsoExpected: RegExp[] = []): string[] {
  const expected = [/Failed to load resource: the server responded with a status of 409/, ...alsoExpected];
  return errors.filter((e) => !expected.some((re) => re.test(e)));
}
