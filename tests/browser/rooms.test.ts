// End to end in Chromium: peer rooms with two browsers (separate profiles) in one room. A peer
// interview opened from the start page: the links, the names, a rectangle drawn in one page
// appearing in the other, chat both ways, the interviewer's kit never reaching the candidate's
// page, a pivot delivered, the scorecard, the end and the side-by-side report for both. Then a
// plain shared whiteboard that survives a dropped connection without losing a message.
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/app.js';
import { chromiumAvailable, launchBrowser, startProxy, type CuttableProxy, type TestBrowser } from '../support/browser.js';
import { drawShape, elementCount, snap, unexpectedErrors, waitLive } from './interview-driver.js';
import { joinAs, joinOrRejoin, roomSay, showsMessage } from './room-driver.js';

const PROBLEM = 'url-shortener';

/** Every HTTP request a page makes, to check that no token ever rides in a URL or a header. */
function recordRequests(page: Page): Request[] {
  const seen: Request[] = [];
  page.on('request', (r) => seen.push(r));
  return seen;
}

function leaks(requests: Request[], tokens: string[]): string[] {
  const out: string[] = [];
  for (const r of requests) {
    const url = r.url();
    // The WebSocket is the one place the token goes in a URL (browsers cannot set its headers).
    if (/\/api\/rooms\/[^/]+\/ws\?token=/.test(url)) continue;
    const headers = Object.entries(r.headers()).filter(([k]) => k !== 'authorization');
    for (const t of tokens) {
      if (url.includes(t)) out.push(`${r.method()} ${url}`);
      for (const [k, v] of headers) if (v.includes(t)) out.push(`${k} header of ${url}`);
    }
  }
  return out;
}

describe.skipIf(!chromiumAvailable)('web client: a peer interview in two browsers', () => {
  let app: TestServer;
  let ivB: TestBrowser;
  let candB: TestBrowser;
  let iv: Page;
  let cand: Page;
  let ivRequests: Request[];
  let candRequests: Request[];
  let roomId = '';
  let tokens: string[] = [];
  const secrets = () => {
    const p = app.bank.byId.get(PROBLEM)!;
    return [...p.facts.map((f) => f.answer), ...p.estimates.map((e) => e.derivation), ...p.deepDives.flatMap((d) => d.probes.map((q) => q.ask))];
  };
  const expectNoSecretsInCandidatePage = async () => {
    const html = await cand.content();
    for (const s of secrets()) expect(html).not.toContain(s);
    expect(await cand.getByTestId('interviewer-kit').count()).toBe(0);
    expect(await cand.getByTestId('kit-facts').count()).toBe(0);
    expect(await cand.getByTestId('scorecard').count()).toBe(0);
  };

  beforeAll(async () => {
    app = await startTestServer();
    ivB = await launchBrowser();
    candB = await launchBrowser();
    iv = ivB.page;
    cand = candB.page;
    ivRequests = recordRequests(iv);
    candRequests = recordRequests(cand);
  });

  afterAll(async () => {
    await ivB?.close();
    await candB?.close();
    await app?.close();
  });

  it('opens a peer interview from the start page and shows the two links to share', async () => {
    await iv.goto(`${app.url}/`);
    await iv.locator('.problem-card').first().waitFor();
    await iv.getByRole('searchbox', { name: 'Search problems' }).fill('short');
    await iv.locator('.problem-card', { hasText: 'URL Shortener' }).click();
    await iv.getByRole('radio', { name: /^senior/i }).check();
    await iv.getByLabel('Length', { exact: true }).fill('20');
    await iv.getByRole('heading', { name: 'Open a peer room' }).evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await snap(iv, 'rooms-start');
    await iv.getByRole('button', { name: 'Open a peer interview' }).click();
    const dialog = iv.locator('dialog.room-links-dialog');
    await dialog.getByRole('heading', { name: 'Your peer interview is ready' }).waitFor();
    const candidateLink = await dialog.getByTestId('candidate-link').locator('input').inputValue();
    const interviewerLink = await dialog.getByTestId('interviewer-link').locator('input').inputValue();
    expect(candidateLink).toMatch(new RegExp(`^${app.url}/#/rooms/[A-Za-z0-9_-]+\\?token=[A-Za-z0-9_-]{32,}$`));
    expect(interviewerLink).not.toBe(candidateLink);
    roomId = candidateLink.match(/#\/rooms\/([^?]+)/)![1]!;
    tokens = [candidateLink, interviewerLink].map((l) => l.split('token=')[1]!);
    expect(interviewerLink).toContain(`#/rooms/${roomId}?token=`);
    // The copy buttons put the link on the clipboard.
    await ivB.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
    await dialog.getByRole('button', { name: 'Copy the candidate link' }).click();
    await dialog.getByTestId('candidate-link').getByRole('button', { name: 'Copy the candidate link' }).getByText('Copied').waitFor();
    expect(await iv.evaluate(() => navigator.clipboard.readText())).toBe(candidateLink);
    await snap(iv, 'rooms-start-links');

    // The interviewer opens theirs; the token leaves the address bar.
    await dialog.getByRole('link', { name: 'Open as interviewer' }).click();
    await joinAs(iv, 'Ivy');
    expect(iv.url()).toBe(`${app.url}/#/rooms/${roomId}`);
    // The candidate opens the other link in another browser.
    await cand.goto(candidateLink);
    await cand.getByRole('heading', { name: 'Join the peer interview on URL Shortener' }).waitFor();
    await joinAs(cand, 'Cid');
    expect(cand.url()).not.toContain('token');
    for (const p of [iv, cand]) {
      await p.getByTestId('presence').getByText('Ivy').waitFor();
      await p.getByTestId('presence').getByText('Cid').waitFor();
    }
    await cand.getByTestId('problem-statement').getByText('Design a URL shortening service.').waitFor();
    await cand.getByTestId('clock-waiting').getByText('Waiting for the interviewer').waitFor();
  });

  it('a rectangle drawn in one page appears in the other, both ways', async () => {
    await drawShape(cand, 'r', [260, 260], [420, 340], 'Redis cache');
    await expect.poll(() => elementCount(cand)).toBe(2);
    await expect.poll(() => elementCount(iv), { timeout: 10_000 }).toBe(2);
    await drawShape(iv, 'r', [520, 260], [660, 340]);
    await expect.poll(() => elementCount(iv)).toBe(3);
    await expect.poll(() => elementCount(cand), { timeout: 10_000 }).toBe(3);
    // The server holds the same scene: the label, and nothing echoed into more versions.
    await expect
      .poll(async () => (await app.api(`/api/rooms/${roomId}`, { token: tokens[0] })).body.elementCount, { timeout: 10_000 })
      .toBe(3);
  });

  it('chat goes both ways', async () => {
    // The interviewer's side pane opens on the kit; the chat is a tab (with an unread count).
    await iv.getByRole('tab', { name: /^Chat/ }).click();
    await roomSay(cand, 'How many new links are created per day?');
    await showsMessage(iv, 'How many new links are created per day?');
    await roomSay(iv, 'About **100 million** a day.');
    await showsMessage(cand, 'About 100 million a day.');
    await expect.poll(() => cand.locator('[data-pending]').count()).toBe(0);
    expect(await cand.locator('article.msg.mine', { hasText: 'How many new links' }).count()).toBe(1);
    expect(await cand.locator('article.msg.theirs', { hasText: 'About 100 million' }).locator('strong').count()).toBe(1);
  });

  it("the interviewer's panel has the hidden facts; the candidate's page never holds them", async () => {
    await iv.getByRole('tab', { name: 'Kit' }).click();
    const facts = iv.getByTestId('kit-facts');
    await facts.waitFor();
    expect(await facts.textContent()).toContain(app.bank.byId.get(PROBLEM)!.facts[0]!.answer);
    await iv.getByRole('button', { name: 'Start the clock' }).click();
    for (const p of [iv, cand]) await p.locator('[data-clock-status="running"]').waitFor();
    // Both see what the current phase expects, and every phase's goal opens from the keyboard.
    for (const p of [iv, cand]) {
      expect(await p.getByTestId('phase-goal').textContent()).toMatch(/^Requirements: /);
      const summary = p.getByText('What each phase expects');
      await summary.focus();
      await p.keyboard.press('Enter');
      expect(await p.getByTestId('phase-goals').locator('li').count()).toBe(5);
      await p.keyboard.press('Escape');
      await expect.poll(() => p.getByTestId('phase-goals').isVisible()).toBe(false);
    }
    await snap(iv, 'rooms-interviewer');
    await snap(cand, 'rooms-candidate');
    await expectNoSecretsInCandidatePage();
  });

  it('a delivered pivot reaches the candidate', async () => {
    const card = app.bank.byId.get(PROBLEM)!.pivots[0]!;
    const row = iv.locator(`[data-pivot="${card.id}"]`);
    await row.getByRole('button', { name: /^Deliver/ }).click();
    await row.getByText('Delivered').waitFor();
    await cand.locator('.pivot-card', { hasText: card.text }).waitFor();
    await cand.getByTestId('pivot-banner').getByText(card.text).waitFor();
    await roomSay(cand, 'With that change I would add a write-behind queue in front of the database.');
    await iv.getByRole('tab', { name: /^Chat/ }).getByText('2').waitFor(); // the pivot card and the answer, unread
    await iv.getByRole('tab', { name: /^Chat/ }).click();
    await showsMessage(iv, 'write-behind queue');
    await expectNoSecretsInCandidatePage();
  });

  it('the interviewer fills the scorecard', async () => {
    await iv.getByRole('tab', { name: /Scorecard/ }).click();
    const card = iv.getByTestId('scorecard');
    for (const [dim, score, notes] of [
      ['requirements', 3, 'Asked about scale before designing.'],
      ['estimation', 2, 'Write rate right, storage not estimated.'],
      ['adaptability', 4, 'Took the pivot in stride.'],
    ] as const) {
      const box = card.locator(`[data-dimension="${dim}"]`);
      await box.locator('label.score-option', { hasText: String(score) }).click();
      await box.getByRole('textbox').fill(notes);
      // Saved as picked and typed: no Save button to forget.
      await box.locator('[data-saved="true"]').waitFor();
    }
    await iv.getByRole('tab', { name: /Scorecard/ }).getByText('3/8').waitFor();
    await snap(iv, 'rooms-scorecard');
    await expect.poll(async () => (await app.rooms.store.scorecard(roomId)).length).toBe(3);
  });

  it('ending shows both the scorecard beside the AI shadow score; the notes reach the candidate only once shared (RIV9)', async () => {
    await iv.getByRole('button', { name: 'End interview' }).click();
    await iv.getByRole('dialog', { name: 'End the interview for everyone?' }).getByRole('button', { name: 'End interview' }).click();
    for (const p of [iv, cand]) {
      const table = p.getByTestId('side-by-side');
      await table.waitFor({ timeout: 20_000 });
      expect(await table.locator('tbody tr').count()).toBe(8);
      await table.locator('tr[data-dimension="adaptability"]').getByRole('img', { name: /^Interviewer, Adaptability.*: 4 out of 4$/ }).waitFor();
      await p.getByTestId('compare-radar').waitFor();
    }
    expect(await cand.getByTestId('interviewer-mean').textContent()).toBe('3.0 / 4');
    // [RIV9] The interviewer's notes are private: the candidate sees the scores, not the notes.
    await iv.getByTestId('side-by-side').locator('tr[data-dimension="requirements"]').getByText('Asked about scale before designing.').waitFor();
    expect(await cand.getByTestId('room-report').textContent()).not.toContain('Asked about scale before designing.');
    await cand.getByText('The interviewer keeps their notes private.').waitFor();
    // Shared from the scorecard tab: now the candidate's report shows them.
    await iv.getByTestId('toggle-report').click();
    await iv.getByRole('tab', { name: /Scorecard/ }).click();
    await iv.getByRole('checkbox', { name: 'Share notes with the candidate' }).check();
    await iv.getByText('The candidate can read your notes in the report.').waitFor();
    await cand.getByTestId('side-by-side').locator('tr[data-dimension="requirements"]').getByText('Asked about scale before designing.').waitFor({ timeout: 10_000 });
    await cand.getByText('The interviewer shared their notes with you.').waitFor();
    await iv.getByTestId('toggle-report').click();
    await iv.getByTestId('side-by-side').waitFor();
    await snap(iv, 'rooms-report-interviewer');
    await cand.getByTestId('room-report').evaluate((el) => el.scrollIntoView());
    await snap(cand, 'rooms-report-candidate');
    // Both can go back to the board, which still syncs (the candidate's while it was hidden).
    await iv.getByTestId('toggle-report').click();
    await iv.locator('.board-pane').waitFor();
    await drawShape(iv, 'r', [300, 420], [460, 500]);
    await expect.poll(() => elementCount(iv)).toBe(4);
    await expect.poll(() => elementCount(cand), { timeout: 10_000 }).toBe(4);
    await cand.getByTestId('toggle-report').click();
    await cand.locator('.board-pane').waitFor();
    await snap(cand, 'rooms-after-end');
    await expectNoSecretsInCandidatePage();
  });

  it('no token ever went in an HTTP URL or header, and no page errors', async () => {
    expect(tokens).toHaveLength(2);
    expect(leaks(ivRequests, tokens)).toEqual([]);
    expect(leaks(candRequests, tokens)).toEqual([]);
    // The room REST calls did carry the token, in the Authorization header.
    expect(candRequests.some((r) => r.url().endsWith(`/api/rooms/${roomId}/report`) && r.headers().authorization === `Bearer ${tokens[0]}`)).toBe(true);
    expect(unexpectedErrors(ivB.errors)).toEqual([]);
    expect(unexpectedErrors(candB.errors)).toEqual([]);
  });
});

describe.skipIf(!chromiumAvailable)('web client: a shared whiteboard through a flaky connection', () => {
  let app: TestServer;
  let proxy: CuttableProxy;
  let a: TestBrowser;
  let b: TestBrowser;

  beforeAll(async () => {
    app = await startTestServer();
    proxy = await startProxy(app.port);
    a = await launchBrowser();
    b = await launchBrowser();
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await proxy?.close();
    await app?.close();
  });

  it('keeps drawing and chat in sync across a dropped connection; the name is remembered', async () => {
    const room = (await app.api('/api/rooms', { body: { mode: 'whiteboard' } })).body as { id: string; url: string; token: string };
    expect(room.url).toBe(`/#/rooms/${room.id}?token=${room.token}`);
    // A goes through the proxy (so its socket can be cut), B straight to the server.
    await a.page.goto(`${proxy.url}${room.url}`);
    await joinAs(a.page, 'Ada');
    // B uses a link of the older shape (`/rooms/<id>#token=…`): it lands on the same room.
    await b.page.goto(`${app.url}/rooms/${room.id}#token=${room.token}`);
    await joinAs(b.page, 'Grace');
    expect(b.page.url()).toBe(`${app.url}/#/rooms/${room.id}`);
    await a.page.getByTestId('presence').getByText('Grace').waitFor();

    await drawShape(a.page, 'r', [240, 240], [400, 330]);
    await expect.poll(() => elementCount(b.page), { timeout: 10_000 }).toBe(1);
    await roomSay(b.page, 'Nice box.');
    await showsMessage(a.page, 'Nice box.');

    // A loses its connection, keeps drawing and writing, then comes back.
    proxy.dropWebSockets();
    await a.page.locator('[data-connection="reconnecting"]').waitFor({ timeout: 10_000 });
    await drawShape(a.page, 'r', [480, 240], [620, 330]);
    await roomSay(a.page, 'Drawn while offline.');
    await a.page.locator('[data-pending]', { hasText: 'Drawn while offline.' }).getByText('will send when the connection is back').waitFor();
    await snap(a.page, 'rooms-whiteboard-offline');
    await roomSay(b.page, 'Said while you were away.');
    proxy.allowWebSockets();
    await a.page.getByRole('button', { name: 'Retry now' }).click({ timeout: 2_000 }).catch(() => {});
    await waitLive(a.page, 20_000);
    await showsMessage(b.page, 'Drawn while offline.');
    await showsMessage(a.page, 'Said while you were away.');
    await expect.poll(() => elementCount(b.page), { timeout: 10_000 }).toBe(2);
    await expect.poll(() => a.page.locator('[data-pending]').count()).toBe(0);
    // Once, not twice.
    expect(await b.page.locator('article.msg', { hasText: 'Drawn while offline.' }).count()).toBe(1);
    // A's pointer shows on B's board as a named collaborator cursor.
    const box = (await a.page.locator('.board-pane').boundingBox())!;
    await a.page.mouse.move(box.x + 700, box.y + 450, { steps: 8 });
    await a.page.mouse.move(box.x + 720, box.y + 470, { steps: 4 });
    await new Promise((r) => setTimeout(r, 400));
    await snap(b.page, 'rooms-whiteboard');

    // A reload: the name is remembered, the token is not in the address bar but in the tab.
    await a.page.reload();
    await waitLive(a.page);
    expect(a.page.url()).toBe(`${proxy.url}/#/rooms/${room.id}`);
    await a.page.getByTestId('presence').getByText('Ada').first().waitFor();
    await expect.poll(() => elementCount(a.page), { timeout: 10_000 }).toBe(2);
    await showsMessage(a.page, 'Said while you were away.');
    // The refused reconnects while the proxy blocked the socket are expected.
    expect(unexpectedErrors(a.errors, [/WebSocket connection to .* failed/])).toEqual([]);
    expect(unexpectedErrors(b.errors)).toEqual([]);
  });

  it('a rectangle sent into a dead connection (no ack ever came) reaches the other peer after the rejoin', async () => {
    const room = (await app.api('/api/rooms', { body: { mode: 'whiteboard' } })).body as { id: string; url: string; token: string };
    const serverCount = async () => (await app.api(`/api/rooms/${room.id}`, { token: room.token })).body.elementCount as number;
    await a.page.goto(`${proxy.url}${room.url}`);
    await joinOrRejoin(a.page, 'Ada');
    await b.page.goto(`${app.url}${room.url}`);
    await joinOrRejoin(b.page, 'Grace');
    await drawShape(a.page, 'r', [240, 240], [400, 330]);
    await expect.poll(() => elementCount(b.page), { timeout: 10_000 }).toBe(1);

    // The network dies under A's open socket: A draws, its client sends, nothing arrives.
    proxy.partitionWebSockets();
    await drawShape(a.page, 'r', [480, 240], [620, 330]);
    await expect.poll(() => elementCount(a.page)).toBe(2);
    await new Promise((r) => setTimeout(r, 1_000)); // well past the 100 ms send throttle
    expect(await serverCount()).toBe(1);
    expect(await elementCount(b.page)).toBe(1);

    // The socket goes; A resumes (lastSeq, a snapshot with full: false) and sends it again.
    proxy.dropWebSockets();
    proxy.allowWebSockets();
    await a.page.locator('[data-connection="reconnecting"]').waitFor({ timeout: 10_000 }).catch(() => {});
    await waitLive(a.page, 20_000);
    await expect.poll(() => elementCount(b.page), { timeout: 10_000 }).toBe(2);
    await expect.poll(serverCount, { timeout: 10_000 }).toBe(2);
    expect(unexpectedErrors(a.errors, [/WebSocket connection to .* failed/])).toEqual([]);
    expect(unexpectedErrors(b.errors)).toEqual([]);
  });
});
