// One candidate's live connection to a session: hello with the last seq seen -> the missed
// events, then live events, streamed interviewer deltas and clock ticks. Every frame is checked
// against the shared protocol; a bad frame gets an error frame and the connection stays open.
import type { WebSocket } from 'ws';
import type { SessionService } from '../app/session-service.js';
import { AppError } from '../platform/errors.js';
import { ERROR_CODES, LIMITS, PROTOCOL_VERSION, SessionClientFrame, type SessionServerFrame } from '../protocol/index.js';
import { safeParse } from '../protocol/safe-json.js';
import { hintRefusal } from '../app/coach.js';
import { ComputeBudgetError, ComputeBusyError } from '../workers/compute-pool.js';
import { frameGate, keepAlive, type SocketLimits } from './guard.js';

function send(ws: WebSocket, frame: SessionServerFrame): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
}

function errorFrame(code: string, message: string): SessionServerFrame {
  return { type: 'error', code, message };
}

export interface SessionSocketOptions {
  /** [SAFE8] Per-client frame and message rates. */
  limits?: SocketLimits;
  /** [SAFE10] A connection that sends no hello within this is closed (1008). */
  helloTimeoutMs?: number;
  /** [SAFE10] Ping period; a peer that stays silent through one is terminated. */
  heartbeatMs?: number;
}

export function handleSessionSocket(ws: WebSocket, sessionId: string, service: SessionService, log?: (m: string, e?: unknown) => void, opts: SessionSocketOptions = {}): void {
  let unsubscribe: (() => void) | undefined;
  const gate = frameGate(opts.limits, (code, message) => send(ws, errorFrame(code, message)));
  keepAlive(ws, opts.heartbeatMs);
  let greeted = false;
  const helloTimer = opts.helloTimeoutMs
    ? setTimeout(() => {
        // After a stall the timer can fire before the hello that arrived meanwhile is read: let
        // one round of I/O run first.
        setImmediate(() => {
          if (!greeted && ws.readyState === ws.OPEN) ws.close(1008, `no hello within ${opts.helloTimeoutMs} ms`);
        });
      }, opts.helloTimeoutMs)
    : undefined;
  helloTimer?.unref();
  let sentSeq = 0;
  let queue = Promise.resolve();

  const deliver = (frame: SessionServerFrame) => {
    // Events are delivered once and in order, whether they came from the backlog or live.
    if (frame.type === 'event') {
      if (frame.event.seq <= sentSeq) return;
      sentSeq = frame.event.seq;
    }
    send(ws, frame);
  };

  async function hello(lastSeq: number) {
    if (unsubscribe) {
      send(ws, errorFrame(ERROR_CODES.badFrame, 'hello was already sent on this connection'));
      return;
    }
    const buffered: SessionServerFrame[] = [];
    let ready = false;
    unsubscribe = service.subscribe(sessionId, (f) => (ready ? deliver(f) : buffered.push(f)));
    const live = await service.current(sessionId);
    sentSeq = lastSeq;
    send(ws, { type: 'welcome', protocol: PROTOCOL_VERSION, sessionId, lastSeq: live.state.lastSeq, clock: service.clockView(live) });
    for (const event of live.events) if (event.seq > lastSeq) deliver({ type: 'event', event });
    ready = true;
    for (const f of buffered) deliver(f);
  }

  async function handle(frame: SessionClientFrame) {
    if (frame.type === 'hello') return hello(frame.lastSeq);
    if (frame.type === 'ping') return send(ws, { type: 'pong' });
    if (!unsubscribe) return send(ws, errorFrame(ERROR_CODES.badFrame, 'send {"type":"hello","lastSeq":N} first'));
    switch (frame.type) {
      case 'message': {
        // Wait for the durable ack only: the reply streams through the subscription while the
        // candidate keeps drawing and typing.
        const { reply } = await service.submitMessage(sessionId, frame.clientMessageId, frame.text);
        reply.catch((err: unknown) => {
          log?.(`session ${sessionId}: reply failed`, err);
          send(ws, errorFrame(ERROR_CODES.internal, 'the interviewer could not reply to that message; it is saved and will be answered when you reconnect'));
        });
        return;
      }
      case 'hint': {
        // [COACH4] The hint arrives as its hint_given event frame; no hint is an error frame saying why.
        const { decision } = await service.requestHint(sessionId);
        if (!decision.ok) send(ws, errorFrame(hintRefusal(decision.reason), decision.message));
        return;
      }
      case 'advance':
        return service.advance(sessionId);
      case 'end':
        return service.end(sessionId);
      case 'diagram':
        // The frame carries only what changed; the server merges it into the stored scene (and
        // refuses a scene over the limits there, as a too_large error frame).
        await service.putDiagram(sessionId, frame.elements, frame.svg, 'merge');
        return;
    }
  }

  ws.on('message', (data, isBinary) => {
    if (!gate.frame()) return;
    const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : (data as Buffer).byteLength;
    if (isBinary) return send(ws, errorFrame(ERROR_CODES.badFrame, 'frames are JSON text'));
    if (size > LIMITS.frameBytes) return send(ws, errorFrame(ERROR_CODES.tooLarge, `frame is ${size} bytes; the limit is ${LIMITS.frameBytes}`));
    let raw: unknown;
    try {
      raw = JSON.parse(data.toString());
    } catch {
      return send(ws, errorFrame(ERROR_CODES.badFrame, 'frame is not JSON'));
    }
    // [SAFE1][SAFE2] Storable strings and keys, bounded depth, then the frame's schema.
    const result = safeParse(SessionClientFrame, raw);
    if (!result.success) return send(ws, errorFrame(result.code === 'invalid' ? ERROR_CODES.badFrame : result.code, result.message));
    const parsed: SessionClientFrame = result.data;
    if (parsed.type === 'message' && !gate.message()) return;
    if (parsed.type === 'hello') {
      greeted = true;
      if (helloTimer) clearTimeout(helloTimer);
    }
    // Message frames are handled in arrival order; a failing one does not stop the next.
    queue = queue.then(() =>
      handle(parsed).catch((err: unknown) => {
        if (err instanceof AppError) send(ws, errorFrame(err.code, err.message));
        // [SAFE19] The diagram-to-text ran out of its budget or found every worker busy: nothing was stored.
        else if (err instanceof ComputeBudgetError) send(ws, errorFrame('too_complex', err.message));
        else if (err instanceof ComputeBusyError) send(ws, errorFrame('busy', err.message));
        else {
          log?.(`session socket ${sessionId}: frame failed`, err);
          send(ws, errorFrame(ERROR_CODES.internal, 'the server could not handle that frame; it was not applied'));
        }
      }),
    );
  });

  // ws reports protocol violations (e.g. a frame over maxPayload) here before closing with 1009;
  // without a listener they would be thrown as uncaught errors.
  ws.on('error', (err) => log?.(`session socket ${sessionId}: ${err.message}`));
  ws.on('close', () => {
    if (helloTimer) clearTimeout(helloTimer);
    unsubscribe?.();
  });
}
