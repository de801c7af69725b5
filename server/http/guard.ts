// The REST API's guards, installed first by createApp: per-client limits on what creates things
// or sends messages [SAFE7][SAFE8], answered with 429 and Retry-After.
import type { Context, Hono } from 'hono';
import type { ClientLimits, Refusal } from './limits.js';

export interface GuardOptions {
  limits?: ClientLimits;
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

export function installGuards(app: Hono, o: GuardOptions): void {
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
