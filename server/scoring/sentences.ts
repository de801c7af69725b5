// Splits turns into sentences with their offsets, so that every quote the report cites is a
// verbatim slice of a turn's text.

export interface Span {
  start: number;
  end: number;
}

const WS = /\s/;

/** Sentence spans of a text: a sentence ends at . ! or ? before whitespace, or at a line break. */
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
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') {
      push(i);
      start = i + 1;
    } else if ((ch === '.' || ch === '!' || ch === '?') && (i + 1 === text.length || WS.test(text[i + 1]!))) {
      push(i + 1);
      start = i + 1;
    }
  }
  push(text.length);
  return spans;
}

export const MAX_QUOTE_CHARS = 240;

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
  const m = text.match(/\S+/g);
  return m ? m.length : 0;
}
