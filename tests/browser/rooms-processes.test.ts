// End to end in Chromium against real server processes (`node --import tsx server/main.ts`, the
// way `npm start` runs it, serving the built web client): two people in two browsers draw and
// talk in one room through its link, (1) across a kill -9 and a restart of the server on the same
// port and data (PGlite in DATA_DIR, or the CI PostgreSQL when DATABASE_URL is set), the pages
// reconnecting by themselves, and (2) with each page on a different one of two processes sharing
// one PostgreSQL. tests/rooms/rooms-processes.test.ts and rooms-crash.test.ts prove the same with
// WebSocket clients; this is the browser proof of the "Done means".
import { createServer, type AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, testDatabase, usingPostgres } from '../support/app.js';
import { chromiumAvailable, launchBrowser, type TestBrowser } from '../support/browser.js';
import { spawnServer, type ServerProcess } from '../support/process.js';
import { drawShape, elementCount, snap, unexpectedErrors, waitLive } from './interview-driver.js';
import { joinAs, roomSay, showsMessage } from './room-driver.js';

// A process boots tsx, the database and the migrations: 10-30 s on a busy two-core machine.
const BOOT_MS = 120_000;
/** What a page logs while its server is gone: refused sockets and a refused REST look-up. */
const SERVER_DOWN = [/WebSocket connection to .* failed/, /ERR_CONNECTION_REFUSED/];

interface Room {
  id: string;
  url: string;
  token: string;
}

/** A port nothing listens on right now (so a restarted process can take the same one again). */
async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/** The database the spawned process uses: PGlite in `dataDir`, or the CI PostgreSQL. */
function databaseEnv(dataDir: string): Record<string, string> {
  const target = testDatabase(dataDir);
  return { DATA_DIR: dataDir, ...(target.kind === 'postgres' ? { DATABASE_URL: target.url } : {}) };
}

async function createWhiteboard(server: ServerProcess): Promise<Room> {
  const res = await server.api('/api/rooms', { body: { mode: 'whiteboard' } });
  if (res.status !== 201) throw new Error(`create room: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Room;
}

async function serverElementCount(server: ServerProcess, room: Room): Promise<number> {
  return (await server.api(`/api/rooms/${room.id}`, { token: room.token })).body.elementCount as number;
}

async function seesPeers(page: Page, names: string[]) {
  const presence = page.getByTestId('presence');
  for (const name of names) await presence.locator('.presence-peer', { hasText: name }).waitFor({ timeout: 15_000 });
  await expect.poll(() => presence.locator('.presence-peer').count(), { timeout: 15_000 }).toBe(names.length);
}

/** Exactly one durable copy of the message (a resend after the reconnect must not duplicate it). */
async function showsOnce(page: Page, text: string) {
  await showsMessage(page, text);
  expect(await page.locator('.room-chat article.msg', { hasText: text }).count(), `"${text}" shown once`).toBe(1);
}

describe.skipIf(!chromiumAvailable)(`web client: a shared whiteboard across a server restart (${usingPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  const dataDir = tempDir('rooms-browser-restart-');
  let port = 0;
  let server: ServerProcess | undefined;
  let firstUrl = '';
  let a: TestBrowser;
  let b: TestBrowser;
  let room: Room;

  const boot = async () => {
    server = await spawnServer({ PORT: String(port), ...databaseEnv(dataDir) });
    return server;
  };

  beforeAll(async () => {
    port = await freePort();
    const [s, ada, grace] = await Promise.all([boot(), launchBrowser(), launchBrowser()]);
    firstUrl = s.url;
    a = ada;
    b = grace;
  }, BOOT_MS);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await server?.kill();
  });

  it('two pages join through the link, draw and talk', async () => {
    const s = server!;
    expect((await s.api('/api/health')).body.db).toBe(usingPostgres ? 'postgres' : 'pglite');
    expect(s.url).toBe(`http://127.0.0.1:${port}`);
    room = await createWhiteboard(s);
    await a.page.goto(`${s.url}${room.url}`);
    await joinAs(a.page, 'Ada');
    await b.page.goto(`${s.url}${room.url}`);
    await joinAs(b.page, 'Grace');
    for (const p of [a.page, b.page]) await seesPeers(p, ['Ada', 'Grace']);

    await drawShape(a.page, 'r', [240, 240], [400, 330]);
    await expect.poll(() => elementCount(a.page)).toBe(1);
    await expect.poll(() => elementCount(b.page), { timeout: 10_000 }).toBe(1);
    await roomSay(b.page, 'I see your box, Ada.');
    await showsMessage(a.page, 'I see your box, Ada.');
    await roomSay(a.page, 'It is the load balancer.');
    await showsMessage(b.page, 'It is the load balancer.');
    await expect.poll(() => a.page.locator('[data-pending]').count()).toBe(0);
    await expect.poll(() => serverElementCount(s, room), { timeout: 10_000 }).toBe(1);
    await snap(b.page, 'rooms-restart-before');
  }, 90_000);

  it('kill -9, then a restart on the same port and data: both pages reconnect by themselves, drawing and chat intact', async () => {
    await server!.kill();
    server = undefined;
    // Both pages notice the server is gone.
    for (const p of [a.page, b.page]) await p.locator('[data-connection="reconnecting"]').waitFor({ timeout: 15_000 });
    await snap(a.page, 'rooms-restart-server-down');

    const s = await boot();
    expect(s.url).toBe(firstUrl);
    // The restarted process has the room, its scene and its chat from the database.
    expect((await s.api(`/api/rooms/${room.id}`, { token: room.token })).status).toBe(200);
    // No reload, no click: the pages' own backoff brings them back (at most ~10 s between tries).
    for (const p of [a.page, b.page]) await waitLive(p, 60_000);
    for (const p of [a.page, b.page]) {
      await seesPeers(p, ['Ada', 'Grace']);
      expect(await elementCount(p)).toBe(1);
      await showsOnce(p, 'I see your box, Ada.');
      await showsOnce(p, 'It is the load balancer.');
    }
    expect(await serverElementCount(s, room)).toBe(1);
    await snap(a.page, 'rooms-restart-after');
  }, BOOT_MS);

  it('after the restart they keep drawing and talking, and a reload loads it all from the server', async () => {
    const s = server!;
    await drawShape(b.page, 'r', [480, 240], [620, 330]);
    await expect.poll(() => elementCount(b.page)).toBe(2);
    await expect.poll(() => elementCount(a.page), { timeout: 10_000 }).toBe(2);
    await roomSay(a.page, 'Back after the restart.');
    await showsOnce(b.page, 'Back after the restart.');
    await roomSay(b.page, 'Me too, with a second box.');
    await showsOnce(a.page, 'Me too, with a second box.');
    await expect.poll(() => serverElementCount(s, room), { timeout: 10_000 }).toBe(2);

    // The scene is not kept in the page: a reload gets both boxes and the whole chat from the server.
    await b.page.reload();
    await waitLive(b.page, 20_000);
    await expect.poll(() => elementCount(b.page), { timeout: 10_000 }).toBe(2);
    for (const text of ['I see your box, Ada.', 'It is the load balancer.', 'Back after the restart.', 'Me too, with a second box.']) await showsOnce(b.page, text);
    await snap(a.page, 'rooms-restart-drawing-on');
    expect(unexpectedErrors(a.errors, SERVER_DOWN)).toEqual([]);
    expect(unexpectedErrors(b.errors, SERVER_DOWN)).toEqual([]);
  }, 90_000);
});

if (!usingPostgres) console.log('rooms-processes (browser): DATABASE_URL is not set; the two-process PostgreSQL browser test is skipped');

describe.skipIf(!chromiumAvailable || !usingPostgres)('web client: one room, two server processes, one PostgreSQL', () => {
  const nodes: ServerProcess[] = [];
  let nodeA: ServerProcess;
  let nodeB: ServerProcess;
  let a: TestBrowser;
  let b: TestBrowser;

  beforeAll(async () => {
    const started = await Promise.allSettled([
      spawnServer(databaseEnv(tempDir('rooms-browser-node-a-'))),
      spawnServer(databaseEnv(tempDir('rooms-browser-node-b-'))),
      launchBrowser(),
      launchBrowser(),
    ]);
    const [sa, sb, ba, bb] = started;
    for (const r of [sa, sb]) if (r!.status === 'fulfilled') nodes.push(r!.value as ServerProcess);
    if (ba!.status === 'fulfilled') a = ba!.value as TestBrowser;
    if (bb!.status === 'fulfilled') b = bb!.value as TestBrowser;
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    [nodeA, nodeB] = nodes as [ServerProcess, ServerProcess];
  }, BOOT_MS);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await Promise.all(nodes.map((n) => n.kill()));
  });

  it('Ada on process A and Grace on process B draw and talk through one room link', async () => {
    for (const n of [nodeA, nodeB]) expect((await n.api('/api/health')).body.db).toBe('postgres');
    expect(nodeA.url).not.toBe(nodeB.url);
    const room = await createWhiteboard(nodeA);
    await a.page.goto(`${nodeA.url}${room.url}`);
    await joinAs(a.page, 'Ada');
    await b.page.goto(`${nodeB.url}${room.url}`);
    await joinAs(b.page, 'Grace');
    expect(new URL(a.page.url()).port).toBe(new URL(nodeA.url).port);
    expect(new URL(b.page.url()).port).toBe(new URL(nodeB.url).port);
    // Presence crosses the processes: both names in both pages.
    for (const p of [a.page, b.page]) await seesPeers(p, ['Ada', 'Grace']);

    await drawShape(a.page, 'r', [240, 240], [400, 330]);
    await expect.poll(() => elementCount(a.page)).toBe(1);
    await expect.poll(() => elementCount(b.page), { timeout: 15_000 }).toBe(1);
    await drawShape(b.page, 'r', [480, 240], [620, 330]);
    await expect.poll(() => elementCount(b.page)).toBe(2);
    await expect.poll(() => elementCount(a.page), { timeout: 15_000 }).toBe(2);

    await roomSay(a.page, 'Hello from process A.');
    await showsOnce(b.page, 'Hello from process A.');
    await roomSay(b.page, 'Hello back from process B.');
    await showsOnce(a.page, 'Hello back from process B.');
    await expect.poll(() => a.page.locator('[data-pending]').count()).toBe(0);
    await expect.poll(() => b.page.locator('[data-pending]').count()).toBe(0);
    // Both processes hold the same scene.
    for (const n of [nodeA, nodeB]) await expect.poll(() => serverElementCount(n, room), { timeout: 10_000 }).toBe(2);
    await snap(a.page, 'rooms-two-processes-a');
    await snap(b.page, 'rooms-two-processes-b');
    expect(unexpectedErrors(a.errors)).toEqual([]);
    expect(unexpectedErrors(b.errors)).toEqual([]);
  }, 90_000);
});
