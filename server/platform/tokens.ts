// The bearer tokens of sessions and rooms: made unguessable, stored only as SHA-256 hashes,
// compared in constant time, and read from the Authorization header of a REST call.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';

/** A fresh token (24 random bytes, base64url). */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** A fresh id for a session or room (9 random bytes, base64url). */
export function newId(): string {
  return randomBytes(9).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Two hex hashes compared in constant time. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * [SEC4] REST calls carry the token in the Authorization header only: a token in a query string
 * ends up in access logs and browser history. (The WebSocket upgrade, which cannot set headers
 * from a browser, is the one place `?token=` is read.)
 */
export function bearerToken(c: Context): string | undefined {
  const header = c.req.header('authorization');
  const m = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return m?.[1];
}
