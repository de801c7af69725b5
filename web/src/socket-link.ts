// One WebSocket to the server, kept alive: the opening frame on every new socket (hello or join
// with the last seq seen, so the server resumes from there), typed frames checked with the shared
// protocol schema, reconnects with jittered backoff, a silence watchdog that pings and then gives
// up on a dead socket, the browser's online/offline events, and a REST check now and then that the
// link is still valid. Used by the solo interview (session-live.ts) and by rooms (rooms/room-live.ts).
import type { z } from 'zod';
import { ApiError } from './api.js';

export type ConnectionState =
  | { kind: 'connecting' }
  | { kind: 'live' }
  | { kind: 'reconnecting'; attempt: number; retryAt: number }
  | { kind: 'failed'; message: string };

const BACKOFF_MS = [500, 1_000, 2_000, 4_000, 8_000];
const BACKOFF_MAX_MS = 10_000;
const WATCHDOG_MS = 2_000;

export interface SocketLinkOptions<In, Out> {
  /** The socket's URL (it carries the token: browsers cannot set headers on an upgrade). */
  url(): string;
  /** The server's frames; anything else is ignored with a console warning naming `what`. */
  schema: z.ZodType<In>;
  what: string;
  /** The first frame on every new socket. */
  opening(): Out;
  /** The keep-alive frame sent after `silence.pingMs` without a frame from the server. */
  ping: Out;
  silence: { pingMs: number; deadMs: number };
  onFrame(frame: In): void;
  /** A new socket is opening: nothing sent on the previous one will be answered. */
  onConnect?(): void;
  /** The socket closed by itself (before the reconnect is planned). */
  onClose?(ev: CloseEvent): void;
  /** The socket is gone (closed, dropped or failed): the link is no longer usable until a new one opens. */
  onLost?(): void;
  /** A reconnect is planned in `retryAt - now` ms. */
  onReconnecting(attempt: number, retryAt: number): void;
  /** The keep-alive ping went out. */
  onPing?(): void;
  /**
   * Asked every third attempt: a REST call that answers 404 or 401 when the link is no longer
   * valid (a wrong token, a session or room gone); the link then fails with `message`.
   */
  access: { check(): Promise<unknown>; message: string };
  onFailed(message: string): void;
}

export class SocketLink<In, Out> {
  private ws: WebSocket | undefined;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private watchdog: ReturnType<typeof setInterval> | undefined;
  private lastFrameAt = 0;
  private stopped = true;

  constructor(private readonly o: SocketLinkOptions<In, Out>) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
    this.watchdog = setInterval(() => this.checkSilence(), WATCHDOG_MS);
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.watchdog);
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    this.close(1000, 'page closed');
  }

  /** The server answered the opening frame: the next loss starts the backoff from the start. */
  connected(): void {
    this.attempt = 0;
  }

  /** Skips the backoff wait ("Retry now", or the browser coming back online). */
  retryNow(): void {
    if (this.stopped || this.ws) return;
    clearTimeout(this.retryTimer);
    this.connect();
  }

  /** Gives up on the current socket at once (it may be dead without knowing it) and reconnects. */
  drop(): void {
    if (!this.ws) return;
    this.close();
    if (!this.stopped) this.scheduleReconnect();
  }

  /** Stops for good with a reason the page shows. */
  fail(message: string): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.o.onFailed(message);
    this.close();
  }

  get open(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  send(frame: Out): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(JSON.stringify(frame));
    return true;
  }

  private onOnline = () => this.retryNow();

  private onOffline = () => this.drop();

  private connect(): void {
    const ws = new WebSocket(this.o.url());
    this.ws = ws;
    this.o.onConnect?.();
    ws.onopen = () => {
      this.lastFrameAt = Date.now();
      this.send(this.o.opening());
    };
    ws.onmessage = (ev) => {
      if (this.ws !== ws) return;
      this.lastFrameAt = Date.now();
      this.receive(typeof ev.data === 'string' ? ev.data : '');
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      this.o.onLost?.();
      if (this.stopped) return;
      this.o.onClose?.(ev);
      this.scheduleReconnect();
    };
  }

  private receive(data: string): void {
    let parsed: ReturnType<z.ZodType<In>['safeParse']>;
    try {
      parsed = this.o.schema.safeParse(JSON.parse(data));
    } catch {
      return;
    }
    if (!parsed.success) {
      console.warn(`ignored a ${this.o.what} the protocol does not know`, parsed.error.issues);
      return;
    }
    this.o.onFrame(parsed.data);
  }

  private close(code?: number, reason?: string): void {
    const ws = this.ws;
    this.ws = undefined;
    if (!ws) return;
    this.o.onLost?.();
    ws.onclose = null;
    ws.onmessage = null;
    try {
      ws.close(code, reason);
    } catch {
      /* already closing */
    }
  }

  private scheduleReconnect(): void {
    clearTimeout(this.retryTimer);
    const attempt = ++this.attempt;
    const base = BACKOFF_MS[attempt - 1] ?? BACKOFF_MAX_MS;
    const delay = Math.round(base / 2 + (Math.random() * base) / 2);
    this.o.onReconnecting(attempt, Date.now() + delay);
    this.retryTimer = setTimeout(() => this.connect(), delay);
    // An upgrade refused for a wrong token or a deleted session or room looks like any closed
    // socket: ask the REST API once in a while whether it is still there.
    if (attempt % 3 === 0) {
      this.o.access.check().then(
        () => undefined,
        (err: unknown) => {
          if (err instanceof ApiError && (err.status === 404 || err.status === 401) && !this.stopped) this.fail(this.o.access.message);
        },
      );
    }
  }

  private checkSilence(): void {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return;
    const silent = Date.now() - this.lastFrameAt;
    if (silent > this.o.silence.deadMs) this.drop();
    else if (silent > this.o.silence.pingMs && this.send(this.o.ping)) this.o.onPing?.();
  }
}
