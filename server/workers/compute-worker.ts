// A compute worker's thread (see compute-pool.ts): runs the pure scorer, transcript reader and
// diagram-to-text on what the server's thread sends, and answers with the result or the error.
// A call that runs past its time budget is not stopped here: the pool ends this whole thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { ProblemBank } from '../content/problem-bank.js';
import { TranscriptError } from '../scoring/reading/transcript-formats.js';
import { runTask, type ComputeAnswer, type ComputeTask, type WireComputeError } from './compute-tasks.js';

const port = parentPort!;
const { problems, genericPivots } = workerData as Pick<ProblemBank, 'problems' | 'genericPivots'>;
const bank: ProblemBank = { problems, genericPivots, byId: new Map(problems.map((p) => [p.id, p])) };

port.on('message', (m: { id: number; task: ComputeTask }) => {
  let answer: ComputeAnswer;
  try {
    answer = { id: m.id, ok: true, value: runTask(m.task, bank) };
  } catch (err) {
    answer = { id: m.id, ok: false, error: serialiseError(err) };
  }
  port.postMessage(answer);
});
port.postMessage({ ready: true });

function serialiseError(err: unknown): WireComputeError {
  if (err instanceof TranscriptError) return { name: err.name, message: err.message, code: err.code, speakers: err.speakers, transcript: true };
  return { name: err instanceof Error ? err.name : 'Error', message: err instanceof Error ? err.message : String(err), transcript: false };
}
