// What the candidate has covered so far: components named in the diagram or the talk, and the
// estimates they stated, matched to the problem's reference ranges.
import { mentionsAny, wordPattern } from './fact-topics.js';
import type { ExpectedComponent, LoadedProblem, ResolvedEstimate } from './problem.js';
import { formatQuantity, judge, parseQuantities, type Quantity } from './quantities.js';
import type { EstimateFeedback } from './turn-plan.js';

/** [COV1] Expected components whose synonyms appear in the diagram text or the candidate's words. */
export function componentsPresent(components: readonly ExpectedComponent[], texts: readonly string[]): Set<string> {
  const present = new Set<string>();
  for (const c of components) {
    if (texts.some((t) => mentionsAny(t, c.synonyms))) present.add(c.id);
  }
  return present;
}

/** The sentence (or clause list) around a position: figures are tied to words in their own sentence. */
function sentenceAround(text: string, start: number, end: number): { from: number; to: number } {
  const before = text.slice(0, start);
  const from = Math.max(...['.', ';', '!', '?', '\n'].map((c) => before.lastIndexOf(c === '.' ? '. ' : c) + 1), 0);
  const after = text.slice(end).search(/[.;!?](\s|$)|\n/);
  return { from, to: after < 0 ? text.length : end + after };
}

/** Characters between the figure and the nearest keyword of the estimate in the same sentence. */
function keywordDistance(text: string, q: Quantity, keywords: readonly string[]): number {
  const { from, to } = sentenceAround(text, q.index, q.index + q.text.length);
  const sentence = text.slice(from, to);
  const qStart = q.index - from;
  const qEnd = qStart + q.text.length;
  let best = Infinity;
  for (const k of keywords) {
    for (const m of sentence.matchAll(wordPattern(k, 'gi'))) {
      const end = m.index + m[0].length;
      const d = end <= qStart ? qStart - end : m.index >= qEnd ? m.index - qEnd : 0;
      best = Math.min(best, d);
    }
  }
  return best;
}

/**
 * [EST3] Ties a stated quantity to a reference estimate of the same kind: the estimate with a
 * keyword nearest the number in its sentence, else the only estimate of that kind, else the
 * nearest by magnitude.
 */
export function matchEstimate(text: string, q: Quantity, estimates: readonly ResolvedEstimate[]): ResolvedEstimate | undefined {
  const sameKind = estimates.filter((e) => e.kind === q.kind);
  if (sameKind.length <= 1) return sameKind[0];
  const near = sameKind
    .map((e, i) => ({ e, i, d: keywordDistance(text, q, e.keywords) }))
    .filter((x) => Number.isFinite(x.d))
    .sort((a, b) => a.d - b.d || a.i - b.i);
  if (near[0]) return near[0].e;
  const distance = (e: ResolvedEstimate) => Math.abs(Math.log10(q.value / Math.sqrt(e.lowValue * e.highValue)));
  return [...sameKind].sort((a, b) => distance(a) - distance(b))[0];
}

/** The figure as written, with its normalised reading when that says something different. */
function statedText(q: Quantity): string {
  const written = q.text.trim();
  const normal = formatQuantity(q.kind, q.value);
  return written.replace(/\s+/g, '').toLowerCase() === normal.replace(/\s+/g, '').toLowerCase() ? written : `${written} (${normal})`;
}

export function rangeText(e: ResolvedEstimate): string {
  return `${formatQuantity(e.kind, e.lowValue)}–${formatQuantity(e.kind, e.highValue)}`;
}

/** [EST4] Every figure in the text with a unit, checked against the estimate it belongs to. */
export function checkEstimates(text: string, problem: Pick<LoadedProblem, 'resolvedEstimates'>): EstimateFeedback[] {
  const out: EstimateFeedback[] = [];
  for (const q of parseQuantities(text)) {
    const e = matchEstimate(text, q, problem.resolvedEstimates);
    if (!e) continue;
    const { verdict, factor } = judge(q.value, e.lowValue, e.highValue);
    out.push({
      estimateId: e.id,
      label: e.label,
      stated: statedText(q),
      verdict,
      factor,
      reference: rangeText(e),
    });
  }
  return out;
}
