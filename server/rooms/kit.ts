// The interviewer's kit for a peer interview: the problem's hidden facts, reference estimates,
// expected components, deep-dive probes, the pivot cards and the rubric's dimensions for the
// level. Only an interviewer's connection ever gets it [RIV2].
import type { Level, LoadedProblem, Pivot } from '../domain/problem.js';
import type { InterviewKit } from '../protocol/rooms.js';

export interface KitDimension {
  id: string;
  title: string;
  /** What the target level is expected to show. */
  expected?: string;
}

/** A pivot card: the problem's own first, then the generic constraint mutations. */
export function pivotCards(problem: LoadedProblem, generic: readonly Pivot[]): InterviewKit['pivots'] {
  return [
    ...problem.pivots.map((p) => ({ id: p.id, text: p.text, source: 'problem' as const, expects: p.expects })),
    ...generic.filter((g) => !problem.pivots.some((p) => p.id === g.id)).map((p) => ({ id: p.id, text: p.text, source: 'generic' as const, expects: p.expects })),
  ];
}

export function buildKit(
  problem: LoadedProblem,
  level: Level,
  durationMinutes: number,
  generic: readonly Pivot[],
  dimensions: readonly KitDimension[],
  deliveredPivots: Iterable<string>,
): InterviewKit {
  return {
    problem: { id: problem.id, title: problem.title, statement: problem.statement, functional: problem.functional },
    level,
    durationMinutes,
    facts: problem.facts.map((f) => ({ topic: f.topic, answer: f.answer })),
    estimates: problem.estimates.map((e) => ({ id: e.id, label: e.label, low: e.low, high: e.high, derivation: e.derivation })),
    components: problem.components.map((c) => ({ id: c.id, label: c.label })),
    deepDives: problem.deepDives.map((d) => ({ id: d.id, title: d.title, probes: d.probes.map((p) => p.ask) })),
    pivots: pivotCards(problem, generic),
    rubric: { dimensions: dimensions.map((d) => ({ id: d.id, title: d.title, ...(d.expected ? { expected: d.expected } : {}) })) },
    deliveredPivots: [...deliveredPivots],
  };
}
