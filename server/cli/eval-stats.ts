// The figures `npm run eval` prints: Spearman rank correlation (ties take their average rank),
// agreement within one step, confusion tables, and the spread of repeated runs. Pure functions.

/** 1-based ranks; tied values share the average of the ranks they span. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.v === order[start]!.v) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]!.i] = rank;
    start = end + 1;
  }
  return ranks;
}

export function pearson(x: readonly number[], y: readonly number[]): number | null {
  if (x.length !== y.length) throw new Error('pearson: the two series differ in length');
  const n = x.length;
  if (n < 2) return null;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * Spearman's rho: the Pearson correlation of the average ranks. Null when it is undefined: fewer
 * than two pairs, or one side without any variation (every label the same, say).
 */
export function spearman(x: readonly number[], y: readonly number[]): number | null {
  return pearson(averageRanks(x), averageRanks(y));
}

export interface Agreement {
  n: number;
  spearman: number | null;
  exact: number;
  withinOne: number;
  /** Mean absolute difference, in steps of the scale. */
  meanAbsDiff: number | null;
}

/** Agreement of paired ordinal values (labels first, then the scorer's), each given as its rank on one scale. */
export function agreement(pairs: ReadonlyArray<readonly [number, number]>): Agreement {
  const n = pairs.length;
  const diffs = pairs.map(([a, b]) => Math.abs(a - b));
  return {
    n,
    spearman: spearman(
      pairs.map((p) => p[0]),
      pairs.map((p) => p[1]),
    ),
    exact: diffs.filter((d) => d === 0).length,
    withinOne: diffs.filter((d) => d <= 1).length,
    meanAbsDiff: n > 0 ? diffs.reduce((a, b) => a + b, 0) / n : null,
  };
}

/** counts[row][column]: how often the label said `row` while the scorer said `column`. */
export function confusion<R extends string, C extends string>(pairs: ReadonlyArray<readonly [R, C]>, rows: readonly R[], columns: readonly C[]): number[][] {
  const table = rows.map(() => columns.map(() => 0));
  for (const [r, c] of pairs) {
    const i = rows.indexOf(r);
    const j = columns.indexOf(c);
    if (i < 0 || j < 0) throw new Error(`confusion: "${r}" or "${c}" is not on the scale`);
    table[i]![j]!++;
  }
  return table;
}

export interface Spread {
  n: number;
  min: number;
  max: number;
  mean: number;
  /** Population standard deviation over the runs (0 when every run agrees). */
  stdev: number;
}

export function spread(values: readonly number[]): Spread | null {
  const n = values.length;
  if (n === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / n;
  return { n, min: Math.min(...values), max: Math.max(...values), mean, stdev: Math.sqrt(variance) };
}

/** A confusion table as text: rows that have a label, every column of the scale, '.' for zero. */
export function confusionText(table: number[][], rows: readonly string[], columns: readonly string[], indent = '    '): string {
  const used = rows.map((_, i) => i).filter((i) => table[i]!.some((c) => c > 0));
  const first = Math.max('label \\ scorer'.length, ...used.map((i) => rows[i]!.length));
  const widths = columns.map((c) => Math.max(c.length, 2));
  const lines = [`${indent}${'label \\ scorer'.padEnd(first)}  ${columns.map((c, j) => c.padStart(widths[j]!)).join('  ')}`];
  for (const i of used) {
    lines.push(`${indent}${rows[i]!.padEnd(first)}  ${table[i]!.map((v, j) => (v === 0 ? '.' : String(v)).padStart(widths[j]!)).join('  ')}`);
  }
  return lines.join('\n');
}
