// Peer rooms, put together for the composition root (server/server.ts): the store, the backplane
// the database calls for, the hub, the REST routes and the WebSocket upgrade of
// /api/rooms/:id/ws. Rules: server/rooms/SPEC.md.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Hono } from 'hono';
import { WebSocketServer } from 'ws';
import { AppError } from '../platform/errors.js';
import type { WallClock } from '../platform/clock.js';
import type { ProblemBank } from '../content/problem-bank.js';
import type { Database } from '../db/client.js';
import type { Level } from '../domain/problem.js';
import { ROOM_LIMITS } from '../protocol/rooms.js';
import { type ClientLimits, isRefusal, refusalResponse } from '../app/client-limits.js';
import type { TokenPolicy } from '../app/token-policy.js';
import { loadRubric, type Rubric } from '../scoring/rules/rubric.js';
import { DIMENSION_IDS } from '../scoring/types.js';
import type { Backplane } from './backplane.js';
import { RoomHub } from './hub.js';
import { InProcessBackplane } from './in-process-backplane.js';
import { roomInterviewRecord, type RoomInterviewRecord } from './interview-record.js';
import type { KitDimension } from './kit.js';
import { PostgresBackplane } from './postgres-backplane.js';
import { RoomReports, type ShadowScorer } from './report.js';
import { registerRoomRoutes } from './routes.js';
import { BoardRecorder } from '../app/board-recorder.js';
import { createBoardTimelineStore } from '../db/board-timeline-store.js';
import { RoomBoardTap } from './board-tap.js';
import { RoomService } from './service.js';
import { handleRoomSocket } from './socket.js';
import { createRoomStore, type RoomStore } from './store.js';

export interface RoomsOptions {
  database: Database;
  bank: ProblemBank;
  clock: WallClock;
  clockSpeed: number;
  /** Period of room clock frames (the session ticker's period suits). */
  tickMs: number;
  log: (msg: string, err?: unknown) => void;
  /** Overrides the rubric's dimensions in the interviewer's kit (tests). */
  dimensions?: KitDimension[];
  /** The rubric (the kit's dimensions, the offline shadow score); loaded from rubrics/ when absent. */
  rubric?: Rubric;
  /**
   * [RIV8] Scores a peer interview for the report's shadow score (the server passes
   * ReportService's scorer: offline, plus the model judge when configured); offline by default.
   */
  score?: ShadowScorer;
  /** [SAFE7–SAFE10] Per-client limits on the room socket (absent: none, e.g. the bench). */
  limits?: ClientLimits;
  /** [SAFE10] Ping period of room sockets. */
  heartbeatMs?: number;
  /** [SAFE14] Refuses upgrades whose Origin is another site's, when given. */
  checkOrigin?: (req: IncomingMessage) => string | undefined;
  /** [SAFE16][SAFE17] Token expiry and revocation of room links. */
  tokens?: TokenPolicy;
}

export interface Rooms {
  service: RoomService;
  hub: RoomHub;
  /** [RIV8] The peer interview's report: scorecard and shadow score. */
  reports: RoomReports;
  store: RoomStore;
  backplane: Backplane;
  /** Mounts POST /api/rooms, GET /api/rooms/:id and GET /api/rooms/:id/report (pass to createApp's `extend`). */
  routes(app: Hono): void;
  /** Handles the upgrade when the path is /api/rooms/:id/ws; false for any other path. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** [RIV6] The seam for the AI shadow score and the side-by-side report. */
  interviewRecord(roomId: string): Promise<RoomInterviewRecord | undefined>;
  close(): Promise<void>;
}

const SOCKET_PATH = /^\/api\/rooms\/([A-Za-z0-9_-]{1,64})\/ws$/;

/** The rubric's dimensions with what the level is expected to show, per level. */
export function rubricDimensions(log: (msg: string, err?: unknown) => void, loaded?: Rubric): (level: Level) => KitDimension[] {
  try {
    const rubric = loaded ?? loadRubric();
    return (level) => rubric.dimensions.map((d) => ({ id: d.id, title: d.title, expected: d.levels[level].expected }));
  } catch (err) {
    log('rooms: the rubric did not load; the kit lists dimension ids only', err);
    return () => DIMENSION_IDS.map((id) => ({ id, title: id.replace(/_/g, ' ') }));
  }
}

export function startRooms(o: RoomsOptions): Rooms {
  const store = createRoomStore(o.database.db);
  const backplane: Backplane =
    o.database.kind === 'postgres' && o.database.sql ? new PostgresBackplane(store, o.database.sql, o.log) : new InProcessBackplane(store, { log: o.log });
  const dimensionsFor = o.dimensions ? () => o.dimensions! : rubricDimensions(o.log, o.rubric);
  let rubric = o.rubric;
  // [RIV8] The shadow score is built as soon as the interviewer ends the interview (`reports` is
  // only read when a room ends, after both exist).
  const onEnded = (roomId: string) => void reports.build(roomId).catch((err) => o.log(`room ${roomId}: the shadow score failed`, err));
  // [RPL10] Every room's whiteboard is recorded for its replay.
  const board = new RoomBoardTap({ recorder: new BoardRecorder(createBoardTimelineStore(o.database.db, 'rooms')), store, clock: o.clock, log: o.log });
  const hub = new RoomHub({ store, backplane, bank: o.bank, dimensionsFor, clock: o.clock, tickMs: o.tickMs, log: o.log, onEnded, board });
  const reports = new RoomReports({
    store,
    bank: o.bank,
    clock: o.clock,
    ...(o.score ? { score: o.score } : {}),
    rubric: () => (rubric ??= loadRubric()),
    log: o.log,
    persistScene: async (roomId) => {
      const room = hub.get(roomId);
      if (room) await room.persist();
      else await backplane.flush(roomId);
      await board.flush(roomId);
    },
  });
  const service = new RoomService({ store, hub, bank: o.bank, clock: o.clock, clockSpeed: o.clockSpeed, ...(o.tokens ? { tokens: o.tokens } : {}) });
  const wss = new WebSocketServer({ noServer: true, maxPayload: ROOM_LIMITS.frameBytes * 2 });

  async function accept(req: IncomingMessage, socket: Duplex, head: Buffer, roomId: string) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const badOrigin = o.checkOrigin?.(req);
    if (badOrigin) return refuse(socket, 403, 'forbidden_origin', badOrigin);
    // [SAFE9] Sockets per client, counted from the upgrade to the close.
    const ip = o.limits?.clientIp(req.headers, req.socket.remoteAddress) ?? '';
    const slot = o.limits?.socketsPerIp.acquire(ip);
    if (slot && isRefusal(slot)) {
      socket.end(refusalResponse(slot));
      return;
    }
    let handed = false;
    try {
      await acceptAuthorized(req, socket, head, roomId, url, ip, () => (handed = true), slot?.release);
    } finally {
      if (!handed) slot?.release();
    }
  }

  async function acceptAuthorized(req: IncomingMessage, socket: Duplex, head: Buffer, roomId: string, url: URL, ip: string, handedOver: () => void, release?: () => void) {
    const header = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    let role;
    try {
      role = (await service.authorize(roomId, header ?? url.searchParams.get('token') ?? undefined)).role;
    } catch (err) {
      if (err instanceof AppError) return refuse(socket, err.status, err.code, err.message);
      o.log('room upgrade failed', err);
      return refuse(socket, 500, 'internal', 'internal error');
    }
    handedOver();
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (release) ws.once('close', release);
      handleRoomSocket(ws, roomId, role, hub, o.log, { ...(o.limits ? { limits: { limits: o.limits, ip } } : {}), heartbeatMs: o.heartbeatMs });
    });
    // The upgrade can fail before a WebSocket exists (a bad handshake): the slot goes back then.
    if (release) socket.once('close', release);
  }

  return {
    service,
    hub,
    reports,
    store,
    backplane,
    routes: (app) => registerRoomRoutes(app, service, reports, board),
    upgrade(req, socket, head) {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const m = path.match(SOCKET_PATH);
      if (!m) return false;
      void accept(req, socket, head, m[1]!);
      return true;
    },
    interviewRecord: (roomId) => roomInterviewRecord(store, o.bank, roomId),
    async close() {
      await hub.close();
      await board.flushAll().catch((err) => o.log('rooms: recording the whiteboards on close failed', err));
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}

function refuse(socket: Duplex, status: number, code: string, message: string): void {
  const reason = status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : status === 404 ? 'Not Found' : 'Internal Server Error';
  const body = JSON.stringify({ error: { code, message } });
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
