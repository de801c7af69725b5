// The figures a candidate states: every quantity the domain parser reads ("12k QPS", "5 TB per
// year"), plus spoken rates it does not ("58,000 per second", "1,000 searches a second", "one
// order per second") and [SCO26] counts over a period, read as a rate ("2 million submissions a
// day", "4,000 orders in 2 hours", "20 million photos per week").
import { type Quantity, parseQuantities } from '../domain/quantities.js';

const SCALES: Record<string, number> = { k: 1e3, thousand: 1e3, m: 1e6, million: 1e6, b: 1e9, bn: 1e9, billion: 1e9 };
const WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  twenty: 20, fifty: 50, hundred: 100, 'a hundred': 100, 'a thousand': 1e3, 'a million': 1e6,
};
/** A count over a period below this is per user or per item ("10 photos a week"), not a load. */
const MIN_PERIOD_COUNT = 1000;
const PERIOD_SECONDS: Record<string, number> = { second: 1, sec: 1, minute: 60, min: 60, hour: 3600, day: 86_400, week: 604_800, month: 2_592_000 };

const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|a hundred|a thousand|a million|one|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred)`;
const SCALE = String.raw`(?:\s*(k|thousand|m|million|bn|b|billion)\b)?`;
/** Up to two words naming what is counted: "orders", "new links", "push notifications". */
const WHAT = String.raw`((?:\s+[a-z][a-z-]*){0,2}?)`;
const SPOKEN_RATE = new RegExp(String.raw`(?<![\w.,])${NUMBER}${SCALE}${WHAT}\s+(?:per|a|each|every)\s+(?:second|sec)\b`, 'gi');
const PER_PERIOD = new RegExp(String.raw`(?<![\w.,])${NUMBER}${SCALE}${WHAT}\s+(?:per|a|each|every)\s+(minute|min|hour|day|week|month)\b`, 'gi');
/** "4,000 orders in like 2 hours", "a million events in one day". */
const IN_WINDOW = new RegExp(
  String.raw`(?<![\w.,])${NUMBER}${SCALE}${WHAT}\s+in\s+(?:(?:like|about|roughly|around|just|only)\s+)?(\d+(?:\.\d+)?|an?|one|two|three|four|five|six|ten)\s+(minutes?|hours?|days?|weeks?)\b`,
  'gi',
);

function amount(digits: string, scale: string | undefined): number {
  const word = WORDS[digits.toLowerCase()];
  const n = word ?? Number(digits.replace(/,/g, ''));
  return n * (scale ? (SCALES[scale.toLowerCase()] ?? 1) : 1);
}

export function statedQuantities(text: string): Quantity[] {
  const strict = parseQuantities(text);
  const out = [...strict];
  const add = (m: RegExpMatchArray, value: number) => {
    const overlaps = out.some((q) => m.index! < q.index + q.text.length && q.index < m.index! + m[0].length);
    if (overlaps || !Number.isFinite(value) || value <= 0) return;
    out.push({ kind: 'qps', value, text: m[0], index: m.index! });
  };
  for (const m of text.matchAll(SPOKEN_RATE)) add(m, amount(m[1]!, m[2]));
  for (const m of text.matchAll(PER_PERIOD)) {
    if (amount(m[1]!, m[2]) >= MIN_PERIOD_COUNT) add(m, amount(m[1]!, m[2]) / PERIOD_SECONDS[m[4]!.toLowerCase()]!);
  }
  for (const m of text.matchAll(IN_WINDOW)) {
    if (amount(m[1]!, m[2]) < MIN_PERIOD_COUNT) continue;
    const count = WORDS[m[4]!.toLowerCase()] ?? (/^an?$/i.test(m[4]!) ? 1 : Number(m[4]));
    const unit = m[5]!.toLowerCase().replace(/s$/, '');
    add(m, amount(m[1]!, m[2]) / (count * PERIOD_SECONDS[unit]!));
  }
  return out.sort((a, b) => a.index - b.index);
}
