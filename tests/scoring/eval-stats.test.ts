// The figures of `npm run eval` on small fixed inputs worked out by hand.
import { describe, expect, it } from 'vitest';
import { agreement, averageRanks, confusion, confusionText, pearson, spearman, spread } from '../../server/cli/eval-stats.js';
import { type EvalRow, LABEL_LEVELS, figures } from '../../server/cli/eval.js';
import { VERDICTS } from '../../server/scoring/types.js';

describe('Spearman rank correlation', () => {
  it('gives tied values the average of the ranks they span', () => {
    expect(averageRanks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
    expect(averageRanks([3, 1, 3, 3, 2])).toEqual([4, 1, 4, 4, 2]);
    expect(averageRanks([])).toEqual([]);
  });

  it('is 1 for the same order, -1 for the reverse, whatever the spacing', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 35, 90])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [9, 5, 2, 0])).toBeCloseTo(-1, 12);
  });

  it('with ties is the Pearson correlation of the average ranks', () => {
    // x ranks [1, 2.5, 2.5, 4], y ranks [1, 3, 2, 4]: cov 4.5, var 4.5 and 5, rho = 4.5 / sqrt(22.5).
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(4.5 / Math.sqrt(22.5), 12);
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(0.948683, 5);
    // Ties on both sides: labels [4,1,4,2,4] against [2,1,1,2,2] (a verdict set): 2.5 / sqrt(60).
    expect(spearman([4, 1, 4, 2, 4], [2, 1, 1, 2, 2])).toBeCloseTo(2.5 / Math.sqrt(60), 12);
  });

  it('is undefined (null) without two pairs or without variation on one side', () => {
    expect(spearman([], [])).toBeNull();
    expect(spearman([1], [2])).toBeNull();
    expect(spearman([2, 2, 2], [1, 2, 3])).toBeNull();
    expect(() => pearson([1, 2], [1])).toThrow(/differ in length/);
  });
});

describe('agreement and confusion', () => {
  it('counts exact and within-one agreement and the mean absolute difference', () => {
    const a = agreement([
      [0, 0],
      [1, 2],
      [2, 0],
      [3, 3],
      [3, 1],
    ]);
    expect(a).toMatchObject({ n: 5, exact: 2, withinOne: 3, meanAbsDiff: (0 + 1 + 2 + 0 + 2) / 5 });
    expect(agreement([])).toEqual({ n: 0, spearman: null, exact: 0, withinOne: 0, meanAbsDiff: null });
  });

  it('tabulates label against scorer on the full scales', () => {
    const t = confusion(
      [
        ['yes', 'lean_no'],
        ['yes', 'lean_no'],
        ['lean_no', 'no'],
        ['yes', 'yes'],
      ],
      VERDICTS,
      VERDICTS,
    );
    expect(t[VERDICTS.indexOf('yes')]).toEqual([0, 0, 2, 0, 1, 0]);
    expect(t[VERDICTS.indexOf('lean_no')]).toEqual([0, 1, 0, 0, 0, 0]);
    expect(t.flat().reduce((a, b) => a + b, 0)).toBe(4);
    expect(() => confusion([['maybe' as 'yes', 'no']], VERDICTS, VERDICTS)).toThrow(/not on the scale/);
    const text = confusionText(t, VERDICTS, VERDICTS, '');
    expect(text.split('\n')).toEqual([
      'label \\ scorer  strong_no  no  lean_no  lean_yes  yes  strong_yes',
      'lean_no                 .   1        .         .    .           .',
      'yes                     .   .        2         .    1           .',
    ]);
  });

  it('spread: min, max, mean and the population standard deviation', () => {
    expect(spread([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ n: 8, min: 2, max: 9, mean: 5, stdev: 2 });
    expect(spread([3, 3, 3])).toMatchObject({ min: 3, max: 3, stdev: 0 });
    expect(spread([])).toBeNull();
  });
});

describe('eval figures over rows', () => {
  const dims = (n: number) => ({ requirements: n, estimation: n, high_level_design: n, depth: n, trade_offs: n, adaptability: n, failure_modes: n, communication: n });
  const row = (file: string, label: EvalRow['label'], performedLevel: 'below_junior' | 'junior' | 'mid' | 'senior', verdict: (typeof VERDICTS)[number], d = 2): EvalRow => ({
    file,
    label,
    scoredAt: 'senior',
    offline: { performedLevel, verdict, dimensions: dims(d) },
  });

  it('compares level ranks with staff above senior, verdicts on their six steps, and only the dimensions labelled', () => {
    const rows: EvalRow[] = [
      row('a', { level: 'staff', verdict: 'yes', targetLevel: 'staff', dimensions: { requirements: 4 } }, 'senior', 'lean_yes', 3),
      row('b', { level: 'junior', verdict: 'no', targetLevel: null, dimensions: { requirements: 1 } }, 'mid', 'no', 2),
      row('c', { level: 'mid', verdict: null, targetLevel: null, dimensions: {} }, 'below_junior', 'strong_no', 1),
      row('d', { level: null, verdict: 'lean_no', targetLevel: null, dimensions: { requirements: 2, depth: 3 } }, 'junior', 'strong_no', 2),
      { file: 'e', label: { level: 'senior', verdict: 'yes', targetLevel: null, dimensions: {} }, scoredAt: 'senior', error: 'could not be read' },
    ];
    const f = figures(rows, (r) => r.offline);
    // Levels: (staff 4, senior 3), (junior 1, mid 2), (mid 2, below_junior 0): row e is not scored.
    expect(f.level).toMatchObject({ n: 3, exact: 0, withinOne: 2, meanAbsDiff: (1 + 1 + 2) / 3 });
    expect(f.level.spearman).toBeCloseTo(spearman([4, 1, 2], [3, 2, 0])!, 12);
    expect(f.level.confusion[LABEL_LEVELS.indexOf('staff')]).toEqual([0, 0, 0, 1]);
    // Verdicts: (yes, lean_yes), (no, no), (lean_no, strong_no).
    expect(f.verdict).toMatchObject({ n: 3, exact: 1, withinOne: 2 });
    expect(f.verdict.spearman).toBeCloseTo(spearman([4, 1, 2], [3, 1, 0])!, 12);
    // Dimensions: requirements labelled three times, depth once; nothing else.
    expect(Object.keys(f.dimensions)).toEqual(['requirements', 'depth']);
    expect(f.dimensions.requirements).toMatchObject({ n: 3, exact: 1, withinOne: 3 });
    expect(f.dimensions.depth).toMatchObject({ n: 1, exact: 0, withinOne: 1, spearman: null });
  });
});
