// [SAFE19] The scorer, the transcript reader and the diagram-to-text run in a small pool of worker
// threads, each call with a time budget: the server's thread stays free for sockets, clocks and
// /api/health while they work. A call past its budget ends its worker (a fresh one takes its
// place) and fails with ComputeBudgetError; a full queue fails at once with ComputeBusyError.
// The functions stay pure (compute-tasks.ts); this is only the adapter that runs them elsewhere.
// `inlineCompute` runs the same calls on the calling thread (CLI, unit tests).
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { ProblemBank } from '../content/problem-bank.js';
import { describeDiagram, type DiagramSummary } from '../domain/diagram-text.js';
import type { Rubric } from '../scoring/rules/rubric.js';
import type { TranscriptPreview } from '../scoring/reading/transcript-file.js';
import { TranscriptError } from '../scoring/reading/transcript-formats.js';
import type { Report, ScoringInput } from '../scoring/types.js';
import { spawnWorker } from './spawn.js';
import { runTask, type ComputeAnswer, type ComputeResults, type ComputeTask, type ReadRequest } from './compute-tasks.js';

export type { ReadRequest } from './compute-tasks.js';

/** What the server's code calls: each answer computed off the calling thread (or inline). */
export interface Compute {
  score(input: ScoringInput, rubric: Rubric): Promise<Report>;
  readTranscript(text: string, options: ReadRequest): Promise<{ input: ScoringInput }>;
  previewTranscript(text: string, options: { source: string; candidate?: string }): Promise<TranscriptPreview>;
  describeDiagram(elements: readonly unknown[]): Promise<DiagramSummary>;
  close(): Promise<void>;
}

/** Boards up to this many elements are described on the calling thread. */
export const INLINE_DIAGRAM_ELEMENTS = 100;

const WHAT: Record<ComputeTask['kind'], string> = {
  score: 'scoring the transcript',
  read: 'reading the transcript',
  preview: 'reading the transcript',
  diagram: 'describing the diagram',
};

/** The call ran out of its time budget (the input is too large or too tangled). */
export class ComputeBudgetError extends Error {
  override readonly name = 'ComputeBudgetError';
  constructor(
    readonly kind: ComputeTask['kind'],
    readonly budgetMs: number,
  ) {
    super(`${WHAT[kind]} took longer than its ${budgetMs} ms budget; send a shorter or simpler input`);
  }
}

/** Every worker is busy and the queue is full: try again shortly. */
export class ComputeBusyError extends Error {
  override readonly name = 'ComputeBusyError';
}

/** A worker failed for another reason (it crashed): the call did not run to its end. */
export class ComputeWorkerError extends Error {
  override readonly name = 'ComputeWorkerError';
}

function facade(run: <K extends ComputeTask['kind']>(task: Extract<ComputeTask, { kind: K }>) => Promise<ComputeResults[K]>, close: () => Promise<void>): Compute {
  return {
    score: (input, rubric) => run({ kind: 'score', input, rubric }),
    readTranscript: (text, options) => run({ kind: 'read', text, options }),
    previewTranscript: (text, options) => run({ kind: 'preview', text, options }),
    // A small board is described in well under a millisecond (SAFE6: linear): no thread hop.
    describeDiagram: (elements) => (elements.length <= INLINE_DIAGRAM_ELEMENTS ? Promise.resolve(describeDiagram(elements)) : run({ kind: 'diagram', elements })),
    close,
  };
}

/** The same calls on the calling thread, with no budget (CLI, unit tests). */
export function inlineCompute(bank: ProblemBank): Compute {
  return facade(async (task) => runTask(task, bank) as never, async () => {});
}

export interface ComputePoolOptions {
  bank: ProblemBank;
  /** Threads (default: the cores less one, at least 1, at most 4). */
  workers?: number;
  /** Time budget of one call, from the moment a worker takes it. */
  budgetMs: number;
  /** Calls waiting for a worker before ComputeBusyError (default 64). */
  maxQueue?: number;
  log?: (msg: string, err?: unknown) => void;
}

interface Job {
  task: ComputeTask;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job?: Job & { id: number; timer: NodeJS.Timeout };
}

export function defaultComputeWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

export class ComputePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private readonly size: number;
  readonly compute: Compute;

  constructor(private readonly o: ComputePoolOptions) {
    this.size = o.workers ?? defaultComputeWorkers();
    this.compute = facade((task) => this.run(task) as never, () => this.close());
  }

  run(task: ComputeTask): Promise<unknown> {
    if (this.closed) return Promise.reject(new ComputeWorkerError('the compute pool is closed'));
    if (this.queue.length >= (this.o.maxQueue ?? 64)) return Promise.reject(new ComputeBusyError(`the server is busy ${WHAT[task.kind]}s; try again in a few seconds`));
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject });
      // Threads start on demand (a server that never scores never pays for them), up to `size`.
      const idle = this.slots.filter((sl) => !sl.job).length;
      if (this.queue.length > idle && this.slots.length < this.size) this.slots.push(this.spawn());
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const j of this.queue.splice(0)) j.reject(new ComputeWorkerError('the compute pool is closed'));
    await Promise.all(
      this.slots.map(async (s) => {
        if (s.job) {
          clearTimeout(s.job.timer);
          s.job.reject(new ComputeWorkerError('the compute pool is closed'));
          s.job = undefined;
        }
        await s.worker.terminate();
      }),
    );
  }

  private spawn(): Slot {
    const { problems, genericPivots } = this.o.bank;
    const slot: Slot = { worker: spawnWorker(new URL('./compute-worker.ts', import.meta.url), { problems, genericPivots }, 'compute'), ready: false };
    slot.worker.on('message', (m: ComputeAnswer | { ready: true }) => {
      if ('ready' in m) {
        slot.ready = true;
        this.dispatch();
        return;
      }
      const job = slot.job;
      if (!job || job.id !== m.id) return;
      clearTimeout(job.timer);
      slot.job = undefined;
      if (m.ok) job.resolve(m.value);
      else if (m.error.transcript) job.reject(new TranscriptError(m.error.message, (m.error.code ?? 'bad_transcript') as TranscriptError['code'], m.error.speakers ?? []));
      else job.reject(new ComputeWorkerError(`${WHAT[job.task.kind]} failed: ${m.error.message}`));
      this.dispatch();
    });
    slot.worker.on('error', (err) => this.o.log?.('compute worker failed', err));
    slot.worker.on('exit', () => {
      if (this.closed) return;
      // Crashed or ended for its budget: whatever it ran fails, and a fresh worker takes its place.
      const job = slot.job;
      slot.job = undefined;
      if (job) {
        clearTimeout(job.timer);
        job.reject(new ComputeWorkerError(`${WHAT[job.task.kind]} failed: the worker stopped`));
      }
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots[i] = this.spawn();
    });
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.job) continue;
      const next = this.queue.shift()!;
      const id = this.nextId++;
      const timer = setTimeout(() => this.overBudget(slot), this.o.budgetMs);
      slot.job = { ...next, id, timer };
      slot.worker.postMessage({ id, task: next.task });
    }
  }

  private overBudget(slot: Slot): void {
    const job = slot.job;
    if (!job) return;
    slot.job = undefined;
    this.o.log?.(`compute: ${WHAT[job.task.kind]} ran past its ${this.o.budgetMs} ms budget; its worker is replaced`);
    job.reject(new ComputeBudgetError(job.task.kind, this.o.budgetMs));
    slot.ready = false;
    void slot.worker.terminate(); // 'exit' spawns the replacement
  }
}
