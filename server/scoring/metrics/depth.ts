// Depth: concrete mechanisms, the problem's deep-dive topics, sustained reasoning in the deep
// dive, where the design breaks, concurrency, and low-level detail brought in before any design.
import { mentions } from '../../domain/fact-topics.js';
import { hasPhrase, normalize } from '../../understanding/phrases.js';
import type { Sentence } from '../transcript-index.js';
import { type Hit, type MetricContext, type MetricValues, UNMEASURED, beforeDesign, countMetric, measured, termsMetric, withPhrase } from './context.js';

export function depthMetrics(ctx: MetricContext): MetricValues {
  const { index, vocab, input, rubric } = ctx;
  // [SCO35] A long turn is long in substantive words: filler does not make reasoning sustained.
  const long = index.turns.filter((t) => t.role === 'candidate' && t.phase === 'deep_dive' && t.substantiveWords >= rubric.params.longTurnWords);
  const early = withPhrase(index.candidate.filter(beforeDesign), vocab.lowLevelDetail);
  // [SCO34] Where the design breaks and how concurrent updates stay correct are said about a design:
  // a peak sized in the estimate ("plan for 10x") or a requirements question ("do we need
  // exactly-once?") is not that, so only statements from the high-level design on count.
  const designStatements = index.candidate.filter((s) => !beforeDesign(s) && !s.question);

  const metrics: MetricValues = {
    'depth.mechanisms': termsMetric(index.candidate, vocab.mechanisms),
    'depth.deepDives': UNMEASURED,
    'depth.longTurns': measured(long.length, long.map((t) => ({ sentence: longest(t.sentences) }))),
    'depth.bottlenecks': countMetric(designStatements, vocab.bottlenecks),
    'depth.concurrency': termsMetric(designStatements, vocab.concurrency),
    'depth.raceCore': UNMEASURED,
    'depth.earlyDetail': measured(early.length, early.map((sentence) => ({ sentence }))),
  };

  const problem = input.problem;
  if (problem) {
    const hits: Hit[] = [];
    for (const d of problem.deepDives) {
      const found = index.candidate.filter((s) => d.keywords.some((k) => mentions(s.text, k)));
      const count = found.reduce((n, s) => n + d.keywords.filter((k) => mentions(s.text, k)).length, 0);
      if (count >= rubric.params.deepDiveMinHits && found[0]) hits.push({ sentence: found[0] });
    }
    metrics['depth.deepDives'] = measured(hits.length, hits);
    // [SCO8] A problem whose core is contention names it in its statement, tags or deep dives.
    const core = [problem.statement, ...problem.tags, ...problem.deepDives.flatMap((d) => [d.title, ...d.keywords])].map(normalize);
    metrics['depth.raceCore'] = measured(core.some((t) => hasPhrase(vocab.raceCore, t)) ? 1 : 0);
  }
  return metrics;
}

function longest(sentences: Sentence[]): Sentence {
  return sentences.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
}
