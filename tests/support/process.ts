// A real server process, started the way `npm start` runs it (without the web build), for the
// tests that kill -9 it or run two of them against one PostgreSQL.
import { type ChildProcess, spawn } from 'node:child_process';
import { type Api, apiClient } from './app.js';

/** A real server process (`node --import tsx server/main.ts`) on a free port. */
export interface ServerProcess {
  url: string;
  proc: ChildProcess;
  /** JSON over HTTP against the process. */
  api: Api;
  /** kill -9, resolved once the process is gone. */
  kill(): Promise<void>;
}

/**
 * Spawns the server with only the given environment besides PATH; resolves once it prints its
 * URL (PORT=0: the port comes from that line).
 */
export function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let started = false;
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`the server process did not start in 60 s: ${out}`));
    }, 60_000);
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = !started && out.match(/http:\/\/localhost:(\d+)/);
      if (!m) return;
      started = true;
      clearTimeout(timer);
      const url = `http://127.0.0.1:${m[1]}`;
      resolve({
        url,
        proc,
        api: apiClient(url),
        async kill() {
          if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
          await exited;
        },
      });
    });
    proc.stderr!.on('data', (d) => (out += d));
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!started) reject(new Error(`the server process exited (${code ?? signal}) before it started: ${out}`));
    });
  });
}
