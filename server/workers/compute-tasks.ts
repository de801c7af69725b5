// The calls the compute pool runs off the server's thread, each one a call of a pure function
// (scorer, transcript reader, diagram-to-text) on plain data. `runTask` is also what the inline
// runner (no worker: CLI, unit tests) calls, so both give the same answers.
import type { ProblemBank } from '../content/problem-bank.js';
import { describeDiagram, type DiagramSummary } from '../domain/diagram-text.js';
import type { Level } from '../domain/problem.js';
import { scoreOffline } from '../scoring/offline-scorer.js';
import type { Rubric } from '../scoring/rules/rubric.js';
import { previewTranscript, readTranscript, type TranscriptPreview } from '../scoring/reading/transcript-file.js';
import type { Report, ScoringInput } from '../scoring/types.js';

export interface ReadRequest {
  source: string;
  level?: Level;
  problemId?: string;
  candidate?: string;
}

export type ComputeTask =
  | { kind: 'score'; input: ScoringInput; rubric: Rubric }
  | { kind: 'read'; text: string; options: ReadRequest }
  | { kind: 'preview'; text: string; options: { source: string; candidate?: string } }
  | { kind: 'diagram'; elements: readonly unknown[] };

export interface ComputeResults {
  score: Report;
  read: { input: ScoringInput };
  preview: TranscriptPreview;
  diagram: DiagramSummary;
}

export interface WireComputeError {
  name: string;
  message: string;
  code?: string;
  speakers?: string[];
  /** A TranscriptError (the text cannot be read): the pool throws one again. */
  transcript: boolean;
}

export type ComputeAnswer = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireComputeError };

export function runTask(task: ComputeTask, bank: ProblemBank): unknown {
  switch (task.kind) {
    case 'score':
      return scoreOffline(task.input, task.rubric);
    case 'read': {
      const { problemId, ...rest } = task.options;
      const read = readTranscript(task.text, {
        ...rest,
        problem: problemId ? bank.byId.get(problemId) : undefined,
        findProblem: (id) => bank.byId.get(id),
        genericPivots: bank.genericPivots,
      });
      return { input: read.input };
    }
    case 'preview':
      return previewTranscript(task.text, task.options);
    case 'diagram':
      return describeDiagram(task.elements);
  }
}
