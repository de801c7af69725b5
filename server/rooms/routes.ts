// The rooms' REST routes, mounted through createApp's `extend` hook:
// POST /api/rooms creates a room (whiteboard, or a peer interview with two links);
// GET /api/rooms/:id (Bearer token) says who is there, the mode and the scene's size;
// GET /api/rooms/:id/report (Bearer token, either role) is a peer interview's report once it ended.
import type { Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { CreateRoomBody } from '../protocol/rooms.js';
import { safeParse } from '../protocol/safe-json.js';
import { AppError } from '../platform/errors.js';
import { bearerToken } from '../platform/tokens.js';
import type { RoomBoardTap } from './board-tap.js';
import type { RoomReports } from './report.js';
import type { RoomService } from './service.js';

async function createBody(c: Context): Promise<CreateRoomBody> {
  const text = await c.req.text();
  let raw: unknown = {};
  if (text.trim()) {
    try {
      raw = JSON.parse(text);
    } catch {
      throw new HTTPException(400, { message: 'body must be JSON' });
    }
  }
  // No mode means a plain shared whiteboard.
  if (raw && typeof raw === 'object' && !Array.isArray(raw) && !('mode' in raw)) raw = { ...raw, mode: 'whiteboard' };
  // [SAFE1][SAFE2] The same edge check as every other body.
  const result = safeParse(CreateRoomBody, raw);
  if (!result.success) throw new AppError(400, result.code === 'invalid' ? 'bad_request' : result.code, result.message);
  return result.data;
}

export function registerRoomRoutes(app: Hono, rooms: RoomService, reports: RoomReports, board?: RoomBoardTap): void {
  app.post('/api/rooms', async (c) => c.json(await rooms.create(await createBody(c)), 201));

  app.get('/api/rooms/:id', async (c) => {
    const { row, role } = await rooms.authorize(c.req.param('id'), bearerToken(c));
    return c.json(await rooms.info(row, role));
  });

  // [SAFE17] Revokes the caller's own link (a whiteboard's, or one role's of an interview room).
  app.delete('/api/rooms/:id/token', async (c) => {
    const { row, role } = await rooms.authorize(c.req.param('id'), bearerToken(c));
    await rooms.revoke(row.id, role);
    return c.json({ revoked: true, role });
  });

  // [RPL10] The room whiteboard's timeline, for its replay (either role's token).
  app.get('/api/rooms/:id/timeline', async (c) => {
    const { row } = await rooms.authorize(c.req.param('id'), bearerToken(c));
    if (!board) throw new AppError(404, 'not_found', 'the whiteboard is not recorded here');
    return c.json(await board.timeline(row));
  });

  // [RIV8] Both roles read it, after the end: 409 while the interview runs.
  app.get('/api/rooms/:id/report', async (c) => {
    const { row, role } = await rooms.authorize(c.req.param('id'), bearerToken(c));
    return c.json(await reports.get(row.id, role));
  });
}
