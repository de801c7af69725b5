// Loads the problem bank (prompts/problems/*.yaml) and the generic pivots, validated at start-up.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { GenericPivots, type LoadedProblem, type Pivot, Problem } from '../domain/problem.js';
import { parseQuantity } from '../understanding/quantities.js';
import { formatIssues } from '../platform/errors.js';

export type { LoadedProblem, ResolvedEstimate } from '../domain/problem.js';

export interface ProblemBank {
  problems: LoadedProblem[];
  byId: Map<string, LoadedProblem>;
  genericPivots: Pivot[];
}

export const PROMPTS_DIR = new URL('../../prompts/', import.meta.url).pathname;

function fail(file: string, message: string): never {
  throw new Error(`problem bank: ${file}: ${message}`);
}

/** Parses one problem; ranges must be single quantities of the estimate's kind, low <= high. */
export function resolveProblem(raw: unknown, file: string): LoadedProblem {
  const parsed = Problem.safeParse(raw);
  if (!parsed.success) {
    fail(file, formatIssues(parsed.error.issues));
  }
  const problem = parsed.data;
  const resolvedEstimates = problem.estimates.map((e) => {
    const low = parseQuantity(e.low);
    const high = parseQuantity(e.high);
    if (!low || !high) fail(file, `estimate ${e.id}: low/high must each be one quantity with a unit`);
    if (low.kind !== e.kind || high.kind !== e.kind) {
      fail(file, `estimate ${e.id}: "${e.low}"/"${e.high}" read as ${low.kind}/${high.kind}, expected ${e.kind}`);
    }
    if (low.value > high.value) fail(file, `estimate ${e.id}: low is above high`);
    return { ...e, lowValue: low.value, highValue: high.value };
  });
  const topics = new Set<string>();
  for (const f of problem.facts) {
    if (topics.has(f.topic)) fail(file, `fact topic ${f.topic} appears twice`);
    topics.add(f.topic);
  }
  return { ...problem, resolvedEstimates };
}

export function loadProblemBank(dir = PROMPTS_DIR): ProblemBank {
  const problemsDir = join(dir, 'problems');
  const files = readdirSync(problemsDir).filter((f) => f.endsWith('.yaml')).sort();
  const problems = files.map((f) => {
    const problem = resolveProblem(parseYaml(readFileSync(join(problemsDir, f), 'utf8')), f);
    if (`${problem.id}.yaml` !== f) fail(f, `id ${problem.id} must match the file name`);
    return problem;
  });
  const pivots = GenericPivots.safeParse(parseYaml(readFileSync(join(dir, 'pivots.yaml'), 'utf8')));
  if (!pivots.success) fail('pivots.yaml', pivots.error.message);
  return { problems, byId: new Map(problems.map((p) => [p.id, p])), genericPivots: pivots.data.pivots };
}
