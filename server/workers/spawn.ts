// Starts a worker thread running a TypeScript module of the server (through workers/boot.mjs).
import { Worker } from 'node:worker_threads';

const BOOT = new URL('./boot.mjs', import.meta.url);

export function spawnWorker(entry: URL, data: Record<string, unknown> = {}, name = 'worker'): Worker {
  return new Worker(BOOT, { workerData: { ...data, entry: entry.href }, name });
}
