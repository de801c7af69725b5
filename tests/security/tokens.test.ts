// [SAFE16][SAFE17] Tokens expire TOKEN_TTL_HOURS after they were issued and can be revoked by
// whoever holds them (DELETE …/token); they stay stored as SHA-256 hashes. Run on PGlite and, with
// DATABASE_URL, on PostgreSQL (the migration adds the columns on both).
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';

// Each test starts real servers; a loaded 2-core machine needs room (no time is asserted on).
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
import { rooms, sessions } from '../../server/db/schema.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { connect } from '../support/ws-client.js';
import { createRoom, join, roomSocketUrl } from '../rooms/support.js';

const open: TestServer[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close().catch(() => {});
});

async function boot(env: Record<string, string> = {}) {
  const s = await startTestServer({ env });
  open.push(s);
  return s;
}

const HOUR = 3_600_000;
const session = { problemId: 'url-shortener', level: 'mid', durationMinutes: 30 };
const sessionWs = (app: TestServer, s: { id: string; token: string }) => `${app.url.replace('http', 'ws')}/api/sessions/${s.id}/ws?token=${s.token}`;

describe('expiry', () => {
  it('[SAFE16] a session token stops working TOKEN_TTL_HOURS after the session started: 401 token_expired on REST and WebSocket', async () => {
    const app = await boot({ TOKEN_TTL_HOURS: '2' });
    const s = (await app.api('/api/sessions', { body: session })).body;
    app.clock.advance(HOUR);
    expect((await app.api(`/api/sessions/${s.id}`, { token: s.token })).status).toBe(200);
    app.clock.advance(2 * HOUR);
    const res = await app.api(`/api/sessions/${s.id}`, { token: s.token });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('token_expired');
    expect((await app.api(`/api/sessions/${s.id}/messages`, { token: s.token, body: { clientMessageId: 'late', text: 'still there?' } })).status).toBe(401);
    await expect(connect(sessionWs(app, s))).rejects.toMatchObject({ status: 401 });
  });

  it('[SAFE16] a room link expires the same way; the default lifetime is generous (30 days)', async () => {
    const app = await boot();
    const room = await createRoom(app);
    app.clock.advance(29 * 24 * HOUR);
    expect((await app.api(`/api/rooms/${room.id}`, { token: room.token })).status).toBe(200);
    app.clock.advance(2 * 24 * HOUR);
    const res = await app.api(`/api/rooms/${room.id}`, { token: room.token });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('token_expired');
    await expect(connect(roomSocketUrl(app, room.id, room.token))).rejects.toMatchObject({ status: 401 });
  });
});

describe('revocation', () => {
  it('[SAFE17] DELETE /api/sessions/:id/token revokes it: open sockets close, REST and upgrades get 401 token_revoked; the hash stays the stored form', async () => {
    const app = await boot();
    const s = (await app.api('/api/sessions', { body: session })).body;
    const live = await connect(sessionWs(app, s));
    live.send({ type: 'hello', lastSeq: 0 });
    await live.next((f) => f.type === 'welcome');
    const closed = new Promise<number>((resolve) => live.ws.once('close', (code) => resolve(code)));
    expect((await app.api(`/api/sessions/${s.id}/token`, { method: 'DELETE' })).status).toBe(401);
    const revoked = await app.api(`/api/sessions/${s.id}/token`, { method: 'DELETE', token: s.token });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ revoked: true });
    expect(await closed).toBe(1008);
    const after = await app.api(`/api/sessions/${s.id}`, { token: s.token });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('token_revoked');
    await expect(connect(sessionWs(app, s))).rejects.toMatchObject({ status: 401 });
    // A wrong token still says nothing about the session.
    expect((await app.api(`/api/sessions/${s.id}`, { token: 'wrong' })).status).toBe(404);
    const [row] = await app.db.db.select().from(sessions).where(eq(sessions.id, s.id));
    expect(row!.tokenHash).toBe(createHash('sha256').update(s.token).digest('hex'));
    expect(row!.tokenRevokedAt).toBeInstanceOf(Date);
  });

  it("[SAFE17] DELETE /api/rooms/:id/token revokes the caller's own link: the candidate's goes, the interviewer's stays", async () => {
    const app = await boot();
    const room = await createRoom(app, { mode: 'interview', problemId: 'url-shortener', level: 'mid', durationMinutes: 45 });
    const cand = await join(app, room.id, room.candidate!.token, 'Ada');
    const closed = new Promise<number>((resolve) => cand.sock.ws.once('close', (code) => resolve(code)));
    const res = await app.api(`/api/rooms/${room.id}/token`, { method: 'DELETE', token: room.candidate!.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ revoked: true, role: 'candidate' });
    expect(await closed).toBe(1008);
    const gone = await app.api(`/api/rooms/${room.id}`, { token: room.candidate!.token });
    expect(gone.status).toBe(401);
    expect(gone.body.error.code).toBe('token_revoked');
    await expect(connect(roomSocketUrl(app, room.id, room.candidate!.token))).rejects.toMatchObject({ status: 401 });
    expect((await app.api(`/api/rooms/${room.id}`, { token: room.interviewer!.token })).status).toBe(200);
    const iv = await join(app, room.id, room.interviewer!.token, 'Grace');
    await iv.close();
    const [row] = await app.db.db.select().from(rooms).where(eq(rooms.id, room.id));
    expect(row!.candidateTokenRevokedAt).toBeInstanceOf(Date);
    expect(row!.tokenRevokedAt).toBeNull();
  });
});
