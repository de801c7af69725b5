// [PRAC6–PRAC9] REST for one person's interviews as a whole. The person is `X-Client-Key` (as for
// `GET /api/sessions`); the body names the sessions with their tokens, so nothing a key alone
// lists is opened without its session's token.
import { createHash } from 'node:crypto';
import type { Context, Hono } from 'hono';
import type { HistoryService } from '../app/history-service.js';
import { ServiceError } from '../app/session-service.js';
import { HistoryBody, HistoryDeleteBody } from '../protocol/history.js';
import { parseJson } from './app.js';

export const CLIENT_KEY_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

/** The caller's client key, hashed as the sessions store it; 401 without a well-formed one. */
function clientKeyHash(c: Context): string {
  const key = c.req.header('x-client-key');
  if (!key || !CLIENT_KEY_PATTERN.test(key)) throw new ServiceError(401, 'unauthorized', 'send X-Client-Key: the key your sessions were created with');
  return createHash('sha256').update(key).digest('hex');
}

export function historyRoutes(app: Hono, history: HistoryService): void {
  app.post('/api/history/plan', async (c) => {
    const key = clientKeyHash(c);
    const body = await parseJson(c, HistoryBody);
    return c.json(await history.plan(key, body.sessions));
  });

  app.post('/api/history/export', async (c) => {
    const key = clientKeyHash(c);
    const body = await parseJson(c, HistoryBody);
    const out = await history.export(key, body.sessions);
    c.header('Content-Disposition', `attachment; filename="interviews-${out.exportedAt.slice(0, 10)}.json"`);
    c.header('Cache-Control', 'no-store');
    return c.json(out);
  });

  app.post('/api/history/delete', async (c) => {
    const key = clientKeyHash(c);
    const body = await parseJson(c, HistoryDeleteBody);
    return c.json(await history.delete(key, body.sessions));
  });
}
