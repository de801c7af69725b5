import { describe, expect, it } from 'vitest';
import { METRIC_IDS, type MetricId } from '../../server/scoring/rules/metric-ids.js';
import type { MetricValue } from '../../server/scoring/rules/metrics/context.js';
import { loadRubric } from '../../server/scoring/rules/rubric.js';
import { evaluate, overall, scoreAgainst, scoreEvidence } from '../../server/scoring/rules/score-rules.js';
import { DIMENSION_IDS } from '../../server/scoring/types.js';

const rubric = loadRubric();
function metrics(values: Partial<Record<MetricId, number | undefined>>): Record<MetricId, MetricValue> {
  const out = {} as Record<MetricId, MetricValue>;
  for (const id of METRIC_IDS) out[id] = { value: id in values ? values[id] : 0, hits: [] };
  return out;
}

describe('scoring rules', () => {
  it('[SCO2] a condition on an unmeasured metric is skipped, not false', () => {
    const m = metrics({ 'req.factsShare': undefined, 'req.questions': 3 });
    expect(evaluate({ metric: 'req.factsShare', gte: 0.5 }, m)).toBe('skipped');
    expect(evaluate({ all: [{ metric: 'req.questions', gte: 1 }, { metric: 'req.factsShare', gte: 0.5 }] }, m)).toBe('skipped');
    expect(evaluate({ any: [{ metric: 'req.questions', gte: 1 }, { metric: 'req.factsShare', gte: 0.5 }] }, m)).toBe('fired');
    expect(evaluate({ any: [{ metric: 'req.questions', gte: 9 }, { metric: 'req.factsShare', gte: 0.5 }] }, m)).toBe('skipped');
    expect(evaluate({ metric: 'req.questions', gt: 3 }, m)).toBe('not');
  });

  it('[SCO3] points against the bars give 1-4, and the bars shrink with what could be measured', () => {
    const bars = { partial: 2, meets: 4, exceeds: 6 };
    expect([0, 2, 4, 6, 9].map((p) => scoreAgainst(p, bars, 1))).toEqual([1, 2, 3, 4, 4]);
    expect(scoreAgainst(2, bars, 0.5)).toBe(3);
    expect(scoreAgainst(3, bars, 0.5)).toBe(4);
  });

  it('[SCO3] a free-form transcript is not punished for signals that could not be checked', () => {
    const measuredAll = scoreEvidence(rubric, metrics({ 'req.questions': 6, 'req.nfrTopics': 5, 'req.scoping': 3, 'req.functional': 2, 'req.factsShare': 0 }));
    const unknown = scoreEvidence(rubric, metrics({ 'req.questions': 6, 'req.nfrTopics': 5, 'req.scoping': 3, 'req.functional': 2, 'req.factsShare': undefined, 'req.factsUncovered': undefined }));
    const req = (s: typeof unknown) => s.dimensions.find((d) => d.dimension.id === 'requirements')!;
    expect(req(unknown).skipped.map((s) => s.id)).toEqual(['req_facts', 'req_facts_most']);
    expect(req(unknown).attainable).toBeLessThan(1);
    expect(req(unknown).score.mid).toBeGreaterThanOrEqual(req(measuredAll).score.mid);
  });

  it('[SCO5] red flags cost verdict steps and a miss on most key dimensions caps the verdict', () => {
    const all = (n: number) => ({ junior: n, mid: n, senior: n });
    const scores = DIMENSION_IDS.map((id) => ({ id, score: all(4) }));
    expect(overall(rubric, scores, []).verdict.senior).toBe('strong_yes');
    const flag = rubric.redFlags.find((f) => f.id === 'decides_alone')!;
    expect(overall(rubric, scores, [{ flag, outcome: 'fired' }]).verdict.senior).toBe('yes');
    const keys = rubric.dimensions.filter((d) => d.levels.senior.key).map((d) => d.id);
    const missKeys = DIMENSION_IDS.map((id) => ({ id, score: keys.includes(id) ? { junior: 4, mid: 4, senior: 2 } : all(4) }));
    const r = overall(rubric, missKeys, []);
    expect(r.mean.senior).toBeGreaterThanOrEqual(2.5);
    expect(r.verdict.senior).toBe('lean_no');
    expect(r.performedLevel).toBe('mid');
  });

  it('[SCO5] the level performed at is reached in order from junior', () => {
    const scores = DIMENSION_IDS.map((id) => ({ id, score: { junior: 1, mid: 4, senior: 4 } }));
    expect(overall(rubric, scores, []).performedLevel).toBe('below_junior');
  });
});
