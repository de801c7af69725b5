// The HTTP guards, installed first by createApp: security headers on every response [SAFE12],
// JSON bodies only as application/json [SAFE13], and per-client limits on what creates things or
// sends messages [SAFE7][SAFE8], answered with 429 and Retry-After.
import type { Context, Hono } from 'hono';
import type { ClientLimits, Refusal } from '../app/client-limits.js';
import type { TokenPolicy } from '../app/token-policy.js';

export interface GuardOptions {
  limits?: ClientLimits;
  /** [SAFE16][SAFE17] Token expiry and revocation (absent: tokens never expire). */
  tokens?: TokenPolicy;
  /** [SAFE17] A session's token was revoked: close its live sockets. */
  onSessionRevoked?: (sessionId: string) => void;
}

/** The socket's address as @hono/node-server hands it over (absent under app.request in tests). */
export function socketAddress(c: Context): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } }; server?: { incoming?: { socket?: { remoteAddress?: string } } } } | undefined;
  return (env?.server ?? env)?.incoming?.socket?.remoteAddress;
}

export function clientIp(c: Context, limits: ClientLimits): string {
  return limits.clientIp(c.req.raw.headers, socketAddress(c));
}

export function tooMany(c: Context, r: Refusal): Response {
  c.header('Retry-After', String(Math.max(1, Math.ceil(r.retryAfterMs / 1000))));
  return c.json({ error: { code: 'rate_limited', limit: r.limit, message: r.message } }, 429);
}

const MESSAGES_PATH = /^\/api\/sessions\/[^/]+\/messages$/;

/**
 * [SAFE12] The web client's pages: scripts, styles, fonts and connections from this origin only
 * (Excalidraw sets inline styles and draws with data: and blob: images; its fonts are served
 * here), never framed.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  // WebAssembly (Excalidraw's font subsetting for the SVG export) may compile; no JS eval.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  // Excalidraw lists its CDN after our own copy in every @font-face; Chromium checks the policy
  // for each listed source, so the CDN is allowed for fonts only (ours answers first: offline works).
  "font-src 'self' data: https://esm.sh",
  // The page reads back the blob: URLs it made itself (the exported whiteboard SVG).
  "connect-src 'self' blob: data:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Anything else (JSON, Markdown, downloads): nothing runs if it is opened as a document. */
export const DATA_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function hasBody(c: Context): boolean {
  const length = c.req.header('content-length');
  if (length !== undefined) return Number(length) > 0;
  return c.req.header('transfer-encoding') !== undefined;
}

export function installGuards(app: Hono, o: GuardOptions): void {
  // [SAFE12] Headers on every response, pages and downloads alike.
  app.use('*', async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('Referrer-Policy', 'no-referrer');
    h.set('X-Frame-Options', 'DENY');
    if (h.has('Content-Security-Policy')) return;
    // Pages get the page policy; API answers the data one. Scripts, styles and fonts need none (a
    // worker's script takes its policy from its own response, so it must not get the data one).
    if (/^text\/html/i.test(h.get('content-type') ?? '')) h.set('Content-Security-Policy', PAGE_CSP);
    else if (c.req.path.startsWith('/api/')) h.set('Content-Security-Policy', DATA_CSP);
  });

  // [SAFE13] A JSON API reads JSON sent as JSON: a body of any other type (a form, text/plain, the
  // kinds another site can make a browser send without asking) is a 415 before it is read.
  app.use('/api/*', async (c, next) => {
    if (!BODY_METHODS.has(c.req.method) || !hasBody(c)) return next();
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      c.header('Connection', 'close');
      return c.json({ error: { code: 'unsupported_media_type', message: `send the body as Content-Type: application/json (got ${type ? JSON.stringify(type.slice(0, 60)) : 'none'})` } }, 415);
    }
    return next();
  });

  const limits = o.limits;
  if (limits) {
    app.use('/api/*', async (c, next) => {
      if (c.req.method !== 'POST') return next();
      const path = c.req.path;
      const limiter =
        path === '/api/sessions' ? limits.sessions : path === '/api/rooms' ? limits.rooms : MESSAGES_PATH.test(path) ? limits.messages : undefined;
      if (!limiter) return next();
      const refused = limiter.take(clientIp(c, limits));
      if (refused) return tooMany(c, refused);
      return next();
    });
  }
}
