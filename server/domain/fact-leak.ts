// [LIS9][COACH5] Does a text give a hidden fact away? The one check shared by the model
// interviewer's reply guard and coach mode's hints: a text leaks a fact when it states one of the
// fact's distinctive figures (two digits or more) that nothing allowed, or repeats a run of six
// words of the fact's wording. Pure.

/** Numbers in a text, as digit strings without separators ("10,000" → "10000", "1.2k" → "1.2"). */
export function figures(text: string): string[] {
  return [...text.matchAll(/\d[\d,]*(?:\.\d+)?/g)].map((m) => m[0].replace(/,/g, ''));
}

/** Figures a hidden fact carries that are distinctive enough to give it away (two digits or more). */
function distinctiveFigures(answer: string): string[] {
  return figures(answer).filter((f) => f.replace('.', '').length >= 2);
}

/** Runs of six words that belong to a fact's wording. */
function shingles(text: string, n = 6): Set<string> {
  const words = text.toLowerCase().replace(/[^a-z0-9 ]+/g, ' ').split(/\s+/).filter(Boolean);
  const out = new Set<string>();
  for (let i = 0; i + n <= words.length; i++) out.add(words.slice(i, i + n).join(' '));
  return out;
}

/** How a text gave a hidden fact away: by one of its figures, or by a run of its wording. */
export type FactLeak = 'figure' | 'wording';

/**
 * [LIS9][COACH5] A checker against the answers of the hidden facts that must not be stated.
 * Figures in `allowedFigures` (the material the text may draw on: the statement, the facts already
 * given, the candidate's own words) may come back; `leak(text)` says how the text gives a fact away,
 * or undefined when it does not.
 */
export function factLeakCheck(forbidden: readonly string[], allowedFigures: ReadonlySet<string>): { leak(text: string): FactLeak | undefined } {
  const facts = forbidden.map((answer) => ({ figures: distinctiveFigures(answer).filter((f) => !allowedFigures.has(f)), shingles: shingles(answer) }));
  return {
    leak(text: string): FactLeak | undefined {
      const stated = figures(text);
      const own = shingles(text);
      for (const f of facts) {
        if (f.figures.some((x) => stated.includes(x))) return 'figure';
        for (const sh of own) if (f.shingles.has(sh)) return 'wording';
      }
      return undefined;
    },
  };
}
