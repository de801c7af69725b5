// Drives a peer room the way a person does: the join form, the room chat. Shared by the browser
// room suites (rooms.test.ts, rooms-processes.test.ts).
import type { Page } from 'playwright-core';
import { waitLive } from './interview-driver.js';

export async function joinAs(page: Page, name: string) {
  const box = page.getByLabel('Your name');
  await box.waitFor({ timeout: 15_000 });
  await box.fill(name);
  await page.getByRole('button', { name: 'Join the room' }).click();
  await waitLive(page);
  // Attached, not necessarily visible: on a narrow screen the board is a tab behind the chat.
  await page.locator('.excalidraw canvas.interactive').waitFor({ state: 'attached', timeout: 30_000 });
}

/** Joins as `name`, or goes straight in when this browser remembers its name from an earlier room. */
export async function joinOrRejoin(page: Page, name: string) {
  const box = page.getByLabel('Your name');
  const live = page.locator('[data-connection="live"]');
  await box.or(live).first().waitFor({ timeout: 15_000 });
  if (await box.isVisible()) return joinAs(page, name);
  await page.locator('.excalidraw canvas.interactive').waitFor({ state: 'attached', timeout: 30_000 });
}

export async function roomSay(page: Page, text: string) {
  const box = page.getByRole('textbox', { name: 'Message to the room' });
  await box.fill(text);
  await box.press('Enter');
}

export async function showsMessage(page: Page, text: string) {
  await page.locator('.room-chat article.msg:not(.pending)', { hasText: text }).waitFor({ timeout: 10_000 });
}
