// [SAFE7–SAFE11] Limits per client IP: what one client may create per minute, send per second and
// hold open. Token buckets (a burst, then a steady rate), counted in this process. The client's
// address is the socket's, or the last X-Forwarded-For entry (the one our proxy added) when
// TRUST_PROXY says a proxy sits in front.
import type { IncomingMessage } from 'node:http';
import type { Env } from '../env.js';

export interface LimitSettings {
  sessionsPerMinute: number;
  roomsPerMinute: number;
  messagesPerSecond: number;
  framesPerSecond: number;
  socketsPerIp: number;
  socketsPerSession: number;
  helloTimeoutMs: number;
  heartbeatMs: number;
  trustProxy: boolean;
}

export function limitSettings(env: Env): LimitSettings {
  return {
    sessionsPerMinute: env.LIMIT_SESSIONS_PER_MINUTE,
    roomsPerMinute: env.LIMIT_ROOMS_PER_MINUTE,
    messagesPerSecond: env.LIMIT_MESSAGES_PER_SECOND,
    framesPerSecond: env.LIMIT_FRAMES_PER_SECOND,
    socketsPerIp: env.LIMIT_SOCKETS_PER_IP,
    socketsPerSession: env.LIMIT_SOCKETS_PER_SESSION,
    helloTimeoutMs: env.HELLO_TIMEOUT_MS,
    heartbeatMs: env.HEARTBEAT_MS,
    trustProxy: env.TRUST_PROXY,
  };
}

export type Refusal = { limit: string; message: string; retryAfterMs: number };

/** A token bucket per key: `burst` at once, refilled at `perSecond`. Idle full buckets are dropped. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastSweep = 0;

  constructor(
    readonly name: string,
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly describe: string,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Takes one token for `key`; a refusal says how long until one is back. */
  take(key: string): Refusal | undefined {
    const now = this.now();
    this.sweep(now);
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return undefined;
    }
    const retryAfterMs = Math.ceil(((1 - b.tokens) / this.perSecond) * 1000);
    return { limit: this.name, message: `rate limit ${this.name}: ${this.describe}; try again in ${Math.ceil(retryAfterMs / 1000)} s`, retryAfterMs };
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000 && this.buckets.size < 100_000) return;
    this.lastSweep = now;
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.perSecond >= this.burst) this.buckets.delete(key);
    }
  }
}

/** Counts of open things per key, with a cap. */
export class OpenCounter {
  private readonly counts = new Map<string, number>();
  constructor(
    readonly name: string,
    private readonly max: number,
    private readonly describe: string,
  ) {}

  /** Takes a slot, or refuses; the returned function gives it back (once). */
  acquire(key: string): { release: () => void } | Refusal {
    const n = this.counts.get(key) ?? 0;
    if (n >= this.max) return { limit: this.name, message: `limit ${this.name}: ${this.describe}`, retryAfterMs: 5_000 };
    this.counts.set(key, n + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        const left = (this.counts.get(key) ?? 1) - 1;
        if (left <= 0) this.counts.delete(key);
        else this.counts.set(key, left);
      },
    };
  }

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}

export function isRefusal(x: unknown): x is Refusal {
  return typeof x === 'object' && x !== null && 'limit' in x && 'retryAfterMs' in x;
}

/** Everything limited per client, built once from the configuration. */
export class ClientLimits {
  readonly sessions: RateLimiter;
  readonly rooms: RateLimiter;
  readonly messages: RateLimiter;
  readonly frames: RateLimiter;
  readonly socketsPerIp: OpenCounter;
  readonly socketsPerSession: OpenCounter;

  constructor(
    readonly settings: LimitSettings,
    now: () => number = () => Date.now(),
  ) {
    const s = settings;
    this.sessions = new RateLimiter('sessions_per_minute', s.sessionsPerMinute / 60, s.sessionsPerMinute, `at most ${s.sessionsPerMinute} sessions a minute per client`, now);
    this.rooms = new RateLimiter('rooms_per_minute', s.roomsPerMinute / 60, s.roomsPerMinute, `at most ${s.roomsPerMinute} rooms a minute per client`, now);
    // A burst of a few seconds' worth, then the steady rate.
    this.messages = new RateLimiter('messages_per_second', s.messagesPerSecond, s.messagesPerSecond * 5, `at most ${s.messagesPerSecond} messages a second per client`, now);
    this.frames = new RateLimiter('frames_per_second', s.framesPerSecond, s.framesPerSecond * 5, `at most ${s.framesPerSecond} WebSocket frames a second per client`, now);
    this.socketsPerIp = new OpenCounter('sockets_per_ip', s.socketsPerIp, `at most ${s.socketsPerIp} open WebSockets per client`);
    this.socketsPerSession = new OpenCounter('sockets_per_session', s.socketsPerSession, `at most ${s.socketsPerSession} open WebSockets per session`);
  }

  /** The client's address: the socket's, or the proxy's last X-Forwarded-For entry when trusted. */
  clientIp(headers: Headers | IncomingMessage['headers'], socketAddress: string | undefined): string {
    if (this.settings.trustProxy) {
      const raw = headers instanceof Headers ? headers.get('x-forwarded-for') : headers['x-forwarded-for'];
      const value = Array.isArray(raw) ? raw.join(',') : raw;
      const last = value
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .at(-1);
      if (last && last.length <= 64) return last;
    }
    return socketAddress ?? 'unknown';
  }
}

/** An HTTP refusal for the upgrade path (no Hono there): 429 with Retry-After. */
export function refusalResponse(r: Refusal): string {
  const body = JSON.stringify({ error: { code: 'rate_limited', limit: r.limit, message: r.message } });
  return `HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nRetry-After: ${Math.max(1, Math.ceil(r.retryAfterMs / 1000))}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}
