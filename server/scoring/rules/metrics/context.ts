// What every metric reads, and the small helpers they share.
import type { Rubric } from '../rubric-schema.js';
import type { MetricId } from '../metric-ids.js';
import { type PhraseSet, hasPhrase, phrasesIn } from '../../../understanding/phrases.js';
import { type Polarity, isQuestionSentence } from '../../../understanding/classify.js';
import { normalize } from '../../../understanding/text.js';
import { type TermHit, states, termHits } from '../../../understanding/read-turn.js';
import { type IndexedTurn, type Sentence, type TranscriptIndex, phaseIndex } from '../../reading/transcript-index.js';
import type { Quantity } from '../../../understanding/quantities.js';
import type { FoundPivot, ScoringInput } from '../../types.js';
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

export type Polarities = ReadonlySet<Polarity>;
export const ASSERTED: Polarities = new Set<Polarity>(['asserted']);
/** [SCO38] Saying what is left out or put off is what a scope statement is: a deferral counts there. */
export const ASSERTED_OR_DEFERRED: Polarities = new Set<Polarity>(['asserted', 'deferred']);

const hitCache = new WeakMap<Sentence, Map<PhraseSet, TermHit[]>>();

/** Every phrase of the set in the sentence with its polarity, read once per sentence and set. */
export function hitsIn(s: Sentence, set: PhraseSet): TermHit[] {
  let bySet = hitCache.get(s);
  if (!bySet) {
    bySet = new Map();
    hitCache.set(s, bySet);
  }
  let hits = bySet.get(set);
  if (!hits) {
    hits = hasPhrase(set, s.norm) ? termHits(s, set) : [];
    bySet.set(set, hits);
  }
  return hits;
}

/**
 * True when the sentence can be credit: the candidate's own statement, not a known wrong answer and
 * (unless `lists` allows it, as for naming requirements) not a bare list of terms.
 */
export function creditable(s: Sentence, lists = false): boolean {
  return (states(s) || taggedStatement(s)) && s.antiPattern === undefined && (lists || s.list === undefined);
}

const TAG_END = /[,\s]*(?:right|correct|yes|no|ok|okay|yeah|agreed|fair|make sense)\s*[?.!]*\s*$/i;
const tagged = new WeakMap<Sentence, boolean>();

/**
 * [SCO38] A statement of the candidate's own plan with a confirming tag ("We could pre-generate the
 * ids and store them, right?"): a check-in by its act, but what it says is asserted, as people say
 * their design out loud. A tag on a question ("Do we need replies, right?") does not make it a statement.
 */
export function taggedStatement(s: Sentence): boolean {
  return s.act === 'check_in' && statementWithTag(s);
}

/** [SCO51] A statement closed by a confirming tag ("So this is the design round, right?"), whatever its act. */
export function statementWithTag(s: Sentence): boolean {
  if (!TAG_END.test(s.text)) return false;
  let v = tagged.get(s);
  if (v === undefined) {
    const body = s.text.replace(TAG_END, '.');
    v = body.split(/\s+/).length > 3 && !isQuestionSentence(body, normalize(body));
    tagged.set(s, v);
  }
  return v;
}

/**
 * [SCO38] The distinct phrases of the set that the sentence states: a statement (or a move on) by its
 * act, each phrase with at least one hit of an allowed polarity (asserted by default: not negated,
 * hedged or put off), in a sentence that shows none of the problem's known wrong answers. Questions,
 * check-ins, requests, small talk and text for the grader say nothing here.
 */
export function says(s: Sentence, set: PhraseSet, polarities: Polarities = ASSERTED, lists = false): string[] {
  if (!creditable(s, lists)) return [];
  const out: string[] = [];
  for (const h of hitsIn(s, set)) if (polarities.has(h.polarity) && !out.includes(h.phrase)) out.push(h.phrase);
  return out;
}

/** [SCO38] The phrases of the set a clarifying question names, or a statement states (requirements only). */
export function raises(s: Sentence, set: PhraseSet, polarities: Polarities = ASSERTED): string[] {
  if (s.act === 'question') return phrasesIn(set, s.norm);
  return says(s, set, polarities, true);
}

/** [SCO38] Sentences that state a phrase of the set. */
export function withPhrase(sentences: readonly Sentence[], set: PhraseSet, polarities: Polarities = ASSERTED): Sentence[] {
  return sentences.filter((s) => says(s, set, polarities).length > 0);
}

/** Sentences as hits, one per sentence. */
export function hitsOf(sentences: readonly Sentence[]): Hit[] {
  return sentences.map((sentence) => ({ sentence }));
}

/** Sentences as hits, each as strong as the number of distinct phrases of the set it uses, centred on the first. */
export function phraseHits(sentences: readonly Sentence[], set: PhraseSet, polarities: Polarities = ASSERTED): Hit[] {
  return sentences.map((sentence) => {
    const found = says(sentence, set, polarities);
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
export function distinctTerms(sentences: readonly Sentence[], set: PhraseSet, polarities: Polarities = ASSERTED): Map<string, Sentence> {
  const out = new Map<string, Sentence>();
  for (const s of sentences) {
    for (const term of says(s, set, polarities)) if (!out.has(term)) out.set(term, s);
  }
  return out;
}

/** Distinct phrases of the set merely named (any act, any polarity): for reading the interview's shape, never for credit. */
export function namedTerms(sentences: readonly Sentence[], set: PhraseSet): Set<string> {
  const out = new Set<string>();
  for (const s of sentences) for (const term of phrasesIn(set, s.norm)) out.add(term);
  return out;
}

export function termsMetric(sentences: readonly Sentence[], set: PhraseSet, polarities: Polarities = ASSERTED): MetricValue {
  const terms = distinctTerms(sentences, set, polarities);
  return measured(terms.size, phraseHits([...new Set(terms.values())], set, polarities));
}

export function countMetric(sentences: readonly Sentence[], set: PhraseSet, polarities: Polarities = ASSERTED): MetricValue {
  const found = withPhrase(sentences, set, polarities);
  return measured(found.length, phraseHits(found, set, polarities));
}

/** Before the high-level design starts: requirements and estimation. */
export function beforeDesign(s: Sentence): boolean {
  return phaseIndex(s.phase) < phaseIndex('high_level_design');
}

/** Acts whose figures are the candidate's own: statements, moving on, and a figure confirmed with a tag ("1.2k a second, right?"). */
function figureAct(s: Sentence): boolean {
  return (states(s) || s.act === 'check_in') && s.antiPattern === undefined;
}

/**
 * The figures of a turn with the sentence each sits in, in one pass (the turn's quantities and
 * sentences are both in reading order). [SCO38] Only figures the candidate states count: not one in
 * a question, a request or text for the grader.
 */
export function statedFigures(t: IndexedTurn): Array<{ q: Quantity; sentence: Sentence }> {
  const out: Array<{ q: Quantity; sentence: Sentence }> = [];
  let i = 0;
  for (const q of t.reading.quantities) {
    while (i < t.sentences.length && t.sentences[i]!.end <= q.index) i++;
    const s = t.sentences[i];
    if (s && q.index >= s.start && figureAct(s)) out.push({ q, sentence: s });
  }
  return out;
}
