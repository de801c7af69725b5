// [UND2] Phrase matching over normalised text (text.ts): lowercase, one kind of apostrophe, hyphens
// and slashes as spaces, so "trade-off", "trade off" and "Trade-Off" read the same. A phrase ending in `*` matches
// any word that starts with it ("estimat*" matches "estimate" and "estimating"). [SCO26] A phrase
// ending in a letter also matches its plural ("token bucket" matches "token buckets"), and a listed
// plural of another listed phrase is the same term, so "replica, replicas" counts once.
import { normalize } from './text.js';

export { normalize };

export interface PhraseSet {
  readonly phrases: readonly string[];
  /** Matches any of the phrases. */
  readonly any: RegExp;
  readonly each: ReadonlyArray<readonly [string, RegExp]>;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function pattern(phrase: string): string {
  const star = phrase.endsWith('*');
  const text = normalize(star ? phrase.slice(0, -1) : phrase);
  // Word boundaries only where the phrase itself starts or ends with a letter or digit ("80%").
  const before = /^[a-z0-9]/.test(text) ? '(?<![a-z0-9])' : '';
  const after = star ? '[a-z0-9]*' : /[a-z]$/.test(text) ? '(?:s|es)?(?![a-z0-9])' : /[0-9]$/.test(text) ? '(?![a-z0-9])' : '';
  return `${before}${escapeRegExp(text)}${after}`;
}

/** True when `phrase` is another listed phrase with a plural ending, which that phrase already matches. */
function pluralOfListed(phrase: string, listed: ReadonlySet<string>): boolean {
  if (phrase.endsWith('*')) return false;
  // Only a phrase ending in a letter matches its plural: "give me 4" does not match "give me 4s".
  const base = (b: string) => listed.has(b) && /[a-z]$/i.test(b);
  return (phrase.endsWith('s') && base(phrase.slice(0, -1))) || (phrase.endsWith('es') && base(phrase.slice(0, -2)));
}

export function compilePhrases(phrases: readonly string[]): PhraseSet {
  const listed = [...new Set(phrases.map((p) => p.trim()).filter(Boolean))];
  const set = new Set(listed);
  const unique = listed.filter((p) => !pluralOfListed(p, set));
  return {
    phrases: unique,
    any: new RegExp(unique.map(pattern).join('|')),
    each: unique.map((p) => [p.replace(/\*$/, ''), new RegExp(pattern(p))] as const),
  };
}

/** True when normalised text contains one of the phrases. */
export function hasPhrase(set: PhraseSet, norm: string): boolean {
  return set.any.test(norm);
}

/**
 * A word or phrase in normalised text, allowing a few common endings on its last word (s, es, d,
 * ed, ing, ion, ation): "fencing token" matches "fencing tokens", "expire" matches "expired".
 */
export function mentionsLoosely(norm: string, phrase: string): boolean {
  const text = normalize(phrase);
  const body = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const stem = /e$/.test(text) ? `${body.slice(0, -1)}(?:e|es|ed|ing|ion|ation)` : `${body}(?:s|es|d|ed|ing|ion|ation)?`;
  return new RegExp(`(?<![a-z0-9])${stem}(?![a-z0-9])`).test(norm);
}

/** The text that matched one phrase of the set (the whole word for a `*` phrase). */
export function matchedPhrase(set: PhraseSet, name: string, norm: string): string | undefined {
  const entry = set.each.find(([n]) => n === name);
  return entry ? entry[1].exec(norm)?.[0] : undefined;
}

/** The phrases (without a trailing `*`) that normalised text contains, in the set's order. */
export function phrasesIn(set: PhraseSet, norm: string): string[] {
  if (!set.any.test(norm)) return [];
  const out: string[] = [];
  for (const [name, re] of set.each) if (re.test(norm)) out.push(name);
  return out;
}

const compiledLists = new Map<string, PhraseSet>();
/** A phrase list compiled once (the bank's synonyms and keywords are matched on every turn). */
export function phraseSet(phrases: readonly string[]): PhraseSet {
  const key = phrases.join('\u0000');
  let set = compiledLists.get(key);
  if (!set) {
    set = compilePhrases(phrases);
    compiledLists.set(key, set);
  }
  return set;
}

/** [UND2] True when raw text mentions one of the phrases (whole words, plurals, any hyphenation). */
export function mentionsAny(text: string, phrases: readonly string[]): boolean {
  return phrases.length > 0 && hasPhrase(phraseSet(phrases), normalize(text));
}
