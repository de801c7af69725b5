// What both WebSockets (the session's and the room's) share to stay open to the internet: the
// ping/pong heartbeat [SAFE10] and the per-client frame and message rates [SAFE8].
import type { WebSocket } from 'ws';
import type { ClientLimits } from '../app/client-limits.js';

/**
 * [SAFE10] Pings every `intervalMs`; a connection that answered neither the last ping nor sent
 * anything since is terminated. Stops by itself when the socket closes.
 */
export function keepAlive(ws: WebSocket, intervalMs: number | undefined): void {
  if (!intervalMs) return;
  let alive = true;
  const mark = () => {
    alive = true;
  };
  ws.on('pong', mark);
  ws.on('message', mark);
  const timer = setInterval(() => {
    // After a stall a pong may be waiting unread: let one round of I/O run before judging.
    setImmediate(() => {
      if (ws.readyState !== ws.OPEN) return;
      if (!alive) {
        ws.terminate();
        return;
      }
      alive = false;
      try {
        ws.ping();
      } catch {
        ws.terminate();
      }
    });
  }, intervalMs);
  timer.unref();
  ws.once('close', () => clearInterval(timer));
}

export interface SocketLimits {
  limits: ClientLimits;
  ip: string;
}

export interface FrameGate {
  /** Every frame, before it is parsed. */
  frame(): boolean;
  /** A chat or candidate message, once parsed. */
  message(): boolean;
}

/**
 * [SAFE8] Counts frames (and messages: chat and candidate messages) against the client's rates.
 * Over the rate the frame is dropped; the sender hears why at most once a second.
 */
export function frameGate(g: SocketLimits | undefined, sendError: (code: string, message: string) => void): FrameGate {
  if (!g) return { frame: () => true, message: () => true };
  let lastError = Number.NEGATIVE_INFINITY;
  const check = (refused: ReturnType<ClientLimits['frames']['take']>): boolean => {
    if (!refused) return true;
    const now = Date.now();
    if (now - lastError >= 1_000) {
      lastError = now;
      sendError('rate_limited', `${refused.message}; this frame was dropped`);
    }
    return false;
  };
  return {
    frame: () => check(g.limits.frames.take(g.ip)),
    message: () => check(g.limits.messages.take(g.ip)),
  };
}
