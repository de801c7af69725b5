// [SCO13] The three most useful next steps: red flags first, then [-] marks, then the missing
// [+] signals of the weakest dimensions (then any missing positive signal); one per dimension,
// each tied to a quote.
import type { Level } from '../domain/problem.js';
import type { Rubric, Signal } from './rubric-schema.js';
import type { DimensionScoring } from './score-rules.js';
import type { DimensionReport, EvidenceItem, NextStep, RedFlagFound } from './types.js';

export function nextSteps(
  rubric: Rubric,
  level: Level,
  scored: readonly DimensionScoring[],
  dimensions: readonly DimensionReport[],
  redFlags: readonly RedFlagFound[],
  signalEvidence: (s: Signal) => EvidenceItem | undefined,
  expectedAt: (s: Signal) => EvidenceItem | undefined,
): NextStep[] {
  const out: NextStep[] = [];
  const used = new Set<string>();
  const add = (step: NextStep) => {
    if (out.length >= 3 || used.has(step.dimension)) return;
    used.add(step.dimension);
    out.push(step);
  };
  const reportOf = (id: string) => dimensions.find((d) => d.id === id)!;
  for (const f of redFlags) {
    const flag = rubric.redFlags.find((r) => r.id === f.id)!;
    const evidence = f.evidence[0] ?? reportOf(f.dimension).evidence[0];
    add({ dimension: f.dimension, text: flag.advice, ...(evidence ? { evidence } : {}) });
  }
  const weakest = [...scored].sort(
    (a, b) =>
      a.score[level] - b.score[level] ||
      b.dimension.levels[level].weight - a.dimension.levels[level].weight ||
      rubric.dimensions.indexOf(a.dimension) - rubric.dimensions.indexOf(b.dimension),
  );
  for (const d of weakest) {
    const spec = d.dimension.levels[level];
    const report = reportOf(d.dimension.id);
    const minus = d.fired.find((s) => spec.minus.includes(s.id));
    const missing = [...spec.plus, ...spec.plusPlus]
      .map((id) => d.dimension.signals.find((s) => s.id === id)!)
      .find((s) => !d.fired.includes(s) && !d.skipped.includes(s));
    const signal = minus ?? missing;
    if (!signal) continue;
    // A [-] is shown where it happened; a missing [+] where it was expected.
    const evidence = (minus ? signalEvidence(minus) : expectedAt(signal)) ?? report.evidence[0];
    add({ dimension: d.dimension.id, text: signal.advice, ...(evidence ? { evidence } : {}) });
  }
  // A strong interview can have every marked signal of most dimensions: then the next step is the
  // first positive signal, marked at this level or not, that the weakest remaining dimensions lack.
  for (const d of weakest) {
    if (out.length >= 3) break;
    const signal = d.dimension.signals.find((s) => s.points > 0 && !d.fired.includes(s) && !d.skipped.includes(s));
    if (!signal) continue;
    const evidence = expectedAt(signal) ?? reportOf(d.dimension.id).evidence[0];
    add({ dimension: d.dimension.id, text: signal.advice, ...(evidence ? { evidence } : {}) });
  }
  return out;
}
