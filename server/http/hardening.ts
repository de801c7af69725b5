// HTTP hardening shared by the REST app and the WebSocket upgrades: the Origin check [SAFE14] and
// log lines that never carry a request body, a query string or a failing query's parameters [SAFE15].
import type { IncomingMessage } from 'node:http';

/**
 * [SAFE14] With a public origin configured, a WebSocket upgrade whose Origin header names another
 * site is refused (browsers always send Origin on a WebSocket; tools without one are let through,
 * they carry the token anyway). Returns why, or undefined when the upgrade may go on.
 */
export function originChecker(publicOrigin: string | undefined): (req: IncomingMessage) => string | undefined {
  if (!publicOrigin) return () => undefined;
  return (req) => {
    const origin = req.headers.origin;
    if (origin === undefined || origin === publicOrigin) return undefined;
    return `WebSocket connections are accepted from ${publicOrigin} only`;
  };
}

const MAX_LOGGED = 300;

/**
 * [SAFE15] What a log line may say about an error: its class, its database code and message, cut
 * short. Drizzle's "Failed query: … params: …" (the whole SQL with every parameter, i.e. request
 * bodies) is never logged; nor is a stack that embeds it.
 */
export function errorSummary(err: unknown): string {
  if (typeof err === 'string') return err.slice(0, MAX_LOGGED);
  const parts: string[] = [];
  for (let e: unknown = err, i = 0; e && i < 5; e = (e as { cause?: unknown }).cause, i++) {
    const name = (e as { name?: unknown }).name;
    const code = (e as { code?: unknown }).code;
    let message = String((e as { message?: unknown }).message ?? e);
    if (/^Failed query/i.test(message)) message = 'failed query (SQL and parameters not logged)';
    // PostgreSQL quotes the offending value after a colon ('invalid input syntax …: "…"'): not logged either.
    else if (typeof code === 'string') message = message.replace(/: "(?:[^"\\]|\\.)*"/g, ': "…"');
    parts.push(`${typeof name === 'string' ? name : 'Error'}${typeof code === 'string' ? ` ${code}` : ''}: ${message.replace(/\s+/g, ' ').slice(0, MAX_LOGGED)}`);
  }
  return parts.join(' <- ') || 'unknown error';
}

/** A request as a log line: method and path only (no query string: it may carry a token). */
export function requestLine(method: string, path: string): string {
  return `${method} ${path.slice(0, 200)}`;
}
