// [UND6] What the candidate's readings establish against the problem bank's structures: which
// parts of a good answer were said (cues), and which known wrong answers (anti-patterns) a sentence
// shows. Structural types only: the bank's schema lives in domain/, which imports this module.
import { type SentenceReading, asserts, hedges, rejects, states, termHits } from './read-turn.js';

export interface CueLike {
  any: readonly string[];
}

export interface AntiPatternLike {
  says: ReadonlyArray<readonly string[]>;
  rejects: readonly string[];
  unless: readonly string[];
}

/** A sentence of one turn, with where that turn sits in the transcript. */
export interface Said {
  turn: number;
  sentence: SentenceReading;
}

export type CueState = { status: 'said'; by: Said } | { status: 'hedged'; by: Said } | { status: 'missing' };

/**
 * [UND6] The state of one part of an answer across everything said: stated as a statement (the
 * first such sentence), only hedged, or missing. A question naming it, or a "we don't need it",
 * does not say it.
 */
export function cueState(cue: CueLike, said: readonly Said[]): CueState {
  let hedged: Said | undefined;
  for (const x of said) {
    if (asserts(x.sentence, cue.any)) return { status: 'said', by: x };
    if (!hedged && hedges(x.sentence, cue.any)) hedged = x;
  }
  return hedged ? { status: 'hedged', by: hedged } : { status: 'missing' };
}

/**
 * [UND6] The sentence shows the anti-pattern: it states (asserted or hedged, as a statement) a
 * phrase of every `says` group, or rejects or puts off a `rejects` phrase; and it names none of the
 * `unless` phrases (the fix) as a statement.
 */
export function showsAntiPattern(s: SentenceReading, ap: AntiPatternLike): boolean {
  if (ap.unless.length > 0 && states(s) && termHits(s, ap.unless).some((h) => h.polarity === 'asserted' || h.polarity === 'hedged')) return false;
  if (ap.rejects.length > 0 && rejects(s, ap.rejects)) return true;
  if (ap.says.length === 0) return false;
  return ap.says.every((group) => {
    if (s.act !== 'statement') return false;
    return termHits(s, group).some((h) => h.polarity === 'asserted' || h.polarity === 'hedged');
  });
}
