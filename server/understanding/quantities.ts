// [UND5] Reads quantities with units out of free text ("~12k QPS", "5 TB per year", "200 Mbps"),
// spoken rates ("58,000 per second", "10k payments per second", "one order a second") and counts
// over a period read as a rate ("5 billion feed loads a day", "4,000 orders in 2 hours"), and
// normalises them, so the candidate's estimates and the problem's reference ranges compare. The
// interviewer and the scorer read figures through this one parser.

/** What a figure measures: a rate, a size, a size per year, a bandwidth. */
export type EstimateKind = 'qps' | 'bytes_per_year' | 'bytes' | 'bps';
export const ESTIMATE_KINDS: readonly EstimateKind[] = ['qps', 'bytes_per_year', 'bytes', 'bps'];

export interface Quantity {
  kind: EstimateKind;
  /** What is counted, when the words say ("payments", "feed loads", "writes"). */
  counts?: string;
  /** A count over a day, week or month read as a rate: the figure the candidate said was not per second. */
  fromPeriod?: boolean;
  /** In base units: requests/s, bytes, bytes per year, bits/s. */
  value: number;
  /** The words as written. */
  text: string;
  /** Where in the text it starts. */
  index: number;
}

const MULTIPLIERS: Record<string, number> = {
  k: 1e3, thousand: 1e3, m: 1e6, mm: 1e6, mil: 1e6, million: 1e6, b: 1e9, bn: 1e9, billion: 1e9, t: 1e12, trillion: 1e12,
};
const BYTES: Record<string, number> = {
  b: 1, byte: 1, bytes: 1,
  kb: 1e3, kilobyte: 1e3, kilobytes: 1e3,
  mb: 1e6, megabyte: 1e6, megabytes: 1e6,
  gb: 1e9, gigabyte: 1e9, gigabytes: 1e9,
  tb: 1e12, terabyte: 1e12, terabytes: 1e12,
  pb: 1e15, petabyte: 1e15, petabytes: 1e15,
  eb: 1e18, exabyte: 1e18, exabytes: 1e18,
};
const BITS_PER_SECOND: Record<string, number> = { kbps: 1e3, mbps: 1e6, gbps: 1e9, tbps: 1e12, 'kb/s': 1e3, 'mb/s': 1e6, 'gb/s': 1e9 };
const PERIOD_PER_YEAR: Record<string, number> = {
  day: 365, daily: 365, d: 365, month: 12, mo: 12, monthly: 12, year: 1, yr: 1, y: 1, annually: 1, yearly: 1,
};

// A number starts a token ("5e3" is five thousand, not "3"): thousands separators, decimals and
// a scientific exponent.
const NUMBER = String.raw`(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:e[+-]?\d+)?)`;
const RATE_WORDS = String.raw`qps|rps|tps|wps|req`;
// The scale word stands alone ("12 k QPS", "12k QPS") or is glued to the unit ("1kQPS").
const SCALE = String.raw`(?:\s*(k|thousand|mm|m|mil|million|bn|b|billion|t|trillion)(?:\b|(?=(?:${RATE_WORDS}))))?`;
const RATE_UNIT = String.raw`(qps|rps|tps|wps|req(?:uest)?s?\s*(?:/|per)\s*(?:s|sec|second)|(?:reads?|writes?|queries|query|messages?|msgs?|events?|ops|operations|clicks?|uploads?|redirects?|lookups?|transactions?|updates?|calls?|hits?)\s*(?:/|per|a)\s*(?:s|sec|second))\b`;
const BW_UNIT = String.raw`(kbps|mbps|gbps|tbps|[kmgt]bits?\s*(?:/|per)\s*(?:s|sec|second))\b`;
const BYTE_UNIT = String.raw`(eb|pb|tb|gb|mb|kb|b|bytes?|kilobytes?|megabytes?|gigabytes?|terabytes?|petabytes?|exabytes?)`;
// "5 TB per year", "500GB/day", and with a few words between: "1.5 TB of new data per day".
const FILLER = String.raw`(?:\s+(?:of|new|raw|compressed|more|extra|additional|data|storage|logs?|media|images?|photos?|videos?|content|metadata|written|ingested|added|generated|stored|uploaded)){0,3}`;
const PER = String.raw`(?:${FILLER}\s*(?:/|per|a|each|every)\s*(day|daily|d|month|mo|monthly|year|yr|y|annually|yearly|s|sec|second)\b|\s+(daily|monthly|yearly|annually)\b)?`;

const RATE_RE = new RegExp(`${NUMBER}${SCALE}\\s*${RATE_UNIT}`, 'gi');
const BW_RE = new RegExp(`${NUMBER}${SCALE}\\s*${BW_UNIT}`, 'gi');
const BYTES_RE = new RegExp(`${NUMBER}\\s*${BYTE_UNIT}(?![a-z])${PER}`, 'gi');
const BIT_PREFIX: Record<string, number> = { k: 1e3, m: 1e6, g: 1e9, t: 1e12 };

function toNumber(digits: string, scale?: string): number {
  const n = Number(digits.replace(/,/g, ''));
  return scale ? n * (MULTIPLIERS[scale.toLowerCase()] ?? 1) : n;
}

/** [EST1] Every quantity with a unit in the text, in reading order; overlapping matches keep the first. */
export function parseQuantities(text: string): Quantity[] {
  const found: Quantity[] = [];
  for (const m of text.matchAll(RATE_RE)) {
    const unit = m[3]!.toLowerCase().match(/^[a-z]+/)?.[0];
    const counts = unit && !/^(?:qps|rps|tps|wps|req|request|requests)$/.test(unit) ? unit : undefined;
    found.push({ kind: 'qps', value: toNumber(m[1]!, m[2]), text: m[0], index: m.index, ...(counts ? { counts } : {}) });
  }
  for (const m of text.matchAll(BW_RE)) {
    const unit = m[3]!.toLowerCase();
    const perBit = BITS_PER_SECOND[unit] ?? BIT_PREFIX[unit[0]!] ?? 1;
    found.push({ kind: 'bps', value: toNumber(m[1]!, m[2]) * perBit, text: m[0], index: m.index });
  }
  for (const m of text.matchAll(BYTES_RE)) {
    const unit = m[2]!.toLowerCase();
    const perUnit = BYTES[unit];
    if (perUnit === undefined) continue;
    // A bare "b" after a number is too ambiguous ("3b users"): only count it with a period.
    const period = (m[3] ?? m[4])?.toLowerCase();
    if (unit === 'b' && !period) continue;
    const bytes = toNumber(m[1]!) * perUnit;
    if (!period) {
      found.push({ kind: 'bytes', value: bytes, text: m[0], index: m.index });
    } else if (period === 's' || period === 'sec' || period === 'second') {
      // "40 Mb/s" (capital prefix, small b) is megabits; "40 MB/s" and "40 mb/s" are read as bytes.
      const bits = /^[KMGT]b$/.test(m[2]!);
      found.push({ kind: 'bps', value: bits ? bytes : bytes * 8, text: m[0], index: m.index });
    } else {
      found.push({ kind: 'bytes_per_year', value: bytes * (PERIOD_PER_YEAR[period] ?? 1), text: m[0], index: m.index });
    }
  }
  spokenRates(text, found);
  found.sort((a, b) => a.index - b.index);
  const kept: Quantity[] = [];
  for (const q of found) {
    const last = kept[kept.length - 1];
    if (last && q.index < last.index + last.text.length) continue;
    kept.push(q);
  }
  return kept;
}

const SPOKEN_SCALES: Record<string, number> = { k: 1e3, thousand: 1e3, m: 1e6, million: 1e6, b: 1e9, bn: 1e9, billion: 1e9 };
const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  twenty: 20, fifty: 50, hundred: 100, 'a hundred': 100, 'a thousand': 1e3, 'a million': 1e6, 'a billion': 1e9,
  // Spoken approximations, read at a typical value: "a few hundred writes per second" is about 300.
  'a couple hundred': 200, 'a couple of hundred': 200, 'a few hundred': 300, 'few hundred': 300, 'several hundred': 500,
  'a couple thousand': 2e3, 'a couple of thousand': 2e3, 'a few thousand': 3e3, 'few thousand': 3e3, 'several thousand': 5e3,
};
/** A count over a period below this is per user or per item ("10 photos a week"), not a load. */
const MIN_PERIOD_COUNT = 1000;
const PERIOD_SECONDS: Record<string, number> = { second: 1, sec: 1, minute: 60, min: 60, hour: 3600, day: 86_400, week: 604_800, month: 2_592_000 };

const SPOKEN_NUMBER = String.raw`(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|a couple of hundred|a couple hundred|a few hundred|few hundred|several hundred|a couple of thousand|a couple thousand|a few thousand|few thousand|several thousand|a hundred|a thousand|a million|a billion|one|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred)`;
const SPOKEN_SCALE = String.raw`(?:\s*(k|thousand|m|million|bn|b|billion)\b)?`;
/** Up to five words naming what is counted: "orders", "feed page loads", "new short links get created". */
const WHAT = String.raw`((?:\s+[a-z][a-z'-]*){0,5}?)`;
const SPOKEN_RATE = new RegExp(String.raw`(?<![\w.,])${SPOKEN_NUMBER}${SPOKEN_SCALE}${WHAT}\s+(?:per|a|an|each|every)\s+(?:second|sec)\b`, 'gi');
const PER_PERIOD = new RegExp(String.raw`(?<![\w.,])${SPOKEN_NUMBER}${SPOKEN_SCALE}${WHAT}\s+(?:per|a|an|each|every)\s+(minute|min|hour|day|week|month)\b`, 'gi');
/** "4,000 orders in like 2 hours", "a million events in one day". */
const IN_WINDOW = new RegExp(
  String.raw`(?<![\w.,])${SPOKEN_NUMBER}${SPOKEN_SCALE}${WHAT}\s+in\s+(?:(?:like|about|roughly|around|just|only)\s+)?(\d+(?:\.\d+)?|an?|one|two|three|four|five|six|ten)\s+(minutes?|hours?|days?|weeks?)\b`,
  'gi',
);
/** Words that name no thing counted ("about", "or so") and are dropped from `counts`. */
const NOT_COUNTED = /\b(?:about|around|roughly|approximately|or|so|maybe|like|just|only|of|the|at|peak|requests?|new)\b/g;

function spokenAmount(digits: string, scale: string | undefined): number {
  const word = NUMBER_WORDS[digits.toLowerCase()];
  const n = word ?? Number(digits.replace(/,/g, ''));
  return n * (scale ? (SPOKEN_SCALES[scale.toLowerCase()] ?? 1) : 1);
}

function countedWords(what: string | undefined): string | undefined {
  const w = (what ?? '').toLowerCase().replace(NOT_COUNTED, ' ').replace(/\s+/g, ' ').trim();
  return w || undefined;
}

/** Spoken rates and counts over a period, where no unit matched first ("10k payments per second"). */
function spokenRates(text: string, found: Quantity[]): void {
  const add = (m: RegExpMatchArray, value: number, fromPeriod: boolean) => {
    if (!Number.isFinite(value) || value <= 0) return;
    const counts = countedWords(m[3]);
    found.push({ kind: 'qps', value, text: m[0], index: m.index!, ...(counts ? { counts } : {}), ...(fromPeriod ? { fromPeriod } : {}) });
  };
  for (const m of text.matchAll(SPOKEN_RATE)) add(m, spokenAmount(m[1]!, m[2]), false);
  for (const m of text.matchAll(PER_PERIOD)) {
    const n = spokenAmount(m[1]!, m[2]);
    if (n >= MIN_PERIOD_COUNT) add(m, n / PERIOD_SECONDS[m[4]!.toLowerCase()]!, true);
  }
  for (const m of text.matchAll(IN_WINDOW)) {
    const n = spokenAmount(m[1]!, m[2]);
    if (n < MIN_PERIOD_COUNT) continue;
    const count = NUMBER_WORDS[m[4]!.toLowerCase()] ?? (/^an?$/i.test(m[4]!) ? 1 : Number(m[4]));
    const unit = m[5]!.toLowerCase().replace(/s$/, '');
    add(m, n / (count * PERIOD_SECONDS[unit]!), true);
  }
}

/** Parses a string that must be exactly one quantity (the problem bank's ranges). */
export function parseQuantity(text: string): Quantity | undefined {
  const all = parseQuantities(text);
  return all.length === 1 ? all[0] : undefined;
}

export type EstimateVerdict = 'in_range' | 'close' | 'off';

/**
 * [EST2] Compares by order of magnitude: inside the range is right; within 10x of the range's
 * nearer bound is close; beyond that it is off. `factor` is stated/nearest bound (1 inside).
 */
export function judge(value: number, low: number, high: number): { verdict: EstimateVerdict; factor: number } {
  if (value >= low && value <= high) return { verdict: 'in_range', factor: 1 };
  const factor = value < low ? value / low : value / high;
  const magnitude = Math.abs(Math.log10(factor));
  return { verdict: magnitude <= 1 ? 'close' : 'off', factor };
}

const SI: Array<[number, string]> = [[1e15, 'P'], [1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];

function si(value: number): [string, string] {
  for (const [size, prefix] of SI) {
    if (value >= size) return [trim(value / size), prefix];
  }
  return [trim(value), ''];
}

function trim(n: number): string {
  return n >= 100 ? String(Math.round(n)) : String(Number(n.toPrecision(2)));
}

/** Writes a normalised value back in the units people say it in. */
export function formatQuantity(kind: EstimateKind, value: number): string {
  const [n, p] = si(value);
  switch (kind) {
    case 'qps':
      return `${n}${p} QPS`;
    case 'bps':
      return `${n} ${p}bps`;
    case 'bytes':
      return `${n} ${p === 'k' ? 'K' : p}B`;
    case 'bytes_per_year':
      return `${n} ${p === 'k' ? 'K' : p}B/year`;
  }
}
