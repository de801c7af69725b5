// [UND7] Arithmetic the candidate got wrong in their own words: "5 billion a day, so about 60 reads
// a second" or "100M / 86,400 = 12k". Only the candidate's own figures are compared with each other:
// whether they are the right figures for the problem is the estimate check's business.
import type { Quantity } from './quantities.js';
import type { SentenceReading } from './read-turn.js';

export interface ArithmeticSlip {
  /** The figures as written, e.g. "5 billion feed loads a day" and "60 reads per second". */
  from: string;
  to: string;
  /** What the candidate's own premise gives, and what they said (same unit). */
  expected: number;
  stated: number;
}

/** A rate may exceed the daily average by a peak factor, or fall below it for a subset: not by more. */
const MAX_PEAK_FACTOR = 50;
const MIN_SHARE = 1 / 8;
/** A share named between the two figures ("20% of them are writes") explains a smaller rate. */
const SHARE_WORDS = /%|percent|of which|of them|of those|fraction|only a|a subset|a tenth|a quarter|half of/i;
/** An explicit calculation is wrong when its result is off by more than this factor. */
const CALC_TOLERANCE = 3;

const SCALE: Record<string, number> = { k: 1e3, thousand: 1e3, m: 1e6, mm: 1e6, mil: 1e6, million: 1e6, bn: 1e9, billion: 1e9, t: 1e12, trillion: 1e12 };
// Scale words only in lower case or as k/M (a capital B is bytes, not billions); a figure followed by
// a unit ("500 B", "50 GB", "1 Gbps", "2 ms") is a measurement, and such calculations are left to
// the estimate check, which reads units.
const NUM = String.raw`(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(k|K|[Tt]housand|mm|M|mil|[Mm]illion|bn|[Bb]illion|T|[Tt]rillion)?(?![A-Za-z])(?!\s*(?:[KMGTP]?B|[kmgtp]?bps|bytes?|bits?|ms|s|sec|seconds?|minutes?|hours?|days?)\b)`;
const OP = String.raw`\s*(/|÷|\*|[xX]|×|times|divided by|multiplied by|over)\s*`;
const EQ = String.raw`\s*(?:=|≈|~=|is|equals|gives|gives us|comes to|makes|is about|is around|is roughly|that's|which is)\s*(?:about|around|roughly|approximately|~)?\s*`;
const CALC = new RegExp(`${NUM}${OP}${NUM}${EQ}${NUM}`, 'g');

function value(digits: string, scale: string | undefined): number {
  return Number(digits.replace(/,/g, '')) * (scale ? (SCALE[scale.toLowerCase()] ?? 1) : 1);
}

/** [UND7] Explicit calculations in a sentence whose result is off by more than 3x. */
export function calculationSlips(text: string): ArithmeticSlip[] {
  const out: ArithmeticSlip[] = [];
  for (const m of text.matchAll(CALC)) {
    const a = value(m[1]!, m[2]);
    const op = m[3]!.toLowerCase();
    const b = value(m[4]!, m[5]);
    const c = value(m[6]!, m[7]);
    const expected = op === '/' || op === '÷' || op === 'divided by' || op === 'over' ? (b === 0 ? NaN : a / b) : a * b;
    if (!Number.isFinite(expected) || expected <= 0 || c <= 0) continue;
    const ratio = c / expected;
    if (ratio > CALC_TOLERANCE || ratio < 1 / CALC_TOLERANCE) out.push({ from: `${m[1]}${m[2] ?? ''} ${m[3]} ${m[4]}${m[5] ?? ''}`, to: `${m[6]}${m[7] ?? ''}`, expected, stated: c });
  }
  return out;
}

/**
 * [UND7] A count over a period followed, in the same or the next sentence, by a per-second rate
 * that cannot come from it: more than 50x above its average, or 8x below it with no share named
 * in between ("10% of them are writes").
 */
export function rateSlips(quantities: readonly Quantity[], sentences: readonly Pick<SentenceReading, 'start' | 'end'>[], text = ''): ArithmeticSlip[] {
  const sentenceOf = (q: Quantity) => sentences.findIndex((s) => q.index >= s.start && q.index < s.end);
  const out: ArithmeticSlip[] = [];
  for (let i = 0; i < quantities.length; i++) {
    const premise = quantities[i]!;
    if (premise.kind !== 'qps' || !premise.fromPeriod) continue;
    const at = sentenceOf(premise);
    const next = quantities.slice(i + 1).find((q) => q.kind === 'qps' && !q.fromPeriod);
    if (!next || sentenceOf(next) - at > 1) continue;
    const ratio = next.value / premise.value;
    if (ratio < 1 && SHARE_WORDS.test(text.slice(premise.index, next.index))) continue;
    if (ratio > MAX_PEAK_FACTOR || ratio < MIN_SHARE) out.push({ from: premise.text.trim(), to: next.text.trim(), expected: premise.value, stated: next.value });
  }
  return out;
}
