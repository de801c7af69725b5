// [SCO14] Finds the constraint pivot: given by the session, marked on a turn, or (in a Markdown
// transcript) the first interviewer turn after the design starts that says one of the problem's
// pivots, else that announces a changed constraint ("new constraint", or "suppose" + "10x").
// [SCO24] The design has started at the first turn in the high-level design or later, or after the
// candidate's first turn that sketches a design (three or more components), whichever comes first,
// so a transcript without phase cues still has a place for a pivot. A changed constraint is a cue
// ("the requirement changed"), or a hypothetical ("what if", "let's say", "now imagine") joined to a
// constraint (scale, a multiplier such as "100x" or "twice", budget, law, region, latency...) or,
// after a hypothetical other than a bare "what if", to a new demand ("the product team wants", "must").
import type { LoadedProblem, Pivot } from '../../domain/problem.js';
import { hasPhrase, normalize } from '../../understanding/phrases.js';
import { distinctTerms } from './metrics/context.js';
import { type IndexedTurn, SKETCH_COMPONENTS, type TranscriptIndex, phaseIndex } from '../reading/transcript-index.js';
import type { FoundPivot, ScoringInput } from '../types.js';
import type { CompiledVocabulary } from './vocabulary.js';

export type { FoundPivot };

/** Share of a pivot's content words (4+ letters) that a turn uses. */
function overlap(pivot: Pivot, turn: IndexedTurn): number {
  const words = [...new Set(normalize(pivot.text).split(/[^a-z0-9]+/).filter((w) => w.length >= 4))];
  if (words.length === 0) return 0;
  const have = new Set(turn.norm.split(/[^a-z0-9]+/));
  return words.filter((w) => have.has(w)).length / words.length;
}

const SAME_PIVOT_OVERLAP = 0.5;
/** A load multiplier: "100x", "10 x", "5 times more", "twice", "tenfold". */
const MULTIPLIER = /(?<![a-z0-9.])\d+(?:\.\d+)?\s?x(?![a-z0-9])|(?<![a-z0-9])\d+ times (?:more|the|as|bigger|larger|higher)(?![a-z0-9])/;

/** The turn number from which an interviewer turn can be a pivot. */
function designStart(index: TranscriptIndex, vocab: CompiledVocabulary): number {
  const byPhase = index.turns.find((t) => phaseIndex(t.phase) >= phaseIndex('high_level_design'))?.turn ?? Infinity;
  const sketch = index.turns.find((t) => t.role === 'candidate' && distinctTerms(t.sentences, vocab.components).size >= SKETCH_COMPONENTS);
  return Math.min(byPhase, sketch ? sketch.turn + 1 : Infinity);
}

/** [SCO24] A sentence that announces a changed constraint. */
export function announcesChange(norm: string, vocab: CompiledVocabulary): boolean {
  if (hasPhrase(vocab.pivotCues, norm)) return true;
  if (!hasPhrase(vocab.pivotHints, norm)) return false;
  // A change of magnitude or of the rules ("20x", "cut in half", "a new law", "zero data loss").
  if (MULTIPLIER.test(norm) || hasPhrase(vocab.pivotMagnitude, norm)) return true;
  // [SCO24][SCO49] "What if" and "let's say" mostly open a probe or a walk-through in speech ("let's
  // say the request comes to the load balancer ..."): with them, only a magnitude announces a change.
  // A stronger hypothetical or a stakeholder ("suppose", "now imagine", "the product team") also
  // announces one with another constraint or a new demand.
  if (!hasPhrase(vocab.pivotHints, norm.replace(WEAK_HINTS, ' '))) return false;
  return hasPhrase(vocab.pivotConstraint, norm) || hasPhrase(vocab.pivotDemand, norm);
}

/** Hypotheticals that open walk-throughs and probes as often as changes. */
const WEAK_HINTS = /(?<![a-z0-9])(?:what if|let's say|lets say|let us say|say that|say we|say you)(?![a-z0-9])/g;

function knownPivot(problem: LoadedProblem | undefined, turn: IndexedTurn): Pivot | undefined {
  let best: Pivot | undefined;
  let bestScore = SAME_PIVOT_OVERLAP;
  for (const p of problem?.pivots ?? []) {
    const score = overlap(p, turn);
    if (score >= bestScore) {
      best = p;
      bestScore = score;
    }
  }
  return best;
}

export function findPivot(input: ScoringInput, index: TranscriptIndex, vocab: CompiledVocabulary): FoundPivot | undefined {
  if (input.pivot) {
    const { turn, text, pivotId, expects } = input.pivot;
    return { turn, text, pivotId, ...(expects ? { expects } : {}) };
  }
  const marked = index.turns.find((t) => t.kind === 'pivot');
  const start = designStart(index, vocab);
  const afterDesignStarts = index.turns.filter((t) => t.role === 'interviewer' && t.turn >= start);
  // A turn that says one of the problem's own pivots wins over a turn that merely sounds like one.
  const detected =
    marked ??
    afterDesignStarts.find((t) => knownPivot(input.problem, t) !== undefined) ??
    afterDesignStarts.find((t) => t.sentences.some((s) => announcesChange(s.norm, vocab)));
  if (!detected) return undefined;
  const known = knownPivot(input.problem, detected);
  return {
    turn: detected.turn,
    text: detected.text,
    ...(known ? { pivotId: known.id, expects: known.expects } : {}),
  };
}
