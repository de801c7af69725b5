// Entry of every worker thread of the server: registers tsx (so the worker's TypeScript module
// loads the same way under `tsx`, vitest and the bench), then imports the module named in
// workerData.entry. Plain JavaScript on purpose: it runs before any TypeScript loader exists.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
