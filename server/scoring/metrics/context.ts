// What every metric reads, and the small helpers they share.
import type { Rubric } from '../rubric-schema.js';
import type { MetricId } from '../metric-ids.js';
import { type PhraseSet, hasPhrase, phrasesIn } from '../../understanding/phrases.js';
import type { FoundPivot } from '../pivot-detect.js';
import { type Sentence, type TranscriptIndex, phaseIndex } from '../transcript-index.js';
import type { ScoringInput } from '../types.js';
import type { CompiledVocabulary } from '../vocabulary.js';

export interface Hit {
  sentence: Sentence;
  /** Where in the turn's text the evidence is, to centre a long quote on it. */
  focus?: number;
  /** [SCO27] How much of the signal the sentence carries (distinct phrases, a question asked...); quotes prefer more. */
  strength?: number;
}

export interface MetricValue {
  /** Undefined when the metric cannot be measured (no problem, no pivot, no diagram, no timing). */
  value: number | undefined;
  hits: Hit[];
}

export type MetricValues = Partial<Record<MetricId, MetricValue>>;

export interface MetricContext {
  input: ScoringInput;
  rubric: Rubric;
  vocab: CompiledVocabulary;
  index: TranscriptIndex;
  pivot?: FoundPivot;
}

export function measured(value: number, hits: Hit[] = []): MetricValue {
  return { value, hits };
}

export const UNMEASURED: MetricValue = { value: undefined, hits: [] };

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Sentences that contain a phrase of the set. */
export function withPhrase(sentences: readonly Sentence[], set: PhraseSet): Sentence[] {
  return sentences.filter((s) => hasPhrase(set, s.norm));
}

/** Sentences as hits, one per sentence. */
export function hitsOf(sentences: readonly Sentence[]): Hit[] {
  return sentences.map((sentence) => ({ sentence }));
}

/** Sentences as hits, each as strong as the number of distinct phrases of the set it uses, centred on the first. */
export function phraseHits(sentences: readonly Sentence[], set: PhraseSet): Hit[] {
  return sentences.map((sentence) => {
    const found = phrasesIn(set, sentence.norm);
    const focus = focusOf(sentence, found[0]);
    return { sentence, strength: found.length, ...(focus !== undefined ? { focus } : {}) };
  });
}

/** Where a phrase (as listed) starts in the sentence's own text, when it can be found there. */
export function focusOf(sentence: Sentence, phrase: string | undefined): number | undefined {
  if (!phrase) return undefined;
  const first = phrase.replace(/\*$/, '').split(' ')[0]!;
  const at = sentence.text.toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'").indexOf(first);
  return at >= 0 ? sentence.start + at : undefined;
}

/** Distinct phrases of the set used across sentences, with the first sentence that used each. */
export function distinctTerms(sentences: readonly Sentence[], set: PhraseSet): Map<string, Sentence> {
  const out = new Map<string, Sentence>();
  for (const s of sentences) {
    for (const term of phrasesIn(set, s.norm)) if (!out.has(term)) out.set(term, s);
  }
  return out;
}

export function termsMetric(sentences: readonly Sentence[], set: PhraseSet): MetricValue {
  const terms = distinctTerms(sentences, set);
  return measured(terms.size, phraseHits([...new Set(terms.values())], set));
}

export function countMetric(sentences: readonly Sentence[], set: PhraseSet): MetricValue {
  const found = withPhrase(sentences, set);
  return measured(found.length, phraseHits(found, set));
}

/** Before the high-level design starts: requirements and estimation. */
export function beforeDesign(s: Sentence): boolean {
  return phaseIndex(s.phase) < phaseIndex('high_level_design');
}
