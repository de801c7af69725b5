// Starts a worker thread running a module of the server: TypeScript through workers/boot.mjs
// (which registers tsx first), plain JavaScript (.mjs) directly, with no loader to start.
import { Worker } from 'node:worker_threads';

const BOOT = new URL('./boot.mjs', import.meta.url);

export function spawnWorker(entry: URL, data: Record<string, unknown> = {}, name = 'worker'): Worker {
  if (entry.pathname.endsWith('.mjs')) return new Worker(entry, { workerData: data, name });
  return new Worker(BOOT, { workerData: { ...data, entry: entry.href }, name });
}
