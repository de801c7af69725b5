// What the candidate has covered so far: components named in the diagram or the talk, and the
// estimates they stated, matched to the problem's reference ranges.
import { type Quantity, type TurnReading, formatQuantity, judge, mentionsAny, phraseSet, readTurn } from '../understanding/index.js';
import { normalizeInPlace } from '../understanding/text.js';
import type { ExpectedComponent, LoadedProblem, ResolvedEstimate } from './problem.js';
import type { EstimateFeedback } from './turn-plan.js';

/** [COV1] Expected components whose synonyms appear in the diagram text or the candidate's words. */
export function componentsPresent(components: readonly ExpectedComponent[], texts: readonly string[]): Set<string> {
  const present = new Set<string>();
  for (const c of components) {
    if (texts.some((t) => mentionsAny(t, c.synonyms))) present.add(c.id);
  }
  return present;
}

/** [EST3] Keywords tie a figure to an estimate only this close to it, inside its own sentence. */
const KEYWORD_WINDOW_CHARS = 150;
/** [EST3] A keyword inside the figure itself ("reads" in "3.5k reads per second") counts as this near. */
const IN_FIGURE_DISTANCE = 8;

/** Characters between the figure and the nearest keyword of the estimate, in its sentence and window. */
function keywordDistance(text: string, q: Quantity, sentence: { start: number; end: number }, keywords: readonly string[]): number {
  if (keywords.length === 0) return Infinity;
  const from = Math.max(sentence.start, q.index - KEYWORD_WINDOW_CHARS);
  const to = Math.min(sentence.end, q.index + q.text.length + KEYWORD_WINDOW_CHARS);
  const window = normalizeInPlace(text.slice(from, to));
  const qStart = q.index - from;
  const qEnd = qStart + q.text.length;
  let best = Infinity;
  for (const [, re] of phraseSet(keywords).each) {
    const g = new RegExp(re.source, 'g');
    for (const m of window.matchAll(g)) {
      const end = m.index + m[0].length;
      // A keyword inside the figure ("payments" in "1.2k payments per second") names what is
      // counted, which several estimates may share: a word right beside it ("on average") still wins.
      const d = end <= qStart ? qStart - end : m.index >= qEnd ? m.index - qEnd : IN_FIGURE_DISTANCE;
      if (d < best) best = d;
    }
  }
  return best;
}

/**
 * [EST3] Ties a stated quantity to a reference estimate of the same kind: the estimate with a
 * keyword nearest the number in its sentence (what the figure counts, "payments per second", is
 * such a keyword), else the only estimate of that kind, else the nearest by magnitude.
 */
export function matchEstimate(
  text: string,
  q: Quantity,
  estimates: readonly ResolvedEstimate[],
  sentence: { start: number; end: number } = { start: 0, end: text.length },
): ResolvedEstimate | undefined {
  const sameKind = estimates.filter((e) => e.kind === q.kind);
  if (sameKind.length <= 1) return sameKind[0];
  const near = sameKind
    .map((e, i) => ({ e, i, d: keywordDistance(text, q, sentence, e.keywords) }))
    .filter((x) => Number.isFinite(x.d))
    .sort((a, b) => a.d - b.d || a.i - b.i);
  if (near[0]) return near[0].e;
  const distance = (e: ResolvedEstimate) => Math.abs(Math.log10(q.value / Math.sqrt(e.lowValue * e.highValue)));
  return [...sameKind].sort((a, b) => distance(a) - distance(b))[0];
}

/** The figure as written, with its normalised reading when that says something different. */
export function statedText(q: Quantity): string {
  const written = q.text.trim();
  const normal = formatQuantity(q.kind, q.value);
  const squash = (t: string) => t.toLowerCase().replace(/\s+per\s+/g, '/').replace(/\s+/g, '');
  return squash(written) === squash(normal) ? written : `${written} (${normal})`;
}

export function rangeText(e: ResolvedEstimate): string {
  return `${formatQuantity(e.kind, e.lowValue)}–${formatQuantity(e.kind, e.highValue)}`;
}

/** [EST6] Two figures are the same figure when within 10% of each other. */
export function sameFigure(a: number, b: number): boolean {
  return a > 0 && b > 0 && Math.abs(a - b) / Math.max(a, b) <= 0.1;
}

export interface StatedEstimate {
  quantity: Quantity;
  estimate: ResolvedEstimate;
  feedback: EstimateFeedback;
  /** [EST6] The figure repeats one the interviewer gave, in the same form: a recap, not an estimate. */
  recap: boolean;
}

/** A figure the interviewer gave: its value, and whether it was said as a count over a period. */
export interface GivenFigure {
  value: number;
  fromPeriod: boolean;
}

/**
 * [EST4, EST6] Every figure in a turn tied to the estimate it belongs to and checked against it.
 * A figure that repeats one the interviewer gave (`given`, e.g. "100 million payments a day"
 * from the facts) in the same form is marked a recap: not an estimate, though it was said. A
 * figure derived from a given one ("so 1.2k per second") is the candidate's. Linear in the turn.
 */
export function statedEstimates(text: string, problem: Pick<LoadedProblem, 'resolvedEstimates'>, given: readonly GivenFigure[] = [], reading?: TurnReading): StatedEstimate[] {
  const r = reading ?? readTurn(text);
  const out: StatedEstimate[] = [];
  let si = 0;
  for (const q of r.quantities) {
    while (si < r.sentences.length - 1 && q.index >= r.sentences[si]!.end) si++;
    const recap = given.some((g) => g.fromPeriod === (q.fromPeriod ?? false) && sameFigure(g.value, q.value));
    const sentence = r.sentences[si] ?? { start: 0, end: text.length };
    const e = matchEstimate(text, q, problem.resolvedEstimates, sentence);
    if (!e) continue;
    const { verdict, factor } = judge(q.value, e.lowValue, e.highValue);
    out.push({ quantity: q, estimate: e, recap, feedback: { estimateId: e.id, label: e.label, stated: statedText(q), verdict, factor, reference: rangeText(e) } });
  }
  return out;
}

/** [EST4] Every figure in the text with a unit (recaps of given figures aside), checked against its estimate. */
export function checkEstimates(text: string, problem: Pick<LoadedProblem, 'resolvedEstimates'>, given: readonly GivenFigure[] = []): EstimateFeedback[] {
  return statedEstimates(text, problem, given).filter((s) => !s.recap).map((s) => s.feedback);
}
