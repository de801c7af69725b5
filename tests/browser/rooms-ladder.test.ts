// [RIV10] End to end in Chromium: the interviewer's kit in a peer room shows coach mode's ladder for
// the current phase (the current gap open with its nudge, pointer and sketch); a question from the
// candidate closes its gap in the interviewer's kit; the candidate's page never shows the ladder.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/app.js';
import { chromiumAvailable, launchBrowser, type TestBrowser } from '../support/browser.js';
import { snap, unexpectedErrors } from './interview-driver.js';
import { joinAs, roomSay } from './room-driver.js';

const PROBLEM = 'url-shortener';

describe.skipIf(!chromiumAvailable)('[RIV10] web client: the hint ladder in the interviewer kit', () => {
  let app: TestServer;
  let ivB: TestBrowser;
  let candB: TestBrowser;
  let iv: Page;
  let cand: Page;

  beforeAll(async () => {
    app = await startTestServer();
    ivB = await launchBrowser();
    candB = await launchBrowser();
    iv = ivB.page;
    cand = candB.page;
  }, 300_000);

  afterAll(async () => {
    await ivB?.close();
    await candB?.close();
    await app?.close();
  });

  it('[RIV10] the interviewer reads the ladder of the phase in the kit; the candidate never sees it', async () => {
    const room = (await app.api('/api/rooms', { body: { mode: 'interview', problemId: PROBLEM, level: 'mid', durationMinutes: 45 } })).body;
    await iv.goto(`${app.url}${room.interviewer.url}`);
    await joinAs(iv, 'Ivy');
    await cand.goto(`${app.url}${room.candidate.url}`);
    await joinAs(cand, 'Cid');

    const ladder = iv.getByTestId('kit-ladder');
    await ladder.getByRole('heading', { name: 'Hints · Requirements' }).waitFor({ timeout: 20_000 });
    // The current gap is open: the scale, with its three rungs.
    const scale = ladder.locator('.kit-ladder-gap[data-gap="fact:scale"]');
    await scale.waitFor();
    expect(await scale.getAttribute('open')).not.toBeNull();
    const rungs = await scale.locator('.kit-rungs li').allInnerTexts();
    expect(rungs).toHaveLength(3);
    expect(rungs[0]).toMatch(/^Nudge\s+What about the scale\?$/i);
    expect(rungs[1]).toMatch(/^Pointer\s+/i);
    expect(rungs[2]).toMatch(/^Sketch\s+Ask me outright/i);
    // The other open gaps are folded under one line.
    await ladder.locator('.kit-ladder-more > summary', { hasText: /more open gaps in this phase/ }).waitFor();
    await snap(iv, 'rooms-kit-ladder', ladder);

    // The candidate asks about the scale: the interviewer's ladder moves on by itself.
    await roomSay(cand, 'How many new links per day, and what does the peak traffic look like?');
    // (Attached: the interviewer's chat is a tab behind the kit.)
    await iv.locator('.room-chat article.msg:not(.pending)', { hasText: 'How many new links per day' }).waitFor({ state: 'attached', timeout: 10_000 });
    await ladder.locator('.kit-ladder-gap[data-gap="fact:scale"]').waitFor({ state: 'detached', timeout: 20_000 });
    const next = await ladder.locator('.kit-ladder-gap[open]').first().getAttribute('data-gap');
    expect(next).toMatch(/^fact:/);
    await snap(iv, 'rooms-kit-ladder-after-question', ladder);

    // The candidate's page has no kit and no ladder, and none of its sketches.
    expect(await cand.getByTestId('kit-ladder').count()).toBe(0);
    expect(await cand.getByTestId('interviewer-kit').count()).toBe(0);
    const html = await cand.content();
    expect(html).not.toContain(rungs[2]!.replace(/^Sketch\s+/i, '').slice(0, 40));
    expect(unexpectedErrors(ivB.errors)).toEqual([]);
    expect(unexpectedErrors(candB.errors)).toEqual([]);
  });
});
