// [UND1..UND6] One turn read once: its sentences with their acts, what each says about a list of
// terms and with which polarity, and the figures it states. Pure; the session caches a reading on
// each candidate turn and the scorer reads every transcript turn through it.
import { type Act, ACT_PRIORITY, type Clause, type Polarity, classifySentence, clausesOf, hasDesignContent, polarityAt } from './classify.js';
import { type PhraseSet, phraseSet } from './phrases.js';
import { type Quantity, parseQuantities } from './quantities.js';
import { normalize, sentenceSpans } from './text.js';

export interface SentenceReading {
  /** Offsets in the turn's text: `text` is the verbatim slice. */
  start: number;
  end: number;
  text: string;
  norm: string;
  act: Act;
  /** Grammatically a question (a check-in or a request may be one too). */
  question: boolean;
  /** Has a digit or a design word. */
  content: boolean;
  clauses: Clause[];
}

export interface TurnReading {
  sentences: SentenceReading[];
  /** The acts of its sentences, most pressing first. */
  acts: Act[];
  quantities: Quantity[];
}

export function readSentence(text: string, start = 0, end = text.length): SentenceReading {
  const slice = text.slice(start, end);
  const norm = normalize(slice);
  const { act, question } = classifySentence(slice, norm);
  return { start, end, text: slice, norm, act, question, content: hasDesignContent(norm), clauses: clausesOf(norm) };
}

export function readTurn(text: string): TurnReading {
  const sentences = sentenceSpans(text).map((s) => readSentence(text, s.start, s.end));
  const present = new Set(sentences.map((s) => s.act));
  return { sentences, acts: ACT_PRIORITY.filter((a) => present.has(a)), quantities: parseQuantities(text) };
}

/** The turn's main act: what a reply must attend to first. */
export function mainAct(reading: TurnReading): Act {
  return reading.acts[0] ?? 'statement';
}

export interface TermHit {
  /** The phrase as listed (without a trailing `*`). */
  phrase: string;
  polarity: Polarity;
  /** Offset of the match in the sentence's normal form. */
  at: number;
}

const globalRes = new WeakMap<PhraseSet, Array<readonly [string, RegExp]>>();
function globalEach(set: PhraseSet): Array<readonly [string, RegExp]> {
  let each = globalRes.get(set);
  if (!each) {
    each = set.each.map(([name, re]) => [name, new RegExp(re.source, 'g')] as const);
    globalRes.set(set, each);
  }
  return each;
}

/** [UND4] Every phrase of the set the sentence uses, each occurrence with its polarity. */
export function termHits(s: Pick<SentenceReading, 'norm' | 'clauses'>, set: PhraseSet | readonly string[]): TermHit[] {
  const phrases = Array.isArray(set) ? phraseSet(set as readonly string[]) : (set as PhraseSet);
  if (!phrases.any.test(s.norm)) return [];
  const out: TermHit[] = [];
  for (const [phrase, re] of globalEach(phrases)) {
    re.lastIndex = 0;
    for (const m of s.norm.matchAll(re)) out.push({ phrase, at: m.index, polarity: polarityAt(s.norm, m.index, s.clauses, m[0].length) });
  }
  return out.sort((a, b) => a.at - b.at);
}

/** Acts whose sentences state something about the design (a question or small talk states nothing). */
export function states(s: Pick<SentenceReading, 'act'>): boolean {
  return s.act === 'statement' || s.act === 'move_on';
}

/** [UND4] The sentence states (asserts, as a statement) one of the phrases. */
export function asserts(s: SentenceReading, set: PhraseSet | readonly string[]): TermHit | undefined {
  if (!states(s)) return undefined;
  return termHits(s, set).find((h) => h.polarity === 'asserted');
}

/** [UND4] The sentence rejects or puts off one of the phrases ("we don't need X", "X later"). */
export function rejects(s: SentenceReading, set: PhraseSet | readonly string[]): TermHit | undefined {
  if (!states(s)) return undefined;
  return termHits(s, set).find((h) => h.polarity === 'negated' || h.polarity === 'deferred');
}

/** [UND4] The sentence names one of the phrases without committing to it ("a lock maybe"). */
export function hedges(s: SentenceReading, set: PhraseSet | readonly string[]): TermHit | undefined {
  if (!states(s)) return undefined;
  return termHits(s, set).find((h) => h.polarity === 'hedged');
}
