// The offline evidence pass: reads the transcript once and measures every metric the rubric can
// name, plus the tables the report shows (estimates, components, facts, pivot, time, drive).
import { METRIC_IDS, type MetricId } from './metric-ids.js';
import { type MetricContext, type MetricValue, type MetricValues, UNMEASURED, measured } from './metrics/context.js';
import { adaptabilityMetrics } from './metrics/adaptability.js';
import { antiPatternsFound } from './metrics/anti-patterns.js';
import type { FoundAntiPattern } from './score-rules.js';
import { communicationMetrics } from './metrics/communication.js';
import { depthMetrics } from './metrics/depth.js';
import { designMetrics } from './metrics/design.js';
import { estimationMetrics } from './metrics/estimation.js';
import { failureMetrics } from './metrics/failure.js';
import { requirementsMetrics } from './metrics/requirements.js';
import { tradeOffMetrics } from './metrics/trade-offs.js';
import { type FoundPivot, findPivot } from './pivot-detect.js';
import type { Rubric } from './rubric-schema.js';
import { timeUse } from '../reading/time-use.js';
import { type TranscriptIndex, indexTranscript } from '../reading/transcript-index.js';
import type { Report, ScoringInput } from '../types.js';
import { compiledVocabulary } from './vocabulary.js';

export interface Evidence {
  index: TranscriptIndex;
  /** [SCO39] The known wrong answers the candidate gave and did not put right. */
  antiPatterns: FoundAntiPattern[];
  pivot?: FoundPivot;
  metrics: Record<MetricId, MetricValue>;
  clarification: Report['clarification'];
  estimationCheck: Report['estimationCheck'];
  components: Report['components'];
  pivotReport: Report['pivot'];
  timeUse: Report['timeUse'];
  drive: Report['drive'];
}

export function extractEvidence(input: ScoringInput, rubric: Rubric): Evidence {
  const vocab = compiledVocabulary(rubric);
  const index = indexTranscript(input, vocab);
  const pivot = findPivot(input, index, vocab);
  const ctx: MetricContext = { input, rubric, vocab, index, ...(pivot ? { pivot } : {}) };

  const req = requirementsMetrics(ctx);
  const est = estimationMetrics(ctx);
  const hld = designMetrics(ctx);
  const adapt = adaptabilityMetrics(ctx);
  const time = timeUse(input, index, rubric);
  const comm = communicationMetrics(ctx, time.overruns, time.share);
  const all: MetricValues = {
    ...req.metrics,
    ...est.metrics,
    ...hld.metrics,
    ...depthMetrics(ctx),
    ...tradeOffMetrics(ctx),
    ...adapt.metrics,
    ...failureMetrics(ctx),
    ...comm.metrics,
    'scale.maxQps': statedScale(input, index, pivot),
  };
  const metrics = Object.fromEntries(METRIC_IDS.map((id) => [id, all[id] ?? UNMEASURED])) as Record<MetricId, MetricValue>;
  return {
    index,
    antiPatterns: antiPatternsFound(ctx),
    ...(pivot ? { pivot } : {}),
    metrics,
    clarification: req.clarification,
    estimationCheck: est.rows,
    components: hld.components,
    pivotReport: adapt.pivot,
    timeUse: time.timeUse,
    drive: comm.drive,
  };
}

/** [SCO9] The scale the design is for: what the interviewer said before any pivot, else the problem's reference. */
function statedScale(input: ScoringInput, index: TranscriptIndex, pivot: FoundPivot | undefined): MetricValue {
  const said = index.turns
    .filter((t) => t.role === 'interviewer' && (!pivot || t.turn < pivot.turn))
    .flatMap((t) => t.reading.quantities.filter((q) => q.kind === 'qps').map((q) => q.value));
  if (said.length > 0) return measured(Math.max(...said));
  const reference = (input.problem?.resolvedEstimates ?? []).filter((e) => e.kind === 'qps').map((e) => e.highValue);
  return reference.length > 0 ? measured(Math.max(...reference)) : UNMEASURED;
}
