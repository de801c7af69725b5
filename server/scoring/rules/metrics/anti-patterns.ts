// [SCO39] Known wrong answers: the problem bank's anti-patterns that the candidate's statements show
// (the understanding module's `showsAntiPattern`, read once per sentence in the transcript index),
// and whether the candidate put each right later on.
import type { AntiPattern } from '../../../domain/problem.js';
import { type PhraseSet, hasPhrase, phraseSet } from '../../../understanding/phrases.js';
import type { FoundAntiPattern } from '../score-rules.js';
import type { Sentence } from '../../reading/transcript-index.js';
import { type MetricContext, says } from './context.js';

/**
 * The anti-patterns the candidate gave and did not take back: the first sentence showing each,
 * unless somewhere in the interview a statement of theirs names the fix on the same subject (a phrase
 * of its `unless` list with a phrase of its `says` groups: "offsets would give duplicates and gaps";
 * or the fix it rejected: "the booking runs in a transaction"), so a candidate who knows the right
 * answer is not flagged for a word said in passing. A sentence that lays out one of several options
 * ("Option two is a single global counter") weighs it and shows nothing.
 */
export function antiPatternsFound(ctx: MetricContext): FoundAntiPattern[] {
  const problem = ctx.input.problem;
  if (!problem || problem.antiPatterns.length === 0) return [];
  const first = new Map<string, Sentence>();
  for (const s of ctx.index.candidate) {
    if (s.antiPattern && !first.has(s.antiPattern) && !hasPhrase(ctx.vocab.options, s.norm)) first.set(s.antiPattern, s);
  }
  if (first.size === 0) return [];
  const out: FoundAntiPattern[] = [];
  for (const ap of problem.antiPatterns) {
    const sentence = first.get(ap.id);
    if (!sentence) continue;
    const fix = fixOf(ap);
    if (ctx.index.candidate.some((s) => putsRight(s, fix))) continue;
    out.push({ id: ap.id, title: ap.title, why: ap.why, dimension: ap.dimension, hit: { sentence } });
  }
  return out;
}

interface Fix {
  unless?: PhraseSet;
  topic?: PhraseSet;
  rejected?: PhraseSet;
}

function fixOf(ap: AntiPattern): Fix {
  const topic = ap.says.flat();
  return {
    ...(ap.unless.length > 0 && topic.length > 0 ? { unless: phraseSet(ap.unless), topic: phraseSet(topic) } : {}),
    ...(ap.rejects.length > 0 ? { rejected: phraseSet(ap.rejects) } : {}),
  };
}

function putsRight(s: Sentence, fix: Fix): boolean {
  if (fix.rejected && says(s, fix.rejected).length > 0) return true;
  return fix.unless !== undefined && fix.topic !== undefined && says(s, fix.unless).length > 0 && says(s, fix.topic).length > 0;
}
