// Estimation: figures stated with units, the arithmetic behind them, whether they land in the
// problem's reference ranges, and whether they were tied back to design decisions.
import { matchEstimate, rangeText } from '../../domain/coverage.js';
import { formatQuantity, judge } from '../../understanding/quantities.js';
import { hasPhrase } from '../../understanding/phrases.js';
import type { Sentence } from '../transcript-index.js';
import type { EstimateRow } from '../types.js';
import { type Hit, type MetricContext, type MetricValues, UNMEASURED, countMetric, hitsOf, measured, round2 } from './context.js';

const DIGITS = /\d/g;
const RANK: Record<EstimateRow['verdict'], number> = { in_range: 3, close: 2, off: 1, missing: 0 };
const ARITHMETIC = /\d\s*(?:[x×*÷/]|times\b|divided\b|multiplied\b|over\b)\s*~?\d|[=≈]\s*~?\d/i;

function sentenceAt(sentences: readonly Sentence[], offset: number): Sentence | undefined {
  return sentences.find((s) => offset >= s.start && offset < s.end) ?? sentences[sentences.length - 1];
}

export function estimationMetrics(ctx: MetricContext): { metrics: MetricValues; rows: EstimateRow[] } {
  const { index, vocab, input } = ctx;
  const candidateTurns = index.turns.filter((t) => t.role === 'candidate');

  const seen = new Map<string, Hit>();
  for (const t of candidateTurns) {
    for (const q of t.reading.quantities) {
      const key = `${q.kind}:${q.value}`;
      const sentence = sentenceAt(t.sentences, q.index);
      if (!seen.has(key) && sentence) seen.set(key, { sentence, focus: q.index });
    }
  }

  const derivations = index.candidate.filter(
    (s) => (s.text.match(DIGITS)?.length ?? 0) >= 2 && (ARITHMETIC.test(s.text) || hasPhrase(vocab.derivation, s.norm)),
  );
  const tied = index.candidate.filter((s) => /\d/.test(s.text) && hasPhrase(vocab.consequence, s.norm));

  const metrics: MetricValues = {
    'est.figures': measured(seen.size, [...seen.values()]),
    'est.derivations': measured(derivations.length, hitsOf(derivations)),
    'est.readWrite': countMetric(index.candidate, vocab.readWrite),
    'est.tiedToDesign': measured(tied.length, hitsOf(tied)),
    'est.checkedShare': UNMEASURED,
    'est.inRange': UNMEASURED,
    'est.off': UNMEASURED,
  };

  const estimates = input.problem?.resolvedEstimates ?? [];
  if (estimates.length === 0) return { metrics, rows: [] };

  // [SCO6] Each reference estimate takes the candidate's best-judged figure tied to it (the first
  // among equals): tying a figure to an estimate is fuzzy, and a later aside should not undo it.
  const latest = new Map<string, { row: EstimateRow; hit: Hit }>();
  for (const t of candidateTurns) {
    for (const q of t.reading.quantities) {
      const sentence = sentenceAt(t.sentences, q.index);
      if (!sentence) continue;
      const e = matchEstimate(t.text, q, estimates, sentence);
      if (!e) continue;
      const { verdict } = judge(q.value, e.lowValue, e.highValue);
      const prev = latest.get(e.id);
      if (prev && RANK[prev.row.verdict] >= RANK[verdict]) continue;
      latest.set(e.id, {
        row: { estimateId: e.id, label: e.label, reference: rangeText(e), stated: `${q.text.trim()} (${formatQuantity(q.kind, q.value)})`, turn: t.turn, verdict },
        hit: { sentence, focus: q.index },
      });
    }
  }
  const rows = estimates.map(
    (e) => latest.get(e.id)?.row ?? { estimateId: e.id, label: e.label, reference: rangeText(e), verdict: 'missing' as const },
  );
  const hitsWhere = (ok: (v: EstimateRow['verdict']) => boolean) =>
    estimates.flatMap((e) => {
      const l = latest.get(e.id);
      return l && ok(l.row.verdict) ? [l.hit] : [];
    });
  const good = hitsWhere((v) => v === 'in_range' || v === 'close');
  metrics['est.checkedShare'] = measured(round2(good.length / estimates.length), good);
  metrics['est.inRange'] = measured(rows.filter((r) => r.verdict === 'in_range').length, hitsWhere((v) => v === 'in_range'));
  metrics['est.off'] = measured(rows.filter((r) => r.verdict === 'off').length, hitsWhere((v) => v === 'off'));
  return { metrics, rows };
}
