// [UND3] What one sentence does (asks, checks in, asks for the answer, asks the interviewer to do
// the work, asks for help, moves on, makes small talk, speaks to a grader, or states something), and
// [UND4] the polarity of what it says about a term: asserted, negated, hedged or put off.
import {
  CHECK_IN,
  CONFIRM_TAG,
  DEFERRALS,
  DESIGN_WORDS,
  DISMISSAL,
  HEDGES,
  INDIRECT_QUESTION,
  LEAD_FILLERS,
  MOVE_ON,
  NEGATORS,
  NOT_DEFERRAL,
  NOT_NEGATION,
  REQUEST_ANSWER,
  REQUEST_HELP,
  REQUEST_WORK,
  SOCIAL,
  TO_GRADER,
} from './lexicon.js';
import { compilePhrases, hasPhrase } from './phrases.js';

export type Act =
  | 'to_grader'
  | 'move_on'
  | 'request_help'
  | 'request_answer'
  | 'request_work'
  | 'check_in'
  | 'question'
  | 'social'
  | 'statement';

/** Acts in the order a reply attends to them. */
export const ACT_PRIORITY: readonly Act[] = ['to_grader', 'request_answer', 'request_work', 'request_help', 'question', 'check_in', 'move_on', 'social', 'statement'];

export type Polarity = 'asserted' | 'negated' | 'hedged' | 'deferred';

const sets = {
  toGrader: compilePhrases(TO_GRADER),
  moveOn: compilePhrases(MOVE_ON),
  help: compilePhrases(REQUEST_HELP),
  answer: compilePhrases(REQUEST_ANSWER),
  work: compilePhrases(REQUEST_WORK),
  checkIn: compilePhrases(CHECK_IN),
  social: compilePhrases(SOCIAL),
  indirect: compilePhrases(INDIRECT_QUESTION),
  design: compilePhrases(DESIGN_WORDS),
  hedges: compilePhrases(HEDGES),
  deferrals: compilePhrases(DEFERRALS),
  notDeferral: compilePhrases(NOT_DEFERRAL),
};

const FILLER_RE = new RegExp(
  `^(?:(?:${[...LEAD_FILLERS].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![a-z'])[,.!]?\\s*)+`,
);

/** The sentence without openers that carry no grammar ("so, um, okay, what is ..."). */
export function stripLead(norm: string): string {
  return norm.replace(FILLER_RE, '');
}

const AUX = 'do|does|did|is|are|was|were|am|can|could|should|would|will|shall|have|has|may|might|must';
const SUBJECT = "we|i|you|they|it|the|this|that|there|these|those|our|a|an|all|each|any|every|someone|anyone|he|she|users?|people|customers?|clients?|merchants?|drivers?|riders?|it's|that's|there's";
const INVERTED = new RegExp(`^(?:${AUX})(?:n't)?\\s+(?:${SUBJECT})(?![a-z])`);
const WH = /^(what|what's|how|how's|which|who|who's|whom|whose|where|where's|when|why)(?![a-z])/;
const WH_THEN = new RegExp(
  `^\\s*(?:(?:${AUX}|'s|s|many|much|long|often|big|large|fast|slow|soon|far|kind|type|sort|sorts|kinds|types|about|if|else|exactly|happens|happened|percentage|fraction|share|proportion|level|amount|number|rate|size|volume)(?![a-z])|(?!(?:we|i|you|they|he|she|it|the|this|that|our|there)(?![a-z]))(?:[a-z']+\\s+){1,3}(?:${AUX})\\s+(?:${SUBJECT})(?![a-z]))`,
);
const RELATIVE_WHICH = new RegExp(`^which\\s+(?:${AUX}|means|gives|makes|keeps|lets|costs|takes|adds|leaves|helps)(?![a-z])`);
const QUESTION_MARK = /\?["')\]*_\s]*$/;

/** [UND3] A question by its punctuation or its grammar, never by its first word alone. */
export function isQuestionSentence(text: string, norm: string): boolean {
  if (QUESTION_MARK.test(text)) return true;
  const body = stripLead(norm);
  if (hasPhrase(sets.indirect, body.slice(0, 40))) return true;
  // The whole sentence, or its last clause ("In terms of scale, how many users do we expect"), opens like a question.
  const clauses = body.split(/[,;:]\s*/);
  // A last clause opening with "which is", "which means" ... is a relative clause on what came before
  // ("..., which is better than charging twice."), not a question.
  const last = clauses.length > 1 ? stripLead(clauses[clauses.length - 1]!) : undefined;
  const candidates = last !== undefined && !RELATIVE_WHICH.test(last) ? [body, last] : [body];
  return candidates.some((c) => {
    if (INVERTED.test(c)) return true;
    const wh = WH.exec(c);
    return wh !== null && WH_THEN.test(c.slice(wh[0].length));
  });
}

/** [UND3] Carries design content: a digit or a general design word. */
export function hasDesignContent(norm: string): boolean {
  return /[0-9]/.test(norm) || hasPhrase(sets.design, norm);
}

/** Small talk is short: a long sentence with "anyway" or "sorry" in it is still saying something. */
const SOCIAL_MAX_WORDS = 10;
const OWN_PLAN = /^(?:so\s+|and\s+|then\s+)?(?:we|i|we're|i'm|we'll|i'll|we'd|i'd|we've|i've|my|our)(?![a-z])/;

const IMPERATIVE = /^(?:please\s+)?(?:just\s+)?(?:tell|give|show|draw|design|do|finish|fill|pick|choose|decide|write|calculate|estimate|read|help|explain)(?![a-z])/;
const ASKS_OF_YOU = /(?<![a-z])(?:for me|you decide|you choose|you pick|up to you|your call|let you decide)(?![a-z])/;

/** [UND3] The act of one sentence. `norm` is its normal form (text.ts). */
export function classifySentence(text: string, norm: string): { act: Act; question: boolean } {
  const question = isQuestionSentence(text, norm);
  if (hasPhrase(sets.toGrader, norm)) return { act: 'to_grader', question };
  const body = stripLead(norm);
  const asking = question || IMPERATIVE.test(body) || ASKS_OF_YOU.test(body) || /(?<![a-z])please(?![a-z])/.test(body);
  if (hasPhrase(sets.moveOn, norm) && !hasPhrase(sets.checkIn, norm)) return { act: 'move_on', question };
  if (hasPhrase(sets.help, norm)) return { act: 'request_help', question };
  if (asking && hasPhrase(sets.answer, norm)) return { act: 'request_answer', question };
  if (asking && hasPhrase(sets.work, norm)) return { act: 'request_work', question };
  // A confirming tag on the candidate's own plan ("we'll shard by user, right?") checks in; on the
  // problem ("this is an online system, right?") it asks.
  if (question && (hasPhrase(sets.checkIn, norm) || (QUESTION_MARK.test(text) && CONFIRM_TAG.test(norm.replace(/\?+$/, '?')) && OWN_PLAN.test(body))))
    return { act: 'check_in', question };
  if (!/[a-z0-9]/.test(norm)) return { act: 'social', question }; // emoji, punctuation
  if (hasPhrase(sets.social, norm) && !hasDesignContent(norm) && norm.split(' ').length <= SOCIAL_MAX_WORDS) return { act: 'social', question };
  if (question) return { act: 'question', question };
  return { act: 'statement', question };
}

// ---- polarity -----------------------------------------------------------------------------

const NEGATOR_RE = new RegExp(`(?<![a-z])(?:${NEGATORS.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![a-z])|n't(?![a-z])`, 'g');
const notNegation = compilePhrases(NOT_NEGATION);
/** Clause boundaries inside a sentence: punctuation and the conjunctions that turn an argument. */
const CLAUSE_BREAK = /[,;:()]|(?<![a-z])(?:but|although|though|however|whereas|except|otherwise|so that|because|since|which means|so)(?![a-z])/g;
const ANAPHOR = /(?<![a-z])(?:it|that|this|them|those|one|these)(?![a-z])/;
const NEGATION_WINDOW_WORDS = 6;

export interface Clause {
  start: number;
  end: number;
}

/** [UND4] The clauses of a normalised sentence, as offsets. */
export function clausesOf(norm: string): Clause[] {
  const out: Clause[] = [];
  let start = 0;
  for (const m of norm.matchAll(CLAUSE_BREAK)) {
    if (m.index > start) out.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  if (start < norm.length) out.push({ start, end: norm.length });
  return out.length ? out : [{ start: 0, end: norm.length }];
}

function clauseAt(clauses: readonly Clause[], at: number): number {
  for (let i = 0; i < clauses.length; i++) if (at < clauses[i]!.end) return i;
  return clauses.length - 1;
}

function negatedBefore(norm: string, from: number, at: number): boolean {
  const window = norm.slice(from, at);
  const words = window.trim().split(' ');
  const tail = words.slice(-NEGATION_WINDOW_WORDS).join(' ');
  for (const m of tail.matchAll(NEGATOR_RE)) {
    // "not only", "no matter", "not sure" look negative and are not.
    const around = tail.slice(Math.max(0, m.index - 12), m.index + m[0].length + 16);
    if (hasPhrase(notNegation, around)) continue;
    return true;
  }
  return false;
}

/**
 * [UND4] What the sentence says about the term found at offset `at` of `norm`:
 * negated when a negator precedes it in its clause (within six words) or its clause, or a later
 * clause that refers back to it ("... but I don't think we need it"), dismisses it; put off when
 * its clause defers it; hedged when its clause, or the sentence's opening, hedges.
 */
export function polarityAt(norm: string, at: number, clauses: readonly Clause[] = clausesOf(norm), len = 0): Polarity {
  const i = clauseAt(clauses, at);
  const c = clauses[i]!;
  // The term's own words are blanked out of its clause: they do not dismiss, defer or hedge it.
  const clause = `${norm.slice(c.start, at)} ${' '.repeat(Math.min(len, Math.max(0, c.end - at)))} ${norm.slice(Math.min(c.end, at + len), c.end)}`;
  if (negatedBefore(norm, c.start, at)) return 'negated';
  if (DISMISSAL.test(clause)) return 'negated';
  for (let j = i + 1; j < clauses.length; j++) {
    const later = norm.slice(clauses[j]!.start, clauses[j]!.end);
    if (DISMISSAL.test(later) && ANAPHOR.test(later)) return 'negated';
  }
  if (hasPhrase(sets.deferrals, clause) && !hasPhrase(sets.notDeferral, clause)) return 'deferred';
  if (hasPhrase(sets.hedges, clause) || (at >= 20 && hasPhrase(sets.hedges, norm.slice(0, 20)))) return 'hedged';
  return 'asserted';
}
