// [SAFE16][SAFE17] Token lifetime: a session's or room's token expires TOKEN_TTL_HOURS after it
// was issued and can be revoked by whoever holds it. Tokens stay stored as SHA-256 hashes; the
// revocation is a time on the row, read fresh on every check (no node trusts a cached row for it).
import { eq } from 'drizzle-orm';
import type { WallClock } from '../platform/clock.js';
import { AppError } from '../platform/errors.js';
import type { Db } from '../db/client.js';
import { rooms, sessions } from '../db/schema.js';
import type { RoomRole } from '../protocol/rooms.js';

export class TokenPolicy {
  constructor(
    private readonly db: Db,
    readonly ttlMs: number,
    private readonly clock: WallClock,
  ) {}

  private expired(issuedAt: Date): boolean {
    return this.clock.now() - issuedAt.getTime() > this.ttlMs;
  }

  private expiredError(): AppError {
    return new AppError(401, 'token_expired', `this link's token has expired (tokens last ${Math.round(this.ttlMs / 3_600_000)} hours); start a new one`);
  }

  /** Throws 401 token_expired / token_revoked for a session whose token no longer opens it. */
  async checkSession(id: string): Promise<void> {
    const [row] = await this.db.select({ startedAt: sessions.startedAt, revokedAt: sessions.tokenRevokedAt }).from(sessions).where(eq(sessions.id, id)).limit(1);
    if (!row) return;
    if (row.revokedAt) throw new AppError(401, 'token_revoked', 'this token was revoked');
    if (this.expired(row.startedAt)) throw this.expiredError();
  }

  async revokeSession(id: string): Promise<void> {
    await this.db.update(sessions).set({ tokenRevokedAt: new Date(this.clock.now()) }).where(eq(sessions.id, id));
  }

  /** The same for one role's link of a room (a whiteboard's single link is role `peer`). */
  async checkRoom(id: string, role: RoomRole): Promise<void> {
    const [row] = await this.db
      .select({ issuedAt: rooms.tokenIssuedAt, createdAt: rooms.createdAt, revokedAt: rooms.tokenRevokedAt, candidateRevokedAt: rooms.candidateTokenRevokedAt })
      .from(rooms)
      .where(eq(rooms.id, id))
      .limit(1);
    if (!row) return;
    if (role === 'candidate' ? row.candidateRevokedAt : row.revokedAt) throw new AppError(401, 'token_revoked', 'this token was revoked');
    if (this.expired(row.issuedAt ?? row.createdAt)) throw this.expiredError();
  }

  async revokeRoom(id: string, role: RoomRole): Promise<void> {
    const at = new Date(this.clock.now());
    await this.db
      .update(rooms)
      .set(role === 'candidate' ? { candidateTokenRevokedAt: at } : { tokenRevokedAt: at })
      .where(eq(rooms.id, id));
  }

  now(): Date {
    return new Date(this.clock.now());
  }
}
