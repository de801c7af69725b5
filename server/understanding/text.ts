// [UND1] Text as the understanding module reads it: sentences with verbatim offsets (so every
// quote is a slice of what was said), one normal form for matching, word counts. Linear in the
// text's length: every function here makes one pass.

export interface Span {
  start: number;
  end: number;
}

const WS = /\s/;

/**
 * Lowercase, one kind of apostrophe and quote, hyphens, underscores and slashes as spaces, runs of
 * space as one: "Write-Through", "write through" and "write_through" read the same.
 */
export function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[-\u2010\u2011\u2012\u2013\u2014_/]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Dots that do not end a sentence: "e.g.", "i.e.", "vs." (decimals never do: no space follows). */
const ABBREVIATION = /(?:^|[\s(])(?:e\.g|i\.e|vs|approx|incl)\.$/i;

/** [UND1] A run-on longer than this is cut at a word boundary: no reading ever scans more at once. */
export const MAX_SENTENCE_CHARS = 600;

/**
 * [UND1] Sentence spans of a text: a sentence ends at . ! or ? (or a run of them) before
 * whitespace or the end, or at a line break; "e.g." and "vs." do not end one; a run-on is cut
 * at a space after MAX_SENTENCE_CHARS. One pass.
 */
export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && WS.test(text[s]!)) s++;
    while (e > s && WS.test(text[e - 1]!)) e--;
    if (e > s) spans.push({ start: s, end: e });
  };
  let lastSpace = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\t') lastSpace = i;
    if (i - start >= MAX_SENTENCE_CHARS && lastSpace > start) {
      push(lastSpace);
      start = lastSpace + 1;
    }
    if (ch === '\n') {
      push(i);
      start = i + 1;
    } else if ((ch === '.' || ch === '!' || ch === '?') && (i + 1 === text.length || WS.test(text[i + 1]!))) {
      // Only the tail of the text is looked at, so this stays linear.
      if (ch === '.' && ABBREVIATION.test(text.slice(Math.max(start, i - 8), i + 1))) continue;
      push(i + 1);
      start = i + 1;
    }
  }
  push(text.length);
  return spans;
}

export const MAX_QUOTE_CHARS = 240;

/**
 * The text lowercased, with one kind of apostrophe and hyphens, underscores and slashes as spaces,
 * keeping every offset (no spaces collapsed): phrase patterns find positions in the original.
 */
export function normalizeInPlace(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[-\u2010\u2011\u2012\u2013\u2014_/]/g, ' ');
}

/**
 * A verbatim quote from `text[span]`: the whole sentence when short, else a window around `focus`
 * (an offset inside the span) cut at word boundaries.
 */
export function quoteOf(text: string, span: Span, focus = span.start): string {
  if (span.end - span.start <= MAX_QUOTE_CHARS) return text.slice(span.start, span.end);
  let s = Math.max(span.start, Math.min(focus - 60, span.end - MAX_QUOTE_CHARS));
  let e = Math.min(span.end, s + MAX_QUOTE_CHARS);
  if (s > span.start) {
    const next = text.indexOf(' ', s);
    if (next !== -1 && next < e) s = next + 1;
  }
  if (e < span.end) {
    const prev = text.lastIndexOf(' ', e);
    if (prev > s) e = prev;
  }
  return text.slice(s, e).trim();
}

export function wordCount(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = WS.test(text[i]!);
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}
