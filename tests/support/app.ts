// Starts the real server (HTTP + WebSocket + database) on a free port for integration tests:
// in-memory PGlite by default, the CI PostgreSQL when DATABASE_URL is set.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseTarget } from '../../server/db/client.js';
import { parseEnv, type Env } from '../../server/env.js';
import type { Interviewer } from '../../server/interviewer/types.js';
import { startServer, type RunningServer } from '../../server/server.js';

/** A wall clock the test moves by hand. */
export class ManualClock {
  constructor(public t = Date.UTC(2026, 0, 1, 9, 0, 0)) {}
  now = () => this.t;
  advance(ms: number) {
    this.t += ms;
  }
}

const baseEnv = parseEnv();
export const usingPostgres = Boolean(baseEnv.DATABASE_URL);

export function testDatabase(dataDir?: string): DatabaseTarget {
  if (baseEnv.DATABASE_URL) return { kind: 'postgres', url: baseEnv.DATABASE_URL };
  return { kind: 'pglite', dataDir };
}

export function tempDir(prefix = 'mock-interview-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface TestServer extends RunningServer {
  clock: ManualClock;
  api: Api;
}

export async function startTestServer(options: { env?: Partial<Record<keyof Env, string>>; interviewer?: Interviewer; dataDir?: string; clock?: ManualClock } = {}): Promise<TestServer> {
  const clock = options.clock ?? new ManualClock();
  const env = parseEnv({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...options.env });
  const server = await startServer({
    env,
    database: testDatabase(options.dataDir),
    clock,
    interviewer: options.interviewer,
    log: () => {},
  });
  return { ...server, clock, api: apiClient(server.url) };
}

export type ApiInit = { method?: string; token?: string; body?: unknown; headers?: Record<string, string> };
export type Api = (path: string, init?: ApiInit) => Promise<{ status: number; body: any }>;

/** JSON over real HTTP against a server at `url`: POST when there is a body, the token as Bearer. */
export function apiClient(url: string): Api {
  return async (path, init = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${url}${path}`, {
      method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'),
      headers,
      body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    });
    const text = await res.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body };
  };
}

let counter = 0;
export function messageId(): string {
  return `m-${process.pid}-${Date.now()}-${++counter}`;
}
