// Failure modes and operations: failure vocabulary, failure scenarios walked through, and the
// operational side (monitoring, alerting, rollout).
import { type MetricContext, type MetricValues, countMetric, termsMetric } from './context.js';

export function failureMetrics(ctx: MetricContext): MetricValues {
  const { index, vocab } = ctx;
  return {
    'fail.terms': termsMetric(index.candidate, vocab.failure),
    'fail.scenarios': countMetric(index.candidate, vocab.failureScenario),
    'fail.ops': termsMetric(index.candidate, vocab.ops),
  };
}
