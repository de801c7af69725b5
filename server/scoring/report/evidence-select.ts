// [SCO19] Picks the quotes a report cites: from the signals that fired, strongest marks first, one per
// turn, always a verbatim slice of the turn; when nothing fired, the candidate's own words in the
// phase the dimension lives in, so an absence is still shown on the transcript.
import type { Phase } from '../../domain/phases.js';
import type { Hit, MetricValue } from '../rules/metrics/context.js';
import type { MetricId } from '../rules/metric-ids.js';
import { conditionMetrics } from '../rules/rubric.js';
import type { Condition, LevelSpec, Signal } from '../rules/rubric-schema.js';
import { quoteOf, wordCount } from '../../understanding/text.js';
import type { Sentence, TranscriptIndex } from '../reading/transcript-index.js';
import type { DimensionId, EvidenceItem } from '../types.js';

/** Where each dimension's evidence is expected, first phase first. */
export const HOME_PHASES: Record<DimensionId, Phase[]> = {
  requirements: ['requirements', 'estimation'],
  estimation: ['estimation', 'requirements'],
  high_level_design: ['high_level_design'],
  depth: ['deep_dive', 'high_level_design'],
  trade_offs: ['high_level_design', 'deep_dive'],
  adaptability: ['deep_dive', 'high_level_design'],
  failure_modes: ['deep_dive', 'high_level_design'],
  communication: ['requirements', 'estimation', 'high_level_design', 'deep_dive', 'wrap_up'],
};

const MIN_FALLBACK_WORDS = 6;

/** The metric whose quotes illustrate a signal or flag: its own choice, else the first in its condition with any. */
export function evidenceMetric(s: { when: Condition; evidence?: MetricId | undefined }, metrics: Record<MetricId, MetricValue>): MetricId | undefined {
  if (s.evidence && metrics[s.evidence].hits.length > 0) return s.evidence;
  return conditionMetrics(s.when).find((id) => metrics[id as MetricId].hits.length > 0) as MetricId | undefined;
}

export function hitsFor(s: { when: Condition; evidence?: MetricId | undefined }, metrics: Record<MetricId, MetricValue>): Hit[] {
  const id = evidenceMetric(s, metrics);
  return id ? metrics[id].hits : [];
}

/**
 * Hits in the order to quote them: in the dimension's phases and substantial first, then the rest;
 * [SCO27] within each group the sentence that carries more of the signal first, then the earliest.
 */
export function preferred(hits: readonly Hit[], phases: readonly Phase[]): Hit[] {
  const rank = (h: Hit) => (phases.includes(h.sentence.phase) ? 0 : 2) + (wordCount(h.sentence.text) >= MIN_FALLBACK_WORDS ? 0 : 1);
  return hits
    .map((h, i) => ({ h, i }))
    .sort((a, b) => rank(a.h) - rank(b.h) || (b.h.strength ?? 0) - (a.h.strength ?? 0) || a.i - b.i)
    .map((x) => x.h);
}

export function toEvidence(hit: Hit, index: TranscriptIndex, note?: string, signal?: string): EvidenceItem {
  const turn = index.turns[hit.sentence.turn - 1]!;
  const quote = quoteOf(turn.text, hit.sentence, hit.focus ?? hit.sentence.start);
  return { turn: hit.sentence.turn, quote, ...(note ? { note } : {}), ...(signal ? { signal } : {}) };
}

/** The candidate's first substantial sentence in the first of the phases that has one (else anywhere). */
export function fallbackSentence(index: TranscriptIndex, phases: readonly Phase[], after = 0): Sentence | undefined {
  const pool = index.candidate.filter((s) => s.turn > after);
  const substantial = (s: Sentence) => wordCount(s.text) >= MIN_FALLBACK_WORDS;
  for (const phase of phases) {
    const found = pool.find((s) => s.phase === phase && substantial(s));
    if (found) return found;
  }
  return pool.find(substantial) ?? pool[0] ?? index.candidate[0];
}

/**
 * [SCO19][SCO43] The quotes of a dimension: one per fired signal that has a sentence, strongest marks
 * first. When none has one, there is no quote (a sentence quoted under "no signal was found" would
 * contradict its note); `note` then says why.
 */
export function selectEvidence(
  dimension: DimensionId,
  fired: readonly Signal[],
  spec: LevelSpec,
  metrics: Record<MetricId, MetricValue>,
  index: TranscriptIndex,
): { evidence: EvidenceItem[]; note?: string } {
  const rank = (s: Signal) => (spec.plusPlus.includes(s.id) ? 0 : spec.plus.includes(s.id) ? 1 : s.points > 0 ? 2 : 3);
  const ordered = [...fired].sort((a, b) => rank(a) - rank(b));
  const out: EvidenceItem[] = [];
  const turns = new Set<number>();
  const usedMetrics = new Set<string>();
  for (const signal of ordered) {
    // One quote per metric: two signals on the same measure would show the same kind of evidence.
    const metric = evidenceMetric(signal, metrics);
    if (!metric || usedMetrics.has(metric)) continue;
    usedMetrics.add(metric);
    for (const hit of preferred(metrics[metric].hits, HOME_PHASES[dimension])) {
      if (out.length >= 3) return { evidence: out };
      if (turns.has(hit.sentence.turn)) continue;
      turns.add(hit.sentence.turn);
      out.push(toEvidence(hit, index, signal.text, signal.id));
      break;
    }
  }
  if (out.length > 0) return { evidence: out };
  // Signals measured over the whole interview (talk share, few nudges) fire without a sentence to quote.
  const note = fired.some((f) => f.points > 0)
    ? 'The signals found for this dimension are measured over the whole interview (share of the talk, steering); no single sentence shows them.'
    : NO_SIGNAL_NOTE;
  return { evidence: [], note };
}

export const NO_SIGNAL_NOTE = 'No signal for this dimension was found in what the candidate said.';
