// Bench case: peer rooms. `run()` starts the rooms server in a child process (in-memory PGlite; the
// same code as `npm start`: server/rooms via startRooms) and a bare `ws` broadcast relay next to
// it, then drives both from this process over loopback:
//   - fan-out: 100 rooms x 5 peers, each peer editing one element 10 times a second for 5 s;
//     delivered element updates per second and fan-out latency p50/p99, rooms vs bare relay;
//   - bytes on the wire for one single-element edit in a scene of 10 and of 2,000 elements;
//   - bytes and messages for a newcomer joining a room of 5 (10- and 2,000-element scenes);
//   - server memory per connection (RSS and heap delta / connections, after GC);
//   - the server's event-loop lag p99 under each load (embedded PGlite runs in its own worker
//     thread, SAFE18; BENCH_PGLITE_THREAD=main puts it back on the server's thread to compare).
// Bounded: every wait has a timeout; about 30 s on two cores.
import { type ChildProcess, spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import WebSocket, { WebSocketServer } from 'ws';
import { EXCALIDRAW_STYLE } from '../tests/support/excalidraw.js';

const CHILD_FLAG = '--rooms-bench-server';
const ROOMS = 100;
const PEERS = 5;
const EDITS_PER_S = 10;
const LOAD_MS = 5_000;
const DRAIN_MS = 1_500;

type Msg = { type: string; [k: string]: any };

// ---- the child: rooms server + bare relay ---------------------------------------------------

async function serveForBench(): Promise<void> {
  const { serve } = await import('@hono/node-server');
  const { Hono } = await import('hono');
  const { openDatabase } = await import('../server/db/client.js');
  const { loadProblemBank } = await import('../server/content/problem-bank.js');
  const { startRooms } = await import('../server/rooms/index.js');

  const database = await openDatabase({ kind: 'pglite', thread: process.env.BENCH_PGLITE_THREAD === 'main' ? 'main' : 'worker' });
  const rooms = startRooms({ database, bank: loadProblemBank(), clock: { now: () => Date.now() }, clockSpeed: 1, tickMs: 1000, log: () => {} });
  const app = new Hono();
  rooms.routes(app);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  server.on('upgrade', (req, socket, head) => {
    if (!rooms.upgrade(req, socket, head)) socket.destroy();
  });

  // The baseline: forwards every message as is to the other sockets of the same path.
  const relay = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  const groups = new Map<string, Set<WebSocket>>();
  relay.on('connection', (ws, req) => {
    const key = req.url ?? '/';
    let set = groups.get(key);
    if (!set) groups.set(key, (set = new Set()));
    set.add(ws);
    ws.on('message', (data, isBinary) => {
      for (const other of set!) if (other !== ws && other.readyState === WebSocket.OPEN) other.send(data, { binary: isBinary });
    });
    ws.on('close', () => set!.delete(ws));
  });
  await new Promise<void>((r) => relay.once('listening', () => r()));

  const memory = () => {
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    return { rss: m.rss, heapUsed: m.heapUsed };
  };
  const { monitorEventLoopDelay } = await import('node:perf_hooks');
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  process.on('message', async (m: { cmd: string }) => {
    if (m.cmd === 'lag') {
      process.send!({ lag: { p50: lag.percentile(50) / 1e6, p99: lag.percentile(99) / 1e6, max: lag.max / 1e6 } });
      lag.reset();
    }
    if (m.cmd === 'memory') process.send!({ memory: memory() });
    if (m.cmd === 'stop') {
      await rooms.close().catch(() => {});
      relay.close();
      server.close();
      await database.close().catch(() => {});
      process.exit(0);
    }
  });
  process.send!({ ready: { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, relay: `ws://127.0.0.1:${(relay.address() as AddressInfo).port}` } });
}

if (process.argv.includes(CHILD_FLAG)) void serveForBench();

// ---- the driver -----------------------------------------------------------------------------

interface Child {
  proc: ChildProcess;
  url: string;
  relay: string;
  ask<T>(cmd: string, key: string): Promise<T>;
}

function startChild(): Promise<Child> {
  const file = fileURLToPath(import.meta.url);
  const root = fileURLToPath(new URL('..', import.meta.url));
  const proc = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', file, CHILD_FLAG], { cwd: root, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return withTimeout(
    new Promise<Child>((resolve, reject) => {
      proc.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
      proc.on('message', function ready(m: any) {
        if (!m.ready) return;
        proc.off('message', ready);
        resolve({
          proc,
          url: m.ready.url,
          relay: m.ready.relay,
          ask: (cmd, key) =>
            withTimeout(
              new Promise((res) => {
                const on = (r: any) => {
                  if (key in r) {
                    proc.off('message', on);
                    res(r[key]);
                  }
                };
                proc.on('message', on);
                proc.send({ cmd });
              }),
              10_000,
              cmd,
            ),
        });
      });
    }),
    60_000,
    'bench server start',
  );
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An Excalidraw rectangle with the fields Excalidraw really sends (about 500 bytes of JSON). */
function element(id: string, version: number, extra: Record<string, unknown> = {}) {
  return {
    id,
    type: 'rectangle',
    x: 120.5 + version,
    y: 340.25,
    width: 180,
    height: 90,
    ...EXCALIDRAW_STYLE,
    index: `a${id.length}`,
    roundness: { type: 3 },
    seed: 1_234_567,
    version,
    versionNonce: Math.floor(Math.random() * 2 ** 31),
    updated: 1_764_000_000_000,
    ...extra,
  };
}

async function createRoom(url: string): Promise<{ id: string; token: string }> {
  const res = await fetch(`${url}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  if (res.status !== 201) throw new Error(`create room: ${res.status}`);
  return (await res.json()) as { id: string; token: string };
}

interface Client {
  ws: WebSocket;
  frames: Msg[];
  keep: boolean;
  onFrame?: (m: Msg, bytes: number) => void;
  wait(pred: (m: Msg) => boolean, ms?: number): Promise<Msg>;
  bytesRead(): number;
  bytesWritten(): number;
}

function open(url: string, keep = true): Promise<Client> {
  return withTimeout(
    new Promise<Client>((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      const waiters: Array<{ pred: (m: Msg) => boolean; resolve: (m: Msg) => void }> = [];
      const c: Client = {
        ws,
        frames: [],
        keep,
        wait: (pred, ms = 10_000) => {
          const seen = c.frames.find(pred);
          if (seen) return Promise.resolve(seen);
          return withTimeout(new Promise((res) => waiters.push({ pred, resolve: res })), ms, 'frame');
        },
        bytesRead: () => (ws as unknown as { _socket: { bytesRead: number } })._socket.bytesRead,
        bytesWritten: () => (ws as unknown as { _socket: { bytesWritten: number } })._socket.bytesWritten,
      };
      ws.on('message', (data: Buffer) => {
        const m = JSON.parse(data.toString()) as Msg;
        if (c.keep) c.frames.push(m);
        c.onFrame?.(m, data.length);
        for (const w of [...waiters]) {
          if (w.pred(m)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(m);
          }
        }
      });
      ws.once('open', () => resolve(c));
      ws.once('error', reject);
    }),
    15_000,
    'connect',
  );
}

async function joinRoom(base: string, room: { id: string; token: string }, name: string, keep = true): Promise<Client> {
  const c = await open(`${base.replace('http', 'ws')}/api/rooms/${room.id}/ws?token=${room.token}`, keep);
  c.ws.send(JSON.stringify({ type: 'join', name }));
  await c.wait((m) => m.type === 'snapshot');
  return c;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Every peer edits its own element EDITS_PER_S times a second; receivers time each update. */
async function drive(groups: Client[][], frame: (id: string, version: number) => string): Promise<{ perSecond: number; p50: number; p99: number; sent: number; delivered: number }> {
  const latencies: number[] = [];
  let delivered = 0;
  for (const group of groups) {
    for (const c of group) {
      c.keep = false;
      c.onFrame = (m) => {
        if (m.type !== 'scene') return;
        const now = performance.now();
        for (const e of m.elements as Array<{ customData?: { t?: number } }>) {
          const t = e.customData?.t;
          if (t === undefined) continue;
          delivered++;
          latencies.push(now - t);
        }
      };
    }
  }
  let sent = 0;
  const start = performance.now();
  const timers: NodeJS.Timeout[] = [];
  groups.forEach((group, gi) =>
    group.forEach((c, pi) => {
      let version = 1;
      const id = `g${gi}p${pi}`;
      const tick = () => {
        if (performance.now() - start >= LOAD_MS) return;
        if (c.ws.readyState === WebSocket.OPEN) {
          c.ws.send(frame(id, ++version));
          sent++;
        }
      };
      // Spread the peers over the 100 ms period so the load is even.
      const offset = Math.floor(((gi * PEERS + pi) * (1000 / EDITS_PER_S)) / (groups.length * PEERS));
      timers.push(setTimeout(() => timers.push(setInterval(tick, 1000 / EDITS_PER_S)), offset));
    }),
  );
  await sleep(LOAD_MS);
  await sleep(DRAIN_MS);
  for (const t of timers) clearInterval(t);
  latencies.sort((a, b) => a - b);
  return { perSecond: delivered / (LOAD_MS / 1000), p50: percentile(latencies, 50), p99: percentile(latencies, 99), sent, delivered };
}

async function fanOut(child: Child, out: Record<string, number | string>): Promise<void> {
  const rooms = await Promise.all(Array.from({ length: ROOMS }, () => createRoom(child.url)));
  const before = await child.ask<{ rss: number; heapUsed: number }>('memory', 'memory');
  const groups: Client[][] = [];
  for (let i = 0; i < rooms.length; i += 10) {
    const batch = await Promise.all(rooms.slice(i, i + 10).map((r, j) => Promise.all(Array.from({ length: PEERS }, (_, p) => joinRoom(child.url, r, `peer ${i + j}.${p}`)))));
    groups.push(...batch);
  }
  const after = await child.ask<{ rss: number; heapUsed: number }>('memory', 'memory');
  const connections = ROOMS * PEERS;
  out['memory.connections'] = connections;
  out['memory.rss_kb_per_connection'] = round((after.rss - before.rss) / 1024 / connections, 1);
  out['memory.heap_kb_per_connection'] = round((after.heapUsed - before.heapUsed) / 1024 / connections, 1);

  await child.ask('lag', 'lag');
  const rooms5 = await drive(groups, (id, version) => JSON.stringify({ type: 'scene', elements: [element(id, version, { customData: { t: performance.now() } })] }));
  const roomsLag = await child.ask<{ p50: number; p99: number }>('lag', 'lag');
  for (const g of groups) for (const c of g) c.ws.close();

  const relayGroups: Client[][] = [];
  for (let r = 0; r < ROOMS; r++) relayGroups.push(await Promise.all(Array.from({ length: PEERS }, () => open(`${child.relay}/room-${r}`, false))));
  await child.ask('lag', 'lag');
  const relay = await drive(relayGroups, (id, version) => JSON.stringify({ type: 'scene', elements: [element(id, version, { customData: { t: performance.now() } })] }));
  const relayLag = await child.ask<{ p50: number; p99: number }>('lag', 'lag');
  for (const g of relayGroups) for (const c of g) c.ws.close();

  const ideal = ROOMS * PEERS * EDITS_PER_S * (PEERS - 1);
  out['fanout.pglite_thread'] = process.env.BENCH_PGLITE_THREAD === 'main' ? 'main (baseline)' : 'worker';
  out['fanout.load'] = `${ROOMS} rooms x ${PEERS} peers x ${EDITS_PER_S} edits/s for ${LOAD_MS / 1000} s (ideal ${ideal} updates/s)`;
  out['fanout.rooms.updates_per_s'] = Math.round(rooms5.perSecond);
  out['fanout.rooms.p50_ms'] = round(rooms5.p50);
  out['fanout.rooms.p99_ms'] = round(rooms5.p99);
  out['fanout.rooms.server_loop_lag_p99_ms'] = round(roomsLag.p99);
  out['fanout.relay.updates_per_s'] = Math.round(relay.perSecond);
  out['fanout.relay.p50_ms'] = round(relay.p50);
  out['fanout.relay.p99_ms'] = round(relay.p99);
  out['fanout.relay.server_loop_lag_p99_ms'] = round(relayLag.p99);
  out['fanout.ratio.throughput'] = round(rooms5.perSecond / relay.perSecond, 3);
  out['fanout.ratio.p50'] = round(rooms5.p50 / relay.p50, 2);
  out['fanout.ratio.p99'] = round(rooms5.p99 / relay.p99, 2);
}

/** Bytes on the wire (TCP payload incl. WebSocket framing) for one single-element edit. */
async function bytesPerEdit(child: Child, sceneSize: number, out: Record<string, number | string>): Promise<void> {
  const room = await createRoom(child.url);
  const a = await joinRoom(child.url, room, 'editor');
  const b = await joinRoom(child.url, room, 'viewer');
  const scene = Array.from({ length: sceneSize }, (_, i) => element(`el${i}`, 1));
  a.ws.send(JSON.stringify({ type: 'scene', elements: scene }));
  await b.wait((m) => m.type === 'scene' && m.elements.length === sceneSize, 20_000);
  await a.wait((m) => m.type === 'ack');
  await sleep(100);
  a.frames.length = 0;
  b.frames.length = 0;
  const up0 = a.bytesWritten();
  const ack0 = a.bytesRead();
  const down0 = b.bytesRead();
  a.ws.send(JSON.stringify({ type: 'scene', elements: [element('el5', 2, { x: 999 })] }));
  await b.wait((m) => m.type === 'scene');
  await a.wait((m) => m.type === 'ack');
  await sleep(50);
  out[`edit.scene${sceneSize}.up_bytes`] = a.bytesWritten() - up0;
  out[`edit.scene${sceneSize}.down_bytes_per_peer`] = b.bytesRead() - down0;
  out[`edit.scene${sceneSize}.ack_bytes`] = a.bytesRead() - ack0;

  // A newcomer to a room of 5 with this scene.
  const others = [a, b, ...(await Promise.all([0, 1, 2].map((i) => joinRoom(child.url, room, `peer ${i}`))))];
  await sleep(100);
  const counts = others.map((c) => c.frames.length);
  const n = await open(`${child.url.replace('http', 'ws')}/api/rooms/${room.id}/ws?token=${room.token}`);
  const read0 = n.bytesRead();
  n.ws.send(JSON.stringify({ type: 'join', name: 'newcomer' }));
  await n.wait((m) => m.type === 'snapshot', 20_000);
  await sleep(300);
  out[`newcomer.scene${sceneSize}.messages`] = n.frames.length;
  out[`newcomer.scene${sceneSize}.bytes`] = n.bytesRead() - read0;
  out[`newcomer.scene${sceneSize}.messages_to_each_existing_peer`] = Math.max(...others.map((c, i) => c.frames.length - counts[i]!));
  for (const c of [...others, n]) c.ws.close();
}

export async function run(): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};
  const child = await startChild();
  try {
    await fanOut(child, out);
    await bytesPerEdit(child, 10, out);
    await bytesPerEdit(child, 2_000, out);
  } finally {
    child.proc.send({ cmd: 'stop' });
    await Promise.race([new Promise((r) => child.proc.once('exit', r)), sleep(5_000)]);
    if (child.proc.exitCode === null) child.proc.kill('SIGKILL');
  }
  return out;
}
