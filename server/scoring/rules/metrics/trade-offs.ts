// Trade-offs: alternatives named, trade-off language, reasons given, and silver bullets.
import { type PhraseSet, hasPhrase, normalize } from '../../../understanding/phrases.js';
import type { Sentence } from '../../reading/transcript-index.js';
import type { CompiledVocabulary } from '../vocabulary.js';
import { type Hit, type MetricContext, type MetricValues, type Polarities, countMetric, measured, says } from './context.js';

/** Where a sentence splits into clauses: a semicolon, a colon, a dash set off by spaces, an em dash. */
const CLAUSE_BREAK = /;|:(?=\s)|\s[-\u2013]\s|\u2014/g;
/** At most this many clauses of one sentence count, so a list of costs in one breath is not five. */
const MAX_CLAUSES_PER_SENTENCE = 2;

interface Clause {
  start: number;
  norm: string;
}

/** The clauses of a sentence, with their offsets in the turn's text. */
export function clausesOf(s: Sentence): Clause[] {
  const out: Clause[] = [];
  let from = 0;
  const push = (to: number) => {
    const raw = s.text.slice(from, to);
    const lead = raw.length - raw.trimStart().length;
    if (raw.trim()) out.push({ start: s.start + from + lead, norm: normalize(raw) });
  };
  for (const m of s.text.matchAll(CLAUSE_BREAK)) {
    push(m.index);
    from = m.index + m[0].length;
  }
  push(s.text.length);
  return out;
}

/**
 * [SCO25] Hits per clause: a sentence counts once per clause that matches (up to two), so "the
 * trade-off is latency versus cost; I'd rather delay than drop" weighs two costs, not one.
 */
function clauseHits(sentences: readonly Sentence[], states: (s: Sentence) => boolean, matches: (norm: string) => boolean): Hit[] {
  const hits: Hit[] = [];
  for (const s of sentences) {
    // [SCO38] The sentence states it (a statement, the phrase asserted); its clauses are then counted.
    if (!states(s)) continue;
    const clauses = clausesOf(s).filter((c) => matches(c.norm));
    const n = Math.min(MAX_CLAUSES_PER_SENTENCE, Math.max(1, clauses.length));
    for (let i = 0; i < n; i++) hits.push({ sentence: s, focus: clauses[i]?.start ?? s.start, strength: n });
  }
  return hits;
}

/** [SCO7] Trade-off language: a cost word, or a contrast joined to a comparison ("simpler, but slower"). */
export function isTradeOffLanguage(norm: string, vocab: CompiledVocabulary): boolean {
  return hasPhrase(vocab.tradeoff, norm) || (hasPhrase(vocab.contrast, norm) && hasPhrase(vocab.comparative, norm));
}

/**
 * [SCO7][SCO38] A sentence that states a cost: a cost word, or a contrast and a comparison, in a
 * statement. A comparison weighs two options whether it runs up or down ("it isn't cheaper",
 * "missing a run beats running twice"), so a negated one counts; a hedged one does not, and a
 * silver bullet ("there is no downside") is never a cost.
 */
export function statesTradeOff(s: Sentence, vocab: CompiledVocabulary): boolean {
  if (says(s, vocab.absolutes, WEIGHED).length > 0) return false;
  return says(s, vocab.tradeoff, WEIGHED).length > 0 || (says(s, vocab.contrast, WEIGHED).length > 0 && says(s, vocab.comparative, WEIGHED).length > 0);
}

const WEIGHED: Polarities = new Set(['asserted', 'negated']);

function inSet(set: PhraseSet) {
  return (norm: string) => hasPhrase(set, norm);
}

export function tradeOffMetrics(ctx: MetricContext): MetricValues {
  const { index, vocab } = ctx;
  const costs = clauseHits(index.candidate, (s) => statesTradeOff(s, vocab), (n) => isTradeOffLanguage(n, vocab));
  const alternatives = clauseHits(index.candidate, (s) => says(s, vocab.alternatives).length > 0, inSet(vocab.alternatives));
  return {
    'trade.alternatives': measured(alternatives.length, alternatives),
    'trade.language': measured(costs.length, costs),
    'trade.justifications': countMetric(index.candidate, vocab.justification),
    'trade.absolutes': countMetric(index.candidate, vocab.absolutes),
  };
}
