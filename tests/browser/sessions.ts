// Finished interviews made through the API (fast: no typing, no drawing), owned by the browser's
// client key and opened with tokens put in its localStorage, as if it had run them itself.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { MINUTE } from '../../server/domain/phases.js';
import { WEB_DIST } from '../../web/scripts/ensure-build.js';
import { messageId, type TestServer } from '../support/app.js';

export interface Owned {
  id: string;
  token: string;
}

/** The browser's X-Client-Key (created by the start page on its first load). */
export async function browserClientKey(page: Page, base: string): Promise<string> {
  await page.goto(`${base}/`);
  await page.locator('.problem-card').first().waitFor();
  const key = await page.evaluate(() => localStorage.getItem('msd:clientKey'));
  if (!key) throw new Error('the start page did not create a client key');
  return key;
}

export async function grantAccess(page: Page, sessions: Owned[]): Promise<void> {
  await page.evaluate((list) => {
    for (const s of list) localStorage.setItem(`msd:token:${s.id}`, s.token);
  }, sessions);
}

/** A full page load (a hash-only change would keep the same document and its loaded scripts). */
export async function freshLoad(page: Page, url: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(url);
}

export async function finishedSession(
  app: TestServer,
  o: { key: string; problemId: string; level: 'junior' | 'mid' | 'senior'; lines: Array<[number, string]>; scene?: unknown[]; minutes?: number },
): Promise<Owned> {
  const t0 = app.clock.t;
  const created = await app.api('/api/sessions', { body: { problemId: o.problemId, level: o.level, durationMinutes: o.minutes ?? 45 }, headers: { 'x-client-key': o.key } });
  expect(created.status).toBe(201);
  const s: Owned = { id: created.body.id, token: created.body.token };
  for (const [minute, text] of o.lines) {
    app.clock.t = Math.max(app.clock.t, t0 + minute * MINUTE);
    const r = await app.api(`/api/sessions/${s.id}/messages`, { token: s.token, body: { clientMessageId: messageId(), text } });
    expect(r.status).toBe(201);
  }
  if (o.scene) expect((await app.api(`/api/sessions/${s.id}/diagram`, { method: 'PUT', token: s.token, body: { elements: o.scene } })).status).toBe(200);
  expect((await app.api(`/api/sessions/${s.id}/end`, { method: 'POST', token: s.token })).status).toBe(200);
  return s;
}

export const WEAK_LINES: Array<[number, string]> = [
  [1, 'I would use a database and a server.'],
  [3, 'Users post things and read the feed.'],
  [8, 'Then maybe a cache.'],
  [12, 'That is the design.'],
];

const rect = (id: string, x: number, y: number, label: string, backgroundColor = 'transparent') => [
  { id, type: 'rectangle', x, y, width: 160, height: 70, angle: 0, strokeColor: '#1e1e1e', backgroundColor, fillStyle: 'solid', strokeWidth: 2, strokeStyle: 'solid', roughness: 1, opacity: 100, roundness: { type: 3 }, seed: 11, version: 3, versionNonce: 5, isDeleted: false, groupIds: [], frameId: null, boundElements: [{ id: `${id}-t`, type: 'text' }], link: null, locked: false, updated: 1 },
  { id: `${id}-t`, type: 'text', x: x + 10, y: y + 22, width: 140, height: 25, angle: 0, strokeColor: '#1e1e1e', backgroundColor: 'transparent', fillStyle: 'solid', strokeWidth: 2, strokeStyle: 'solid', roughness: 1, opacity: 100, roundness: null, seed: 12, version: 3, versionNonce: 6, isDeleted: false, groupIds: [], frameId: null, boundElements: null, link: null, locked: false, updated: 1, text: label, originalText: label, fontSize: 20, fontFamily: 1, textAlign: 'center', verticalAlign: 'middle', containerId: id, lineHeight: 1.25, autoResize: true },
];
const arrow = (id: string, x: number, y: number, dx: number) => ({
  id, type: 'arrow', x, y, width: dx, height: 0, angle: 0, strokeColor: '#1e1e1e', backgroundColor: 'transparent', fillStyle: 'solid', strokeWidth: 2, strokeStyle: 'solid', roughness: 1, opacity: 100, roundness: { type: 2 }, seed: 13, version: 3, versionNonce: 7, isDeleted: false, groupIds: [], frameId: null, boundElements: null, link: null, locked: false, updated: 1, points: [[0, 0], [dx, 0]], startArrowhead: null, endArrowhead: 'arrow',
});

/** Three labelled boxes joined by arrows (what Excalidraw stores). */
export const SCENE = [...rect('api', 0, 0, 'API service', '#a5d8ff'), ...rect('cache', 280, -90, 'Redis cache', '#ffc9c9'), ...rect('db', 280, 90, 'KV store', '#b2f2bb'), arrow('a1', 160, 25, 120), arrow('a2', 160, 45, 120)];

/** Whether a built script (path as the browser asked for it) contains Excalidraw. */
export function isExcalidrawScript(path: string): boolean {
  try {
    return readFileSync(join(WEB_DIST, path.replace(/^\//, '')), 'utf8').includes('Excalifont');
  } catch {
    return false;
  }
}
