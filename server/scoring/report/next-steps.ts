// [SCO13] The three most useful next steps: red flags first, then [-] marks, then the missing
// [+] signals of the weakest dimensions (then any missing positive signal); one per dimension,
// each tied to a quote. [SCO33] A missing signal is shown where it bears on the step (the closest
// the candidate came, or the moment it was called for), in a turn no earlier step cites; when no
// turn bears on it, the step says so instead of quoting something unrelated.
import type { Level } from '../../domain/problem.js';
import type { Rubric, Signal } from '../rules/rubric-schema.js';
import type { DimensionScoring, Flag } from '../rules/score-rules.js';
import type { DimensionReport, EvidenceItem, NextStep, RedFlagFound } from '../types.js';

export function nextSteps(
  rubric: Rubric,
  level: Level,
  scored: readonly DimensionScoring[],
  dimensions: readonly DimensionReport[],
  flags: readonly Flag[],
  redFlags: readonly RedFlagFound[],
  signalEvidence: (s: Signal) => EvidenceItem | undefined,
  expectedAt: (s: Signal | Flag, taken: ReadonlySet<number>) => EvidenceItem | undefined,
): NextStep[] {
  const out: NextStep[] = [];
  const used = new Set<string>();
  /** Turns the steps so far quote: a later step quotes another turn. */
  const taken = new Set<number>();
  const add = (step: NextStep) => {
    if (out.length >= 3 || used.has(step.dimension)) return;
    used.add(step.dimension);
    if (step.evidence) taken.add(step.evidence.turn);
    out.push(step);
  };
  const missingStep = (dimension: NextStep['dimension'], signal: Signal): NextStep => {
    const evidence = expectedAt(signal, taken);
    return { dimension, text: signal.advice, ...(evidence ? { evidence } : { note: noTurnNote(dimension) }) };
  };
  for (const [i, f] of redFlags.entries()) {
    const flag = flags[i]!;
    // A flag with no sentence of its own (an absence) is shown where it was called for, like a missing signal.
    const own = f.evidence[0] && f.evidence[0].note !== FLAG_FALLBACK_NOTE ? f.evidence[0] : undefined;
    if (own) add({ dimension: f.dimension, text: flag.advice, evidence: own });
    else {
      const evidence = expectedAt(flag, taken);
      add({ dimension: f.dimension, text: flag.advice, ...(evidence ? { evidence } : { note: noTurnNote(f.dimension) }) });
    }
  }
  const weakest = [...scored].sort(
    (a, b) =>
      a.score[level] - b.score[level] ||
      b.dimension.levels[level].weight - a.dimension.levels[level].weight ||
      rubric.dimensions.indexOf(a.dimension) - rubric.dimensions.indexOf(b.dimension),
  );
  for (const d of weakest) {
    const spec = d.dimension.levels[level];
    const minus = d.fired.find((s) => spec.minus.includes(s.id));
    const missing = [...spec.plus, ...spec.plusPlus]
      .map((id) => d.dimension.signals.find((s) => s.id === id)!)
      .find((s) => !d.fired.includes(s) && !d.skipped.includes(s));
    const signal = minus ?? missing;
    if (!signal) continue;
    // A [-] is shown where it happened; a missing [+] where it bears on the step.
    if (out.length >= 3 || used.has(d.dimension.id)) continue;
    if (!minus) {
      add(missingStep(d.dimension.id, signal));
      continue;
    }
    // [SCO33] A [-] is quoted where it happened (its own sentence), else where it was called for, in a
    // turn no earlier step quotes; never with the dimension's other quotes, which may be praise.
    const own = signalEvidence(minus);
    const evidence = own && !taken.has(own.turn) ? own : expectedAt(minus, taken);
    add({ dimension: d.dimension.id, text: signal.advice, ...(evidence ? { evidence } : { note: noTurnNote(d.dimension.id) }) });
  }
  // A strong interview can have every marked signal of most dimensions: then the next step is the
  // first positive signal, marked at this level or not, that the weakest remaining dimensions lack.
  for (const d of weakest) {
    if (out.length >= 3) break;
    const signal = d.dimension.signals.find((s) => s.points > 0 && !d.fired.includes(s) && !d.skipped.includes(s));
    if (!signal || used.has(d.dimension.id)) continue;
    add(missingStep(d.dimension.id, signal));
  }
  return out;
}

/** [SCO33] How a step with no quote opens; it goes on to say when to do it instead (`noTurnNote`). */
export const NO_TURN_NOTE = 'No turn showed this.';

/** [SCO43] Where in an interview each dimension's missing step belongs: what to do instead. */
const INSTEAD: Record<NextStep['dimension'], string> = {
  requirements: 'Next time, do it in the first five minutes, before you draw anything.',
  estimation: 'Next time, do it right after the requirements: a minute of arithmetic out loud, before the design.',
  high_level_design: 'Next time, do it as you first sketch the design, one component at a time.',
  depth: 'Next time, do it in the deep dive, on the part of the design you say is hardest.',
  trade_offs: 'Next time, do it each time you pick a store, a protocol or a component.',
  adaptability: 'Next time, do it when the interviewer changes a constraint or pushes back on a choice.',
  failure_modes: 'Next time, do it after the happy path: take each box and say what happens when it fails.',
  communication: 'Next time, do it at every phase change: say where you are and what comes next.',
};

export function noTurnNote(dimension: NextStep['dimension']): string {
  return `${NO_TURN_NOTE} ${INSTEAD[dimension]}`;
}
/** The note on a red flag's quote when the flag had no sentence of its own (see offline-scorer). */
export const FLAG_FALLBACK_NOTE = 'Where it was expected.';
