// The reference walkthrough on the finished page in Chromium: for a scripted interview it lists
// every expected component with covered/missed right (drawn or said), the reference diagram is
// drawn from the generated scene, the anti-pattern the candidate fell into is quoted, Excalidraw
// opens the diagram in view mode on request, and the walkthrough fits a 390 px phone.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReferenceWalkthrough } from '../../server/protocol/index.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { chromiumAvailable, launchBrowser, type TestBrowser } from '../support/browser.js';
import { snap, unexpectedErrors } from './interview-driver.js';
import { browserClientKey, finishedSession, freshLoad, grantAccess, type Owned } from './sessions.js';

/** The candidate's lines (interview minute, text): some components said, one drawn, one never. */
const LINES: Array<[number, string]> = [
  [1, 'How many redirects per link, what is the read to write ratio?'],
  [3, 'With 10 billion redirects a day, that is around 115k reads per second.'],
  [9, 'We put a load balancer in front of the shortening service.'],
  [12, 'Codes are base62 from a single global counter.'],
  [20, 'We answer with a 301 so we can count every click.'],
];
/** One box on the whiteboard: the database, drawn and never said. */
const SCENE = [
  { id: 'db', type: 'rectangle', x: 0, y: 0, width: 180, height: 70, angle: 0, strokeColor: '#1e1e1e', backgroundColor: 'transparent', fillStyle: 'solid', strokeWidth: 2, strokeStyle: 'solid', roughness: 1, opacity: 100, roundness: null, seed: 1, version: 2, versionNonce: 3, isDeleted: false, groupIds: [], frameId: null, boundElements: [{ id: 'db-t', type: 'text' }], link: null, locked: false, updated: 1 },
  { id: 'db-t', type: 'text', x: 10, y: 22, width: 160, height: 25, angle: 0, strokeColor: '#1e1e1e', backgroundColor: 'transparent', fillStyle: 'solid', strokeWidth: 2, strokeStyle: 'solid', roughness: 1, opacity: 100, roundness: null, seed: 2, version: 2, versionNonce: 4, isDeleted: false, groupIds: [], frameId: null, boundElements: null, link: null, locked: false, updated: 1, text: 'Postgres', originalText: 'Postgres', fontSize: 20, fontFamily: 1, textAlign: 'center', verticalAlign: 'middle', containerId: 'db', lineHeight: 1.25, autoResize: true },
];
const EXPECTED_COVERED: Record<string, boolean> = { load_balancer: true, app_service: true, database: true, cache: false, id_generator: true };

async function openWalkthrough(page: Page, url: string) {
  await freshLoad(page, url);
  await page.getByTestId('reference-ready').waitFor({ timeout: 30_000 });
}

describe.skipIf(!chromiumAvailable)('web client: the reference walkthrough on the finished page', () => {
  let app: TestServer;
  let browser: TestBrowser;
  let phone: TestBrowser;
  let session: Owned;

  beforeAll(async () => {
    app = await startTestServer();
    browser = await launchBrowser();
    const key = await browserClientKey(browser.page, app.url);
    session = await finishedSession(app, { key, problemId: 'url-shortener', level: 'mid', lines: LINES, scene: SCENE });
    await grantAccess(browser.page, [session]);
    phone = await launchBrowser({ width: 390, height: 844 });
    await browserClientKey(phone.page, app.url);
    await grantAccess(phone.page, [session]);
  });

  afterAll(async () => {
    await browser?.close();
    await phone?.close();
    await app?.close();
  });

  it('lists every expected component with covered/missed right, and draws the reference diagram', async () => {
    const page = browser.page;
    await openWalkthrough(page, `${app.url}/#/finished/${session.id}`);
    const problem = app.bank.byId.get('url-shortener')!;
    const api = ReferenceWalkthrough.parse((await app.api(`/api/sessions/${session.id}/reference`, { token: session.token })).body);

    const items = page.getByTestId('reference-component-list').locator('li');
    expect(await items.count()).toBe(problem.components.length);
    for (const [i, c] of problem.components.entries()) {
      const li = items.nth(i);
      expect(await li.getAttribute('data-component')).toBe(c.id);
      expect(await li.locator('.component-name').textContent()).toBe(c.label);
      expect(await li.getAttribute('data-covered'), c.id).toBe(String(EXPECTED_COVERED[c.id]));
      expect(await li.locator('.ref-status').textContent()).toBe(EXPECTED_COVERED[c.id] ? 'covered' : 'missed');
      expect(api.components[i]!.covered).toBe(EXPECTED_COVERED[c.id]);
    }
    // Where each came from: the database from the board, the load balancer from the candidate's words.
    expect(await items.nth(problem.components.findIndex((c) => c.id === 'database')).textContent()).toContain('on your whiteboard');
    expect(await items.nth(problem.components.findIndex((c) => c.id === 'load_balancer')).locator('q').textContent()).toBe(LINES[2]![1]);
    expect(await page.getByTestId('reference-components').locator('h3').textContent()).toContain('4 of 5 covered');

    // The diagram: one box per component plus the clients, labelled and marked like the list.
    const svg = page.getByTestId('reference-diagram').locator('svg.scene-preview');
    const label = (await svg.getAttribute('aria-label'))!;
    for (const c of problem.components) expect(label).toContain(`${c.label} (${EXPECTED_COVERED[c.id] ? 'covered' : 'missed'})`);
    expect(await svg.locator('rect[stroke-dasharray]').count()).toBe(1); // the one missed component is dashed
    const texts = (await svg.locator('text').allTextContents()).join(' ');
    expect(texts).toContain('Clients');
    expect(texts).toContain('(missed)');

    // The anti-pattern fallen into, with the candidate's words; the others avoided.
    const fell = page.getByTestId('reference-anti-patterns').locator('li[data-fell="true"]');
    expect(await fell.locator('strong').allTextContents()).toEqual(api.antiPatterns.filter((a) => a.fellInto.length).map((a) => a.title));
    expect(await page.locator('li[data-anti-pattern="permanent_redirect_with_tracking"] q').textContent()).toBe(LINES[4]![1]);
    // Facts asked and missed, estimates with the derivation.
    expect(await page.locator('li[data-topic="read_write"]').getAttribute('data-asked')).toBe('true');
    expect(await page.locator('li[data-topic="latency"]').getAttribute('data-asked')).toBe('false');
    for (const e of problem.estimates) expect(await page.locator(`li[data-estimate="${e.id}"]`).textContent()).toContain(e.derivation);

    await page.getByTestId('reference-components').scrollIntoViewIfNeeded();
    await snap(page, 'reference-walkthrough', page.getByTestId('reference-diagram'));
    await page.getByTestId('reference-deep-dives').scrollIntoViewIfNeeded();
    await snap(page, 'reference-deep-dives', page.getByTestId('reference-deep-dives'));
    expect(unexpectedErrors(browser.errors)).toEqual([]);
  }, 90_000);

  it('opens the reference diagram in Excalidraw, view mode', async () => {
    const page = browser.page;
    await page.getByRole('button', { name: 'Open in Excalidraw (view only)' }).click();
    const board = page.getByTestId('reference-diagram').getByTestId('whiteboard');
    await board.waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="reference-diagram"] canvas') !== null, null, { timeout: 30_000 });
    // View mode: no drawing tools.
    expect(await page.getByTestId('reference-diagram').locator('.App-toolbar').count()).toBe(0);
    expect(Number(await board.getAttribute('data-element-count'))).toBeGreaterThan(5);
    await page.waitForTimeout(500);
    await page.getByTestId('reference-diagram').scrollIntoViewIfNeeded();
    await snap(page, 'reference-excalidraw', board);
    await page.getByRole('button', { name: 'Back to the picture' }).click();
    await page.getByTestId('reference-diagram').locator('svg.scene-preview').waitFor();
    expect(unexpectedErrors(browser.errors)).toEqual([]);
  }, 90_000);

  it('reads on a 390 px phone: nothing wider than the screen but the diagram, which scrolls in its box', async () => {
    const page = phone.page;
    await openWalkthrough(page, `${app.url}/#/finished/${session.id}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const list = page.getByTestId('reference-component-list');
    const box = (await list.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(await list.locator('li').count()).toBe(5);
    await page.getByTestId('reference-components').scrollIntoViewIfNeeded();
    await snap(page, 'reference-phone', page.getByTestId('reference-diagram'));
    await page.locator('li[data-anti-pattern="permanent_redirect_with_tracking"]').scrollIntoViewIfNeeded();
    await snap(page, 'reference-phone-anti-patterns', page.getByTestId('reference-anti-patterns'));
    expect(unexpectedErrors(phone.errors)).toEqual([]);
  }, 90_000);
});
