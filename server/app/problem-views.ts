// What the API shows of a problem: never the hidden facts, reference estimates or probes, which
// would spoil the interview.
import type { LoadedProblem } from '../domain/problem.js';
import type { ProblemListItem } from '../protocol/views.js';

export function problemListItem(p: LoadedProblem): ProblemListItem {
  return { id: p.id, title: p.title, difficulty: p.difficulty, tags: p.tags, statement: p.statement };
}

export function publicProblem(p: LoadedProblem): ProblemListItem {
  return { ...problemListItem(p) };
}
