// The transcript read once, through the understanding module (`readTurn`): turns split into
// sentences with verbatim offsets, each with its act (question, check-in, request, small talk, text
// for the grader, statement...) and clauses for polarity; the phase of every turn (given by the
// session, or inferred from cues in a Markdown transcript), the phase transitions and who led them.
import { PHASES, type Phase } from '../../domain/phases.js';
import { type PhraseSet, hasPhrase, normalize, phrasesIn } from '../../understanding/phrases.js';
import { type SentenceReading, type TurnReading, readTurn } from '../../understanding/read-turn.js';
import { wordCount } from '../../understanding/text.js';
import { showsAntiPattern } from '../../understanding/claims.js';
import { substanceJudge } from './substance.js';
import type { ScoringInput, ScoringTurn } from '../types.js';
import type { CompiledVocabulary, CueablePhase } from '../rules/vocabulary.js';

/** A sentence as the understanding module read it, placed in the transcript. */
export interface Sentence extends SentenceReading {
  turn: number;
  role: ScoringTurn['role'];
  phase: Phase;
  /** [SCO39] The id of the problem's known wrong answer this candidate sentence shows, if any. */
  antiPattern?: string;
  /** [SCO42] Part of a bare list of terms ("Redis, Kafka, sharding, CDN."): names things, designs nothing. */
  list?: true;
}

export interface IndexedTurn {
  turn: number;
  role: ScoringTurn['role'];
  kind: 'message' | 'pivot';
  text: string;
  norm: string;
  phase: Phase;
  words: number;
  /** [SCO35] The words of the turn's substantive sentences (content, not a repeat by the same speaker). */
  substantiveWords: number;
  atMs?: number;
  /** The turn's sentences, without those addressed to the scorer. */
  sentences: Sentence[];
  /** The understanding module's reading of the whole turn (figures included). */
  reading: TurnReading;
}

export interface Transition {
  turn: number;
  from: Phase;
  to: Phase;
  by: 'candidate' | 'interviewer';
}

export interface TranscriptIndex {
  turns: IndexedTurn[];
  candidate: Sentence[];
  interviewer: Sentence[];
  transitions: Transition[];
  phasesGiven: boolean;
  /** [SCO31] Sentences addressed to the scorer (act `to_grader`), left out of every measure. */
  ignored: Sentence[];
}

/** [SCO49] Words of content after which the candidate has taken up the problem, questions or not. */
const ENGAGED_WORDS = 60;
const CUEABLE: CueablePhase[] = ['estimation', 'high_level_design', 'deep_dive', 'wrap_up'];
/** Distinct component names in one candidate turn that make it a sketch of the design. */
export const SKETCH_COMPONENTS = 3;

export function phaseIndex(p: Phase): number {
  return PHASES.indexOf(p);
}

/** [SCO32] The candidate checking on their own progress: a check-in act, or a progress question of the rubric's list. */
export function isCheckIn(s: Pick<SentenceReading, 'act' | 'question' | 'norm'>, vocab: CompiledVocabulary): boolean {
  return s.act === 'check_in' || (s.question && hasPhrase(vocab.checkInQuestion, s.norm));
}

export function indexTranscript(input: ScoringInput, vocab: CompiledVocabulary): TranscriptIndex {
  const raw: RawTurn[] = input.turns.map((t) => {
    const reading = readTurn(t.text);
    const lists = t.role === 'candidate' ? listSentences(reading.sentences) : new Set<SentenceReading>();
    return { t, norm: normalize(t.text), reading, sentences: reading.sentences, lists };
  });
  const phasesGiven = input.turns.length > 0 && input.turns.every((t) => t.phase !== undefined);
  // [SCO29] When no cue moves the interview to the deep dive (a passing "before I go deeper?" is not a
  // move), it starts at the interviewer's first question after the candidate has sketched the design
  // (a turn naming three or more components in the high-level design).
  let inferred = inferPhases(raw, vocab, phasesGiven, false, input.phaseChanges);
  if (!phasesGiven && !inferred.transitions.some((t) => t.to === 'deep_dive')) inferred = inferPhases(raw, vocab, phasesGiven, true);
  const { phases, transitions } = inferred;
  const ignored: Sentence[] = [];
  const substantive = substanceJudge(vocab, input.problem);
  const antiPatterns = input.problem?.antiPatterns ?? [];
  const turns: IndexedTurn[] = raw.map((r, i) => {
    const phase = phases[i]!;
    const lists = r.lists;
    const all: Sentence[] = r.sentences.map((s) => {
      const wrong = r.t.role === 'candidate' ? antiPatterns.find((ap) => showsAntiPattern(s, ap)) : undefined;
      return { ...s, turn: r.t.turn, role: r.t.role, phase, ...(wrong ? { antiPattern: wrong.id } : {}), ...(lists.has(s) ? { list: true as const } : {}) };
    });
    // [SCO17][SCO31] Words addressed to the scorer are not interview content: they are set aside unmeasured.
    const sentences = all.filter((s) => s.act !== 'to_grader');
    for (const s of all) if (s.act === 'to_grader') ignored.push(s);
    return {
      turn: r.t.turn,
      role: r.t.role,
      kind: r.t.kind ?? 'message',
      text: r.t.text,
      norm: r.norm,
      phase,
      words: sentences.reduce((n, s) => n + wordCount(s.text), 0),
      substantiveWords: sentences.reduce((n, s) => n + (substantive(s, r.t.role) ? wordCount(s.text) : 0), 0),
      ...(r.t.atMs !== undefined ? { atMs: r.t.atMs } : {}),
      sentences,
      reading: r.reading,
    };
  });
  const candidate: Sentence[] = [];
  const interviewer: Sentence[] = [];
  for (const t of turns) for (const s of t.sentences) (s.role === 'candidate' ? candidate : interviewer).push(s);
  return { turns, candidate, interviewer, transitions, phasesGiven, ignored };
}

/** Where a list splits into items: commas, semicolons, colons, slashes, bullets, "and", "or", "plus". */
const LIST_ITEM_BREAK = /\s*(?:[,;:/\u2022]|(?<![a-z])(?:and|or|plus)(?![a-z]))\s*/;
/** An item of at most this many words is a bare term ("load balancer", "the cache"). */
const LIST_ITEM_WORDS = 3;
/** A list has at least this many items... */
const LIST_MIN_ITEMS = 4;
/** ...and this share of them bare terms. */
const LIST_SHORT_SHARE = 0.8;

function bareTerms(norm: string): { items: number; short: number } {
  const items = norm.replace(/[.!?]+$/, '').split(LIST_ITEM_BREAK).map((x) => x.trim()).filter(Boolean);
  return { items: items.length, short: items.filter((i) => i.split(' ').length <= LIST_ITEM_WORDS).length };
}

/**
 * [SCO42] The sentences of a candidate turn that only list terms: one sentence of four or more items
 * nearly all of at most three words ("Load balancer, Redis, Kafka, Postgres, CDN."), or four or more
 * fragments of at most three words in one turn (a bulleted dump). A list names things; it designs
 * nothing, so it is never credit for design, depth, trade-offs or failure handling.
 */
function listSentences(sentences: readonly SentenceReading[]): Set<SentenceReading> {
  const out = new Set<SentenceReading>();
  const fragments: SentenceReading[] = [];
  for (const s of sentences) {
    const { items, short } = bareTerms(s.norm);
    if (items >= LIST_MIN_ITEMS && short >= LIST_SHORT_SHARE * items) out.add(s);
    else if (items === 1 && short === 1 && s.act === 'statement') fragments.push(s);
  }
  if (fragments.length >= LIST_MIN_ITEMS) for (const s of fragments) out.add(s);
  return out;
}

interface RawTurn {
  t: ScoringTurn;
  norm: string;
  /** [SCO42] The candidate's sentences that only list terms. */
  lists: Set<SentenceReading>;
  reading: TurnReading;
  sentences: SentenceReading[];
}

/**
 * [SCO4] Each turn's phase and the transitions, from the session's phases or from cues in the text.
 * [SCO37] A session's recorded phase changes say who moved on: reason "candidate" is led by the
 * candidate, a timeout by the interviewer (the clock).
 */
function inferPhases(
  raw: RawTurn[],
  vocab: CompiledVocabulary,
  phasesGiven: boolean,
  inferDeepDive: boolean,
  recorded?: ScoringInput['phaseChanges'],
): { phases: Phase[]; transitions: Transition[] } {
  const phases: Phase[] = [];
  const transitions: Transition[] = [];
  if (phasesGiven && recorded && recorded.length > 0) {
    let t = 0;
    for (const c of recorded) {
      while (t < raw.length - 1 && (raw[t]!.t.atMs ?? 0) < c.atMs) t++;
      transitions.push({ turn: raw[t]?.t.turn ?? 1, from: c.from, to: c.to, by: c.by });
    }
    for (const r of raw) phases.push(r.t.phase!);
    return { phases, transitions };
  }
  let current: Phase = 'requirements';
  let sketched = false;
  // [SCO49] Before the candidate has taken up the problem (asked a question, or said enough about it),
  // an interviewer's cue moves the interview only in a sentence that proposes the move ("Let's go to
  // the high-level design"): a problem statement that says "let's draw something on the whiteboard"
  // is not the high-level design.
  let engaged = false;
  let contentWords = 0;
  raw.forEach((r, i) => {
    if (phasesGiven) {
      const next = r.t.phase!;
      if (next !== current) {
        const prev = raw[i - 1];
        const led = prev && prev.t.role === 'candidate' && prev.sentences.some((s) => hasPhrase(vocab.transition, s.norm));
        transitions.push({ turn: r.t.turn, from: current, to: next, by: led || r.t.role === 'candidate' ? 'candidate' : 'interviewer' });
        current = next;
      }
    } else {
      let next = cuedPhase(r.t.role, r.t.role === 'interviewer' && !engaged ? r.sentences.filter((s) => hasPhrase(vocab.transition, s.norm)) : r.sentences, current, vocab);
      // [SCO49] Without a cue, the design starts at the candidate's first turn whose statements name
      // three or more components: naming the parts and how they connect is designing.
      if (!next && r.t.role === 'candidate' && phaseIndex(current) < phaseIndex('high_level_design') && sketches(r, vocab)) next = 'high_level_design';
      if (!next && inferDeepDive && current === 'high_level_design' && sketched && r.t.role === 'interviewer') {
        if (r.sentences.some((s) => s.question)) next = 'deep_dive';
      }
      const phaseNow = next ?? current;
      if (inferDeepDive && phaseNow === 'high_level_design' && r.t.role === 'candidate') {
        if (new Set(r.sentences.flatMap((s) => phrasesIn(vocab.components, s.norm))).size >= SKETCH_COMPONENTS) sketched = true;
      }
      if (next) {
        transitions.push({ turn: r.t.turn, from: current, to: next, by: r.t.role });
        current = next;
      }
      if (r.t.role === 'candidate' && !engaged) {
        for (const s of r.sentences) {
          if (s.act === 'question') engaged = true;
          if (s.content && s.act !== 'social') contentWords += s.norm.split(' ').length;
        }
        if (contentWords >= ENGAGED_WORDS) engaged = true;
      }
    }
    phases.push(current);
  });
  return { phases, transitions };
}

/**
 * [SCO4] The furthest later phase a turn announces. The interviewer moves the interview by naming
 * the phase; the candidate does too, but only in a sentence that proposes to move on to one phase.
 */
function cuedPhase(role: ScoringTurn['role'], sentences: readonly SentenceReading[], current: Phase, vocab: CompiledVocabulary): Phase | undefined {
  let best: Phase | undefined;
  for (const s of sentences) {
    const n = s.norm;
    // [SCO32] A candidate's check-in ("Does that shape make sense before I go deeper?") asks; it does not
    // move. "Should I move on to the design?" proposes a move and still moves.
    if (role === 'candidate' && s.question && hasPhrase(vocab.checkInQuestion, n)) continue;
    const cued = CUEABLE.filter((p) => phaseIndex(p) > phaseIndex(current) && hasPhrase(vocab.phaseCues[p], n));
    if (cued.length === 0) continue;
    // A candidate sentence naming several phases is a plan for the interview, not a move; one that
    // is a phase label ("High level: ...", "Sizing.") moves like one that proposes to move on.
    if (role === 'candidate' && (cued.length > 1 || !(hasPhrase(vocab.transition, n) || isPhaseLabel(n, vocab.phaseCues[cued[0]!])))) continue;
    const furthest = cued[cued.length - 1]!;
    if (!best || phaseIndex(furthest) > phaseIndex(best)) best = furthest;
  }
  return best;
}

/** [SCO49] A candidate turn whose statements (not lists, not questions) name three or more components. */
function sketches(r: RawTurn, vocab: CompiledVocabulary): boolean {
  const named = new Set<string>();
  for (const s of r.sentences) {
    if ((s.act !== 'statement' && s.act !== 'move_on') || r.lists.has(s)) continue;
    for (const p of phrasesIn(vocab.components, s.norm)) named.add(p);
  }
  return named.size >= SKETCH_COMPONENTS;
}

/** Words that may come before a phase label: "So, high level: ...", "Okay, sizing." */
const LABEL_LEAD = /^(?:(?:so|ok|okay|now|alright|right|then|next|and|on to|moving on to)[,]?\s+)*/;
/** [SCO32] A phase named as a vantage point: "At a high level: ...", "From a very high level, ...". */
const VANTAGE_LEAD = /^(?:at|from|on)\s+(?:a|the)\s+(?:very\s+)?/;
/** After a vantage point a comma closes the label too: "At a high level, the API ...". */
const VANTAGE_TAIL = /^\s*(?:(?:design|architecture|view|picture)\b\s*)?(?:[:,\u2013\u2014-]|\.?$)/;
/** Words that may follow the phase's name in a label: "High-level design:", "Deep dive part:". */
const LABEL_TAIL = /^\s*(?:(?:design|architecture|phase|part|time)\b\s*)?(?:[:\u2013\u2014-]|\.?$)/;

/** [SCO4] A sentence that opens with a phase's name as a label: "High level: ...", "Sizing.", "Deep dive:". */
export function isPhaseLabel(norm: string, cues: PhraseSet): boolean {
  let rest = norm.replace(LABEL_LEAD, '');
  const vantage = VANTAGE_LEAD.exec(rest);
  if (vantage) rest = rest.slice(vantage[0].length);
  for (const [, re] of cues.each) {
    const m = re.exec(rest);
    if (m && m.index === 0 && (vantage ? VANTAGE_TAIL : LABEL_TAIL).test(rest.slice(m[0].length))) return true;
  }
  return false;
}

/** What the model judge reads in place of a sentence addressed to the scorer. */
export const ADDRESSED_TO_SCORER_MARKER = '[text addressed to the scorer removed]';

/**
 * [SCO30] The turns as the model judge reads them: every sentence the offline pass set aside as
 * addressed to the scorer is replaced by a marker (runs of such sentences by one marker), so an
 * instruction in the transcript never reaches the model.
 */
export function redactedTurns(input: ScoringInput, index: TranscriptIndex): Array<{ turn: number; role: ScoringTurn['role']; text: string }> {
  return input.turns.map((t) => {
    const spans = index.ignored.filter((s) => s.turn === t.turn).sort((a, b) => a.start - b.start);
    if (spans.length === 0) return { turn: t.turn, role: t.role, text: t.text };
    let text = '';
    let at = 0;
    for (const s of spans) {
      const between = t.text.slice(at, s.start);
      // Adjacent flagged sentences (only whitespace between them) share one marker.
      if (at > 0 && between.trim() === '' && text.endsWith(ADDRESSED_TO_SCORER_MARKER)) {
        at = s.end;
        continue;
      }
      text += between + ADDRESSED_TO_SCORER_MARKER;
      at = s.end;
    }
    return { turn: t.turn, role: t.role, text: text + t.text.slice(at) };
  });
}
