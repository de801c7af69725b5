// [LIS*] What the interviewer heard in the candidate's turn, in the context of the whole interview:
// which probes are answered (every part said, in any turn), what part of an answer is missing, a
// known wrong answer to challenge, a hedge to pin down, a component waved away, arithmetic that
// does not add up, and whether the interviewer's last question was answered at all. Pure.
import {
  type Act,
  type Said,
  type SentenceReading,
  type TurnReading,
  calculationSlips,
  cueState,
  mainAct,
  normalize,
  rateSlips,
  readTurn,
  rejects,
  showsAntiPattern,
  termHits,
} from '../understanding/index.js';
import type { AntiPattern, DeepDive, ExpectedComponent, LoadedProblem } from './problem.js';
import type { SessionState } from './session.js';
import type { PlannedQuestion } from './turn-plan.js';

/** Everything the candidate said, sentence by sentence, with the seq of its turn. */
export function candidateSaid(s: SessionState, current?: { seq: number; reading: TurnReading }): Said[] {
  const out: Said[] = [];
  for (const t of s.turns) {
    if (t.role !== 'candidate') continue;
    const reading = t.reading ?? readTurn(t.text);
    for (const sentence of reading.sentences) out.push({ turn: t.seq, sentence });
  }
  if (current && !s.turns.some((t) => t.seq === current.seq)) {
    for (const sentence of current.reading.sentences) out.push({ turn: current.seq, sentence });
  }
  return out;
}

/** A short verbatim quote of what the candidate said, for a follow-up in their own words. */
export function shortQuote(sentence: SentenceReading, maxChars = 90): string {
  const text = sentence.text.trim().replace(/\s+/g, ' ').replace(/[.!?]+$/, '');
  if (text.length <= maxChars) return text;
  const cut = text.lastIndexOf(' ', maxChars);
  return `${text.slice(0, cut > 20 ? cut : maxChars)}…`;
}

export interface ProbeState {
  dive: DeepDive;
  index: number;
  key: string;
  /** Every part of a good answer has been said (by statements, in any turn). */
  answered: boolean;
  /** Parts said and missing, in the probe's order. */
  said: Array<{ cue: number; by: Said }>;
  missing: number[];
  hedged: Array<{ cue: number; by: Said }>;
}

/** [LIS2] Where each deep-dive probe stands. A probe without cues is never taken as answered. */
export function probeStates(problem: LoadedProblem, said: readonly Said[]): ProbeState[] {
  return problem.deepDives.flatMap((dive) =>
    dive.probes.map((probe, index) => {
      const states = probe.answeredWhen.map((cue) => cueState(cue, said));
      const saidParts = states.flatMap((st, cue) => (st.status === 'said' ? [{ cue, by: st.by }] : []));
      const hedged = states.flatMap((st, cue) => (st.status === 'hedged' ? [{ cue, by: st.by }] : []));
      const missing = states.flatMap((st, cue) => (st.status === 'said' ? [] : [cue]));
      return {
        dive,
        index,
        key: `dd:${dive.id}:${index}`,
        answered: probe.answeredWhen.length > 0 && missing.length === 0,
        said: saidParts,
        missing,
        hedged,
      };
    }),
  );
}

/**
 * [LIS3] A follow-up on the part of an answer that is missing, quoting the candidate: only for a
 * probe the current turn engaged (a part of it was said in this turn) and only once per part.
 */
export function followUp(states: readonly ProbeState[], turnSeq: number, asked: ReadonlySet<string>): PlannedQuestion | undefined {
  for (const st of states) {
    if (st.answered || st.said.length === 0) continue;
    const now = st.said.find((x) => x.by.turn === turnSeq);
    if (!now) continue;
    for (const cue of st.missing) {
      const key = `fu:${st.dive.id}:${st.index}:${cue}`;
      if (asked.has(key)) continue;
      const ask = st.dive.probes[st.index]!.answeredWhen[cue]!.ask;
      return { key, kind: 'follow_up', text: `You said "${shortQuote(now.by.sentence)}". ${ask}`, quote: now.by.sentence.text };
    }
  }
  return undefined;
}

/** [LIS3] A hedged part ("we could add a lock maybe") said in this turn and nowhere asserted: pin it down. */
export function commitQuestion(states: readonly ProbeState[], turnSeq: number, asked: ReadonlySet<string>): PlannedQuestion | undefined {
  for (const st of states) {
    const h = st.hedged.find((x) => x.by.turn === turnSeq);
    if (!h) continue;
    const key = `commit:${st.dive.id}:${st.index}:${h.cue}`;
    if (asked.has(key)) continue;
    return { key, kind: 'follow_up', text: `You said "${shortQuote(h.by.sentence)}". Would you commit to that, and how exactly would it work here?`, quote: h.by.sentence.text };
  }
  return undefined;
}

/**
 * [LIS3] A part of an answer the candidate just said they will not do ("I didn't plan an
 * idempotency key"): the probe it belongs to is asked now, on their words.
 */
export function gapQuestion(states: readonly ProbeState[], reading: TurnReading, asked: ReadonlySet<string>): PlannedQuestion | undefined {
  for (const st of states) {
    if (st.answered || asked.has(st.key)) continue;
    const probe = st.dive.probes[st.index]!;
    for (const sentence of reading.sentences) {
      if (probe.answeredWhen.some((cue) => rejects(sentence, cue.any))) {
        return { key: st.key, kind: 'follow_up', text: `You said "${shortQuote(sentence)}". ${probe.ask}`, quote: sentence.text };
      }
    }
  }
  return undefined;
}

export interface AntiPatternHit {
  antiPattern: AntiPattern;
  sentence: SentenceReading;
}

/** [LIS4] Known wrong answers in the current turn's statements, each not yet challenged. */
export function antiPatternsIn(problem: LoadedProblem, reading: TurnReading, asked: ReadonlySet<string>): AntiPatternHit[] {
  const out: AntiPatternHit[] = [];
  for (const ap of problem.antiPatterns) {
    if (asked.has(`ap:${ap.id}`)) continue;
    const sentence = reading.sentences.find((s) => showsAntiPattern(s, ap));
    if (sentence) out.push({ antiPattern: ap, sentence });
  }
  return out;
}

/** [LIS4] An expected component the candidate waves away ("I don't think we need an event log"). */
export function rejectedComponent(problem: LoadedProblem, reading: TurnReading, asked: ReadonlySet<string>, diagramText: string): PlannedQuestion | undefined {
  for (const c of problem.components) {
    const key = `rej:${c.id}`;
    if (asked.has(key)) continue;
    const sentence = reading.sentences.find((s) => rejects(s, c.synonyms));
    if (!sentence || mentionsOnBoard(c, diagramText)) continue;
    return { key, kind: 'challenge', text: `You'd do without the ${c.label.toLowerCase()}. Then: ${c.question}`, quote: sentence.text };
  }
  return undefined;
}

function mentionsOnBoard(c: ExpectedComponent, diagramText: string): boolean {
  const norm = normalize(diagramText);
  return termHits({ norm, clauses: [{ start: 0, end: norm.length }] }, c.synonyms).length > 0;
}

/** [LIS5] Arithmetic in this turn that does not follow from the candidate's own figures. */
export function arithmeticQuestion(text: string, reading: TurnReading, asked: ReadonlySet<string>): PlannedQuestion | undefined {
  const slip = [...calculationSlips(text), ...rateSlips(reading.quantities, reading.sentences, text)][0];
  if (!slip) return undefined;
  const key = `slip:${normalize(slip.to)}`;
  if (asked.has(key)) return undefined;
  return { key, kind: 'arithmetic', text: `Check that step for me: how do you get from ${slip.from} to ${slip.to}?`, quote: `${slip.from} … ${slip.to}` };
}

const STOP = new Set(
  'what which would could should there their about happens happen when where your with from this that does have make sure doing going into each many much some other first more they them then than just like over need does doesn what\'s how\'s walk talk tell give number units expect think would you and the for are was were will can how why who whom its it\'s also here'.split(' '),
);

function contentWords(norm: string): Set<string> {
  const out = new Set<string>();
  for (const w of norm.split(/[^a-z0-9']+/)) {
    if (w.length < 4 || STOP.has(w)) continue;
    out.add(w.replace(/(?:ing|ed|es|s)$/, ''));
  }
  return out;
}

/**
 * [LIS6] Whether a turn takes up the interviewer's question: a figure for an estimate question,
 * the component or a part of the probe's answer for those, or shared content words (or a long
 * answer) for the rest. Questions and requests in reply are not ignoring it: they get their own answer.
 */
export function addresses(question: { key: string; text: string }, reading: TurnReading, problem: LoadedProblem): boolean {
  const act: Act = mainAct(reading);
  // A question or a request gets its own answer; a check-in, small talk or a note to a grader does not answer anything.
  if (act !== 'statement' && act !== 'social' && act !== 'to_grader' && act !== 'check_in') return true;
  const statements = reading.sentences.filter((s) => s.act === 'statement');
  const turnNorm = statements.map((s) => s.norm).join(' ');
  if (question.key.startsWith('est:') || question.key.startsWith('est-fix:') || question.key.startsWith('est-redo:') || question.key.startsWith('slip:')) {
    return reading.quantities.length > 0 || /\d/.test(turnNorm);
  }
  const [kind, id, probe] = question.key.split(':');
  if (kind === 'comp' || kind === 'rej') {
    const c = problem.components.find((x) => x.id === id);
    if (c && statements.some((s) => termHits(s, c.synonyms).length > 0)) return true;
  }
  if (kind === 'dd' || kind === 'fu' || kind === 'commit') {
    const p = problem.deepDives.find((d) => d.id === id)?.probes[Number(probe)];
    const cues = p?.answeredWhen.flatMap((c) => c.any) ?? [];
    if (cues.length > 0 && statements.some((s) => termHits(s, cues).length > 0)) return true;
  }
  if (kind === 'ap') {
    const ap = problem.antiPatterns.find((a) => a.id === id);
    const words = ap ? [...ap.unless, ...ap.says.flat(), ...ap.rejects] : [];
    if (words.length > 0 && statements.some((s) => termHits(s, words).length > 0)) return true;
  }
  const wordsInTurn = turnNorm.split(' ').filter(Boolean).length;
  if (wordsInTurn >= 40) return true;
  // The candidate's own words quoted back ("You said "…".") are not what was asked.
  const asked = contentWords(normalize(question.text.replace(/^You said ".*?"\.\s*/, '')));
  const said = contentWords(turnNorm);
  for (const w of asked) if (said.has(w)) return true;
  return false;
}

/** Question kinds worth asking again when ignored (a nudge or a wrap-up prompt is not). */
const REASKABLE = /^(?:dd|fu|commit|comp|rej|ap|slip|est|est-fix|est-redo|arrow|pivot|evo):/;

export type PendingQuestion =
  | { status: 'none' }
  | { status: 'answered' }
  | { status: 'reask'; question: { key: string; text: string } }
  | { status: 'drop'; question: { key: string; text: string } };

/**
 * [LIS6] The interviewer's last question, seen from the candidate's reply: answered, to be asked
 * once more ("Before we go on: ..."), or, already asked again and still ignored, dropped.
 */
export function pendingQuestion(s: SessionState, reading: TurnReading, turnSeq: number, problem: LoadedProblem): PendingQuestion {
  const before = s.turns.filter((t) => t.seq < turnSeq);
  const last = [...before].reverse().find((t) => t.role === 'interviewer');
  if (!last || !last.question || last.kind !== 'reply' || !REASKABLE.test(last.question.key)) return { status: 'none' };
  // A question from a phase the interview has left is not chased into the next one.
  if (last.phase !== s.phase) return { status: 'none' };
  if (s.dropped.includes(last.question.key)) return { status: 'none' };
  if (addresses(last.question, reading, problem)) return { status: 'answered' };
  return last.move === 'reask' ? { status: 'drop', question: last.question } : { status: 'reask', question: last.question };
}
