// One peer's WebSocket to a room (the `ws` adapter): frame size and JSON checks, the shared zod
// schemas, the join handshake, then dispatch to the room. A bad frame gets an error frame and the
// connection stays usable [ROOM6].
import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import { ROOM_CLOSE_CODES, ROOM_ERROR_CODES, ROOM_LIMITS, RoomClientFrame, type RoomRole, type RoomServerFrame } from '../protocol/rooms.js';
import { safeParse } from '../protocol/safe-json.js';
import { frameGate, keepAlive, type SocketLimits } from '../ws/guard.js';
import type { RoomHub } from './hub.js';
import type { LocalPeer, PeerConnection, Room } from './room.js';

type Joined = { room: Room; peer: LocalPeer } | undefined;

export function wsConnection(ws: WebSocket): PeerConnection {
  return {
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    send(data) {
      if (ws.readyState === ws.OPEN) ws.send(data);
    },
    close(code, reason) {
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
    },
  };
}

export interface RoomSocketOptions {
  /** [SAFE8] Per-client frame and message rates. */
  limits?: SocketLimits;
  /** [SAFE10] Ping period; a peer that stays silent through one is terminated. */
  heartbeatMs?: number;
}

export function handleRoomSocket(ws: WebSocket, roomId: string, role: RoomRole, hub: RoomHub, log: (m: string, e?: unknown) => void, opts: RoomSocketOptions = {}): void {
  const conn = wsConnection(ws);
  const reply = (frame: RoomServerFrame) => conn.send(JSON.stringify(frame));
  const fail = (code: string, message: string) => reply({ type: 'error', code, message });
  const gate = frameGate(opts.limits, fail);
  keepAlive(ws, opts.heartbeatMs);
  let joined: Promise<Joined> | undefined;
  let session: Joined;
  let closed = false;

  const joinTimer = setTimeout(() => {
    if (!joined) conn.close(ROOM_CLOSE_CODES.policy, `no join frame within ${ROOM_LIMITS.joinTimeoutMs} ms`);
  }, ROOM_LIMITS.joinTimeoutMs);
  joinTimer.unref();

  function dispatch(s: NonNullable<Joined>, frame: RoomClientFrame): void {
    const { room, peer } = s;
    const failed = (err: unknown) => {
      log(`room ${roomId}: ${frame.type} frame failed`, err);
      room.error(peer, ROOM_ERROR_CODES.internal, `the server could not handle that ${frame.type} frame; it was not applied`);
    };
    switch (frame.type) {
      case 'join':
        return fail(ROOM_ERROR_CODES.badFrame, 'join was already sent on this connection');
      case 'scene':
        return room.scene(peer, frame.elements);
      case 'pointer':
        return room.pointer(peer, frame.x, frame.y, frame.button);
      case 'chat':
        return void room.chat(peer, frame.clientMessageId, frame.text).catch(failed);
      case 'ping':
        return void room.ping(peer).catch(failed);
      case 'start':
        return void room.start(peer).catch(failed);
      case 'pivot':
        return void room.pivot(peer, frame.pivotId).catch(failed);
      case 'scorecard':
        return void room.scorecard(peer, frame.dimension, frame.score, frame.notes).catch(failed);
      case 'end':
        return void room.end(peer).catch(failed);
      case 'share_notes':
        return void room.shareNotes(peer, frame.shared).catch(failed);
      case 'ladder':
        return void room.ladder(peer).catch(failed);
    }
  }

  ws.on('message', (data, isBinary) => {
    if (!gate.frame()) return;
    const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : (data as Buffer).byteLength;
    if (isBinary) return fail(ROOM_ERROR_CODES.badFrame, 'frames are JSON text');
    if (size > ROOM_LIMITS.frameBytes) return fail(ROOM_ERROR_CODES.tooLarge, `frame is ${size} bytes; the limit is ${ROOM_LIMITS.frameBytes}`);
    const text = data.toString();
    // PostgreSQL stores no NUL character (text or jsonb): refuse it here, not at the next flush.
    if (text.includes('\\u0000')) return fail(ROOM_ERROR_CODES.badFrame, 'frames may not contain NUL characters (\\u0000)');
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return fail(ROOM_ERROR_CODES.badFrame, 'frame is not JSON');
    }
    // [SAFE1][SAFE2] Storable strings and keys, bounded depth, then the frame's schema: an element
    // that cannot be stored is refused here, with its frame, and never reaches the room.
    const parsed = safeParse(RoomClientFrame, raw);
    if (!parsed.success) {
      const code = parsed.code === 'invalid' ? (parsed.tooBig ? ROOM_ERROR_CODES.limit : ROOM_ERROR_CODES.badFrame) : parsed.code;
      return fail(code, parsed.message);
    }
    const frame = parsed.data;
    if (frame.type === 'chat' && !gate.message()) return;
    if (frame.type === 'ping' && !joined) return reply({ type: 'pong' });
    if (frame.type === 'join' && !joined) {
      clearTimeout(joinTimer);
      const info = { peerId: `p${randomBytes(6).toString('base64url')}`, name: frame.name, role };
      joined = hub.join(roomId, conn, info, frame.lastSeq).then(
        (s) => {
          session = s;
          if (s && closed) hub.leave(s.room, s.peer).catch((err) => log(`room ${roomId}: leave failed`, err));
          return s;
        },
        (err: unknown) => {
          log(`room ${roomId}: join failed`, err);
          fail(ROOM_ERROR_CODES.internal, 'could not open the room; try again');
          conn.close(1011, 'could not open the room');
          return undefined;
        },
      );
      return;
    }
    if (!joined) return fail(ROOM_ERROR_CODES.joinFirst, 'send {"type":"join","name":"…"} first');
    // Frames of one connection are handled in arrival order, after the join completed.
    void joined.then((s) => {
      if (!s || closed) return;
      try {
        dispatch(s, frame);
      } catch (err) {
        log(`room ${roomId}: ${frame.type} frame failed`, err);
        s.room.error(s.peer, ROOM_ERROR_CODES.internal, `the server could not handle that ${frame.type} frame; it was not applied`);
      }
    });
  });

  // ws reports a frame over maxPayload here after closing with 1009; without a listener it throws.
  ws.on('error', (err) => log(`room ${roomId}: socket error`, err));

  ws.on('close', () => {
    closed = true;
    clearTimeout(joinTimer);
    if (session) void hub.leave(session.room, session.peer).catch((err) => log(`room ${roomId}: leave failed`, err));
  });
}
