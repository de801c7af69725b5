// Composition root: builds the services from configuration, serves HTTP and WebSocket on one
// port, runs the interview clock. `npm start` and the integration tests both start it this way.
import type { AddressInfo } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { WebSocketServer } from 'ws';
import OpenAI from 'openai';
import { ReportService } from './app/report-service.js';
import { SessionService } from './app/session-service.js';
import { AppError } from './platform/errors.js';
import type { WallClock } from './platform/clock.js';
import { loadRubric } from './scoring/rules/rubric.js';
import { loadProblemBank, type ProblemBank } from './content/problem-bank.js';
import { openDatabase, type Database, type DatabaseTarget } from './db/client.js';
import { ComputePool } from './workers/compute-pool.js';
import { createSessionStore } from './db/session-store.js';
import { createBoardTimelineStore } from './db/board-timeline-store.js';
import { BoardRecorder } from './app/board-recorder.js';
import { type Env, modelConfigured } from './env.js';
import { createApp } from './http/app.js';
import { mountWebClient } from './http/static.js';
import { withFallback } from './interviewer/fallback.js';
import { createOfflineInterviewer } from './interviewer/offline-interviewer.js';
import { createOpenAIInterviewer } from './interviewer/openai-interviewer.js';
import type { Interviewer } from './interviewer/types.js';
import { LIMITS } from './protocol/index.js';
import { handleSessionSocket } from './ws/session-socket.js';
import { startRooms, type Rooms } from './rooms/index.js';
import { ClientLimits, isRefusal, limitSettings, refusalResponse } from './app/client-limits.js';
import { errorSummary, originChecker } from './http/hardening.js';
import { TokenPolicy } from './app/token-policy.js';
import { HistoryService } from './app/history-service.js';
import { createHistoryStore } from './db/history-store.js';
import { historyRoutes } from './http/history-routes.js';

export interface RunningServer {
  url: string;
  port: number;
  app: Hono;
  db: Database;
  bank: ProblemBank;
  sessions: SessionService;
  reports: ReportService;
  /** Peer rooms (server/rooms). */
  rooms: Rooms;
  close(): Promise<void>;
}

export interface StartOptions {
  env: Env;
  /** Overrides the database the env names (tests pass an in-memory PGlite). */
  database?: DatabaseTarget;
  clock?: WallClock;
  interviewer?: Interviewer;
  log?: (msg: string, err?: unknown) => void;
}

/** The ticker's period: about four ticks per interview-minute at speed, at most one a second. */
export function tickPeriodMs(clockSpeed: number): number {
  return Math.max(50, Math.min(1000, 15_000 / clockSpeed));
}

export function buildInterviewer(env: Env): Interviewer {
  const offline = createOfflineInterviewer();
  if (!modelConfigured(env)) return offline;
  const model = createOpenAIInterviewer({
    apiKey: env.OPENAI_API_KEY,
    baseURL: env.OPENAI_BASE_URL,
    model: env.OPENAI_MODEL,
    timeoutMs: env.OPENAI_TIMEOUT_MS,
  });
  return withFallback(model, offline);
}

/** The model judge for reports, when a model is configured. */
export function buildJudge(env: Env): { client: OpenAI; model: string } | undefined {
  if (!modelConfigured(env)) return undefined;
  const client = new OpenAI({ apiKey: env.OPENAI_API_KEY ?? 'not-needed', baseURL: env.OPENAI_BASE_URL, timeout: env.OPENAI_TIMEOUT_MS * 3, maxRetries: 2 });
  return { client, model: env.OPENAI_MODEL };
}

export function databaseTarget(env: Env): DatabaseTarget {
  return env.DATABASE_URL ? { kind: 'postgres', url: env.DATABASE_URL } : { kind: 'pglite', dataDir: env.DATA_DIR };
}

export async function startServer(o: StartOptions): Promise<RunningServer> {
  const { env } = o;
  const log = o.log ?? (() => {});
  const bank = loadProblemBank();
  // [SAFE18] PGlite answers from its own worker thread; a crashed worker fails every query, loudly.
  const db = await openDatabase(o.database ?? databaseTarget(env), { onCrash: (err) => log('database worker stopped; every query now fails', err) });
  // [SAFE19] Scorer, transcript reader and diagram-to-text in worker threads, each call within its budget.
  const pool = new ComputePool({ bank, workers: env.COMPUTE_WORKERS, budgetMs: env.COMPUTE_BUDGET_MS, log });
  const interviewer = o.interviewer ?? buildInterviewer(env);
  const store = createSessionStore(db.db);
  // [SAFE7–SAFE11] Per-client limits, one set for REST and both sockets.
  const limits = new ClientLimits(limitSettings(env));
  const checkOrigin = originChecker(env.PUBLIC_ORIGIN);
  // [SAFE16][SAFE17] Token expiry and revocation; the session sockets to close on a revocation.
  const tokens = new TokenPolicy(db.db, env.TOKEN_TTL_HOURS * 3_600_000, o.clock ?? { now: () => Date.now() });
  const sessionSockets = new Map<string, Set<import('ws').WebSocket>>();
  const rubric = loadRubric();
  const reports = new ReportService({ store, bank, rubric, judge: buildJudge(env), compute: pool.compute, log });
  const sessions: SessionService = new SessionService({
    store,
    bank,
    interviewer,
    clock: o.clock ?? { now: () => Date.now() },
    clockSpeed: env.CLOCK_SPEED,
    log,
    compute: pool.compute,
    // [RPL5] Every accepted whiteboard change, kept with its interview time for the replay.
    board: new BoardRecorder(createBoardTimelineStore(db.db)),
    // [REP1] The report is built as soon as the interview ends; watchers hear when it is ready.
    onEnded: (id) => {
      reports
        .build(id)
        .then(() => sessions.publish(id, { type: 'report_ready', sessionId: id }))
        .catch((err) => log(`report for ${id} failed`, err));
    },
  });
  // ---- peer rooms (server/rooms): REST through `extend`, sockets on /api/rooms/:id/ws ----
  const rooms = startRooms({
    database: db,
    bank,
    clock: o.clock ?? { now: () => Date.now() },
    clockSpeed: env.CLOCK_SPEED,
    tickMs: tickPeriodMs(env.CLOCK_SPEED),
    log,
    rubric,
    // A peer interview's AI shadow score: the same scorer (and model judge) as a solo interview's report.
    score: (input, what) => reports.score(input, what),
    limits,
    heartbeatMs: env.HEARTBEAT_MS,
    checkOrigin,
    tokens,
  });
  const app = createApp({
    sessions,
    reports,
    rubric,
    bank,
    compute: pool.compute,
    health: { db: db.kind, interviewer: modelConfigured(env) ? 'openai' : 'offline', interviewerLabel: sessions.interviewerLabel },
    log,
    guard: {
      limits,
      tokens,
      onSessionRevoked: (id) => {
        for (const ws of sessionSockets.get(id) ?? []) ws.close(1008, 'the token was revoked');
      },
    },
    extend: (app) => {
      rooms.routes(app); // peer rooms: POST /api/rooms, GET /api/rooms/:id(/report)
      // [PRAC6–PRAC9] one person's interviews as a whole: practice plan, export, delete
      historyRoutes(app, new HistoryService({
        store: createHistoryStore(db.db),
        sessions,
        reports,
        bank,
        clock: o.clock ?? { now: () => Date.now() },
        tokens,
        closeSockets: (id) => {
          for (const ws of sessionSockets.get(id) ?? []) ws.close(1008, 'the interview was deleted');
        },
      }));
      // ---- web client (web/dist), mounted after the API; API paths still 404 as JSON ----
      mountWebClient(app);
    },
  });

  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, () => resolve(s));
  });
  // Frames above the limit get an error frame; far above it ws closes the connection (1009).
  const wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.frameBytes * 2 });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (rooms.upgrade(req, socket, head)) return; // peer rooms: /api/rooms/:id/ws
    void upgrade(req, socket, head);
  });

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const m = url.pathname.match(/^\/api\/sessions\/([A-Za-z0-9_-]{1,64})\/ws$/);
    if (!m) return reject(socket, 404, 'no WebSocket here');
    const badOrigin = checkOrigin(req);
    if (badOrigin) return reject(socket, 403, badOrigin);
    const header = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const token = header ?? url.searchParams.get('token') ?? undefined;
    // [SAFE9] Sockets per client and per session, counted from the upgrade to the close.
    const ip = limits.clientIp(req.headers, req.socket.remoteAddress);
    const perIp = limits.socketsPerIp.acquire(ip);
    if (isRefusal(perIp)) return void socket.end(refusalResponse(perIp));
    let perSession: { release: () => void } | undefined;
    try {
      await sessions.authorize(m[1]!, token);
      await tokens.checkSession(m[1]!);
      const slot = limits.socketsPerSession.acquire(m[1]!);
      if (isRefusal(slot)) {
        perIp.release();
        return void socket.end(refusalResponse(slot));
      }
      perSession = slot;
    } catch (err) {
      perIp.release();
      if (err instanceof AppError) return reject(socket, err.status, err.message);
      log('upgrade failed', errorSummary(err));
      return reject(socket, 500, 'internal error');
    }
    const release = () => {
      perIp.release();
      perSession?.release();
    };
    socket.once('close', release);
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.once('close', release);
      let open = sessionSockets.get(m[1]!);
      if (!open) sessionSockets.set(m[1]!, (open = new Set()));
      open.add(ws);
      ws.once('close', () => {
        open!.delete(ws);
        if (open!.size === 0 && sessionSockets.get(m[1]!) === open) sessionSockets.delete(m[1]!);
      });
      handleSessionSocket(ws, m[1]!, sessions, log, { limits: { limits, ip }, helloTimeoutMs: env.HELLO_TIMEOUT_MS, heartbeatMs: env.HEARTBEAT_MS });
    });
  }

  const ticker = setInterval(() => {
    sessions.tickWatched().catch((err) => log('ticker failed', err));
  }, tickPeriodMs(env.CLOCK_SPEED));
  ticker.unref();

  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    app,
    db,
    bank,
    sessions,
    reports,
    rooms,
    async close() {
      clearInterval(ticker);
      await rooms.close(); // peer rooms: disconnect peers, store pending scenes
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      await closed;
      await pool.close();
      await db.close();
    },
  };
}

function reject(socket: Duplex, status: number, message: string) {
  const reason = status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : status === 404 ? 'Not Found' : status === 500 ? 'Internal Server Error' : 'Bad Request';
  const code = status === 404 ? 'not_found' : status === 403 ? 'forbidden_origin' : status === 401 ? 'unauthorized' : status === 500 ? 'internal' : 'bad_request';
  const body = JSON.stringify({ error: { code, message } });
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
