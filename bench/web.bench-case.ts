// The web client's weight and load time. JavaScript sizes come from the build (web/scripts/js-size.ts):
// what the start page loads before any whiteboard code, and everything in the build, gzipped.
// Load times are measured in headless Chromium against the real server started in this process
// (in-memory PGlite, the offline interviewer, loopback only): from navigation start to
// "interactive", median of 5 cold loads (a fresh browser context each, so nothing is cached) after
// one warm-up load.
//   start page interactive:     the start button enabled and the problem list shown
//   interview page interactive: the chat textarea focused and the Excalidraw canvas present
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { parseEnv } from '../server/env.js';
import { createOfflineInterviewer } from '../server/interviewer/offline-interviewer.js';
import { startServer, type RunningServer } from '../server/server.js';
import { ensureWebBuild, WEB_DIST } from '../web/scripts/ensure-build.js';
import { measureJs } from '../web/scripts/js-size.js';
import { summarize } from './support.js';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const LOADS = 5;
const WARM_UP = 1;
const STEP_TIMEOUT_MS = 60_000;

const ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-extensions',
  // Nothing but the loopback address resolves.
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

const kib = (n: number) => Math.round((n / 1024) * 10) / 10;

function isLoopback(url: string): boolean {
  if (/^(data|blob|about):/.test(url)) return true;
  try {
    const host = new URL(url).hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
  } catch {
    return false;
  }
}

/** A fresh context (empty cache and storage) that can only talk to the loopback server. */
async function coldContext(browser: Browser, blocked: string[]): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLoopback(url)) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  return context;
}

async function timeLoads(label: string, load: (i: number) => Promise<number>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < WARM_UP + LOADS; i++) {
    const ms = await load(i);
    if (i >= WARM_UP) times.push(ms);
  }
  if (times.some((t) => !Number.isFinite(t))) throw new Error(`${label}: a load did not report a time`);
  return times;
}

function gzipOf(paths: string[]): number {
  let total = 0;
  for (const p of new Set(paths)) {
    const file = join(WEB_DIST, p.replace(/^\//, ''));
    if (existsSync(file)) total += gzipSync(readFileSync(file), { level: 9 }).length;
  }
  return total;
}

export async function run(): Promise<Record<string, number | string>> {
  if (!existsSync(CHROMIUM)) return { skipped: `no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)` };
  ensureWebBuild(() => {});
  const js = measureJs();

  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const blocked: string[] = [];
  try {
    server = await startServer({
      env: parseEnv({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }),
      database: { kind: 'pglite' }, // in memory
      interviewer: createOfflineInterviewer(),
      log: () => {},
    });
    const base = server.url.replace('localhost', '127.0.0.1');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS, timeout: STEP_TIMEOUT_MS });

    // ---- the start page ----
    const start = await timeLoads('start page', async () => {
      const context = await coldContext(browser!, blocked);
      try {
        const page = await context.newPage();
        await page.goto(`${base}/`, { waitUntil: 'commit', timeout: STEP_TIMEOUT_MS });
        const t = await page.waitForFunction(
          () => {
            const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Start interview');
            return button && !button.disabled && document.querySelector('.problem-card') ? performance.now() : 0;
          },
          undefined,
          { polling: 'raf', timeout: STEP_TIMEOUT_MS },
        );
        return (await t.jsonValue()) as number;
      } finally {
        await context.close();
      }
    });

    // ---- the interview page: a new interview opened in a fresh browser each time ----
    let interviewScripts: string[] = [];
    const interview = await timeLoads('interview page', async () => {
      const res = await fetch(`${base}/api/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ problemId: 'url-shortener', level: 'mid', durationMinutes: 45 }),
      });
      if (res.status !== 201) throw new Error(`creating a session: HTTP ${res.status}`);
      const { id, token } = (await res.json()) as { id: string; token: string };
      const context = await coldContext(browser!, blocked);
      try {
        await context.addInitScript(([key, value]) => localStorage.setItem(key!, value!), [`msd:token:${id}`, token]);
        const page = await context.newPage();
        const scripts: string[] = [];
        page.on('request', (r) => {
          if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
        });
        await page.goto(`${base}/#/interview/${id}`, { waitUntil: 'commit', timeout: STEP_TIMEOUT_MS });
        const t = await page.waitForFunction(
          () => {
            const active = document.activeElement;
            const focused = active instanceof HTMLTextAreaElement && active.closest('.composer') !== null;
            return focused && document.querySelector('.excalidraw canvas.interactive') ? performance.now() : 0;
          },
          undefined,
          { polling: 'raf', timeout: STEP_TIMEOUT_MS },
        );
        interviewScripts = scripts;
        return (await t.jsonValue()) as number;
      } finally {
        await context.close();
      }
    });

    const s = summarize(start);
    const iv = summarize(interview);
    const round = (n: number) => Math.round(n);
    return {
      'js.initial_gzip_kib': kib(js.initial.gzip),
      'js.initial_files': js.initial.files.length,
      'js.initial_has_excalidraw': js.initialWithExcalidraw.length ? js.initialWithExcalidraw.join(' ') : 'no',
      'js.interview_page_gzip_kib': kib(gzipOf(interviewScripts)),
      'js.total_gzip_kib': kib(js.total.gzip),
      'js.total_files': js.total.files,
      'start.interactive_median_ms': round(s.p50),
      'start.interactive_min_ms': round(Math.min(...start)),
      'start.interactive_max_ms': round(Math.max(...start)),
      'interview.interactive_median_ms': round(iv.p50),
      'interview.interactive_min_ms': round(Math.min(...interview)),
      'interview.interactive_max_ms': round(Math.max(...interview)),
      loads: `${LOADS} cold loads each after ${WARM_UP} warm-up, headless Chromium, 1280x800`,
      'requests.blocked_non_loopback': blocked.length,
    };
  } finally {
    await browser?.close().catch(() => {});
    await server?.close().catch(() => {});
  }
}
