// What a person at a given screen size can actually see: how much of an element is inside the
// viewport and every scrolling or clipping box around it, and whether something else covers it.
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

export const SIZES = [
  { width: 390, height: 844 },
  { width: 768, height: 1024 },
  { width: 1280, height: 800 },
] as const;
export type Size = (typeof SIZES)[number];
export const sizeName = (s: Size) => `${s.width}x${s.height}`;

export interface Seen {
  height: number;
  width: number;
  visibleHeight: number;
  visibleWidth: number;
  /** The element (or a descendant) is what a tap at the middle of its visible part would hit. */
  onTop: boolean;
}

export function seen(l: Locator): Promise<Seen> {
  return l.evaluate((el) => {
    const r = el.getBoundingClientRect();
    let top = Math.max(r.top, 0);
    let bottom = Math.min(r.bottom, window.innerHeight);
    let left = Math.max(r.left, 0);
    let right = Math.min(r.right, window.innerWidth);
    let hidden = getComputedStyle(el).visibility === 'hidden';
    for (let p = el.parentElement; p && !hidden; p = p.parentElement) {
      const cs = getComputedStyle(p);
      if (cs.display === 'none') hidden = true;
      if (cs.overflowY !== 'visible' || cs.overflowX !== 'visible') {
        const pr = p.getBoundingClientRect();
        top = Math.max(top, pr.top);
        bottom = Math.min(bottom, pr.bottom);
        left = Math.max(left, pr.left);
        right = Math.min(right, pr.right);
      }
    }
    const visibleHeight = hidden ? 0 : Math.max(0, bottom - top);
    const visibleWidth = hidden ? 0 : Math.max(0, right - left);
    let onTop = false;
    if (visibleHeight > 0 && visibleWidth > 0) {
      const hit = document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
      onTop = !!hit && (hit === el || el.contains(hit));
    }
    return { height: r.height, width: r.width, visibleHeight, visibleWidth, onTop };
  });
}

/** At least `min` px (or all of it, when smaller) of the element is visible both ways, and on top. */
export async function expectVisible(l: Locator, what: string, min = 40) {
  await l.first().waitFor({ state: 'attached', timeout: 15_000 });
  const ok = (x: Seen) => x.visibleHeight >= Math.min(x.height, min) - 0.5 && x.visibleWidth >= Math.min(x.width, min) - 0.5 && x.onTop;
  // Layout settles (fonts, the board, a scroll to the newest message): look again for a while.
  let last = await seen(l.first());
  for (let i = 0; i < 40 && !ok(last); i++) {
    await new Promise((r) => setTimeout(r, 250));
    last = await seen(l.first());
  }
  expect(ok(last), `${what} is not visible: ${JSON.stringify(last)}`).toBe(true);
}

/** The document does not scroll sideways; says what sticks out when it does. */
export async function expectNoSidewaysScroll(page: Page, what: string) {
  const o = await page.evaluate(() => {
    const { scrollWidth, clientWidth } = document.documentElement;
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > clientWidth + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(el.getBoundingClientRect().right)}`);
    return { scrollWidth, clientWidth, wide };
  });
  expect(o.scrollWidth, `${what}: ${o.wide.join(', ')}`).toBeLessThanOrEqual(o.clientWidth);
}
