// Browser tests: Debian's chromium driven by playwright-core, the real server serving the real
// web build, screenshots checked for blankness, and a TCP proxy that can cut the connection.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createOfflineInterviewer } from '../../server/interviewer/offline-interviewer.js';
import type { Interviewer } from '../../server/interviewer/types.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM_PATH);
export const ARTIFACTS = resolve(process.cwd(), 'test-artifacts');

if (!chromiumAvailable) {
  if (process.env.CI) {
    throw new Error(`Browser tests need Chromium at ${CHROMIUM_PATH} and CI is set: install it (apt-get install -y chromium) instead of skipping the end-to-end tests.`);
  }
  console.warn(`\n[browser tests] SKIPPED: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH). The end-to-end tests in tests/browser/ did not run.\n`);
}

const ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  /** Browser console errors and page errors seen so far. */
  errors: string[];
  close(): Promise<void>;
}

export async function launchBrowser(viewport = { width: 1280, height: 800 }): Promise<TestBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'msd-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  return {
    context,
    page,
    errors,
    async close() {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

// ---- an interviewer that streams like a model ------------------------------------------------

export interface StreamingInterviewer extends Interviewer {
  /** Lets a reply held by `holdWhen` stream on. */
  releaseHeld(): void;
}

/**
 * The offline interviewer's words, streamed a piece at a time with a pause (as a model would), so
 * the page's streaming display can be seen. A reply to a message matching `noticeWhen` carries a
 * fallback notice, as when the model failed and the built-in interviewer answered. A reply to a
 * message matching `holdWhen` stops after `holdAfterPieces` pieces until `releaseHeld()`: a test
 * can then look at a half-streamed reply without racing the stream.
 */
export function streamingInterviewer(
  o: { msPerPiece?: number; noticeWhen?: RegExp; holdWhen?: RegExp; holdAfterPieces?: number } = {},
): StreamingInterviewer {
  const offline = createOfflineInterviewer();
  let release: (() => void) | null = null;
  let released = false;
  return {
    name: 'offline',
    releaseHeld() {
      released = true;
      release?.();
    },
    async respond(input, options) {
      const out = await offline.respond(input);
      const last = input.recentTurns[input.recentTurns.length - 1]?.text ?? '';
      const hold = o.holdWhen?.test(last) ?? false;
      const pieces = out.text.match(/\S+\s*/g) ?? [out.text];
      for (const [i, piece] of pieces.entries()) {
        if (hold && i === (o.holdAfterPieces ?? 3) && !released) await new Promise<void>((r) => (release = r));
        options?.onDelta?.(piece);
        await new Promise((r) => setTimeout(r, o.msPerPiece ?? 25));
      }
      return o.noticeWhen?.test(last) ? { ...out, notice: 'The model did not answer in time; the built-in interviewer replied to this turn.' } : out;
    },
  };
}

// ---- screenshots ------------------------------------------------------------------------------

export async function screenshot(page: Page, name: string): Promise<Buffer> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const buf = await page.screenshot({ fullPage: false });
  writeFileSync(join(ARTIFACTS, `${name}.png`), buf);
  return buf;
}

/** Decodes an 8-bit RGB/RGBA PNG (what Chromium writes) to luminance statistics. */
export function pngStats(png: Buffer): { width: number; height: number; stddev: number; distinctColors: number } {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let colorType = 0;
  let bitDepth = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const len = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      bitDepth = data[8]!;
      colorType = data[9]!;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    offset += 12 + len;
  }
  if (bitDepth !== 8 || (colorType !== 2 && colorType !== 6)) throw new Error(`unsupported PNG (depth ${bitDepth}, colour type ${colorType})`);
  const bpp = colorType === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? pixels[y * stride + x - bpp]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const c = x >= bpp && y > 0 ? pixels[(y - 1) * stride + x - bpp]! : 0;
      let v = line[x]!;
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      pixels[y * stride + x] = v & 0xff;
    }
  }
  let sum = 0;
  let sumSq = 0;
  const colors = new Set<number>();
  const n = width * height;
  for (let i = 0; i < n; i++) {
    const r = pixels[i * bpp]!;
    const g = pixels[i * bpp + 1]!;
    const b = pixels[i * bpp + 2]!;
    const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    sum += lum;
    sumSq += lum * lum;
    if (colors.size < 5000) colors.add((r << 16) | (g << 8) | b);
  }
  const mean = sum / n;
  return { width, height, stddev: Math.sqrt(Math.max(0, sumSq / n - mean * mean)), distinctColors: colors.size };
}

// ---- a TCP proxy that can drop the page's WebSocket ------------------------------------------

export interface CuttableProxy {
  port: number;
  url: string;
  /** Closes the open WebSocket connections and refuses new ones until allowWebSockets(). */
  dropWebSockets(): void;
  allowWebSockets(): void;
  /** Keeps WebSocket connections open but drops what the server sends (a lost ack). */
  muteWebSockets(): void;
  /**
   * Keeps WebSocket connections open but drops everything, both ways, as a dead Wi-Fi does: a
   * frame the page "sent" never reaches the server. New connections are not affected.
   */
  partitionWebSockets(): void;
  close(): Promise<void>;
}

interface Piped {
  client: Socket;
  upstream: Socket;
  ws: boolean;
  muted: boolean;
  /** Nothing from the page reaches the server either. */
  dead: boolean;
}

export async function startProxy(targetPort: number): Promise<CuttableProxy> {
  const conns = new Set<Piped>();
  let blockWs = false;
  const kill = (c: Piped) => {
    c.client.destroy();
    c.upstream.destroy();
    conns.delete(c);
  };
  const server: Server = createServer((client) => {
    const c: Piped = { client, upstream: connect(targetPort, '127.0.0.1'), ws: false, muted: false, dead: false };
    conns.add(c);
    client.on('data', (chunk: Buffer) => {
      if (!c.ws && /^GET \S*\/ws\?/m.test(chunk.toString('latin1', 0, 300))) {
        c.ws = true;
        if (blockWs) return kill(c);
      }
      if (!c.dead) c.upstream.write(chunk);
    });
    c.upstream.on('data', (chunk: Buffer) => {
      if (!c.muted && !c.dead) client.write(chunk);
    });
    client.on('error', () => kill(c)).on('close', () => kill(c));
    c.upstream.on('error', () => kill(c)).on('close', () => kill(c));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    dropWebSockets() {
      blockWs = true;
      for (const c of [...conns]) if (c.ws) kill(c);
    },
    allowWebSockets() {
      blockWs = false;
    },
    muteWebSockets() {
      for (const c of conns) if (c.ws) c.muted = true;
    },
    partitionWebSockets() {
      for (const c of conns) if (c.ws) c.dead = true;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const c of [...conns]) kill(c);
        server.close(() => r());
      }),
  };
}
