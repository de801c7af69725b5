// Estimation: figures stated with units, the arithmetic behind them, whether they land in the
// problem's reference ranges, and whether they were tied back to design decisions.
import { type GivenFigure, rangeText, sameFigure, statedEstimates } from '../../domain/coverage.js';
import { formatQuantity } from '../../understanding/quantities.js';
import { calculationSlips, rateSlips } from '../../understanding/arithmetic.js';
import { mentionsAny } from '../../understanding/phrases.js';
import { type TranscriptIndex, phaseIndex } from '../transcript-index.js';
import type { EstimateRow } from '../types.js';
import { type Hit, type MetricContext, type MetricValues, UNMEASURED, countMetric, creditable, hitsOf, measured, round2, says, statedFigures } from './context.js';

const DIGITS = /\d/g;
const ARITHMETIC = /\d\s*(?:[x×*÷/]|times\b|divided\b|multiplied\b|over\b)\s*~?\d|[=≈]\s*~?\d/i;

export function estimationMetrics(ctx: MetricContext): { metrics: MetricValues; rows: EstimateRow[] } {
  const { index, vocab, input } = ctx;
  const candidateTurns = index.turns.filter((t) => t.role === 'candidate');

  // [SCO6] Figures the candidate states; one that repeats a figure the interviewer gave, in the same
  // form, is a recap of the facts and not an estimate.
  const seen = new Map<string, Hit>();
  const heard: GivenFigure[] = [];
  for (const t of index.turns) {
    if (t.role === 'interviewer') {
      for (const q of t.reading.quantities) heard.push({ value: q.value, fromPeriod: q.fromPeriod ?? false });
      continue;
    }
    for (const { q, sentence } of statedFigures(t)) {
      if (heard.some((g) => g.fromPeriod === (q.fromPeriod ?? false) && sameFigure(g.value, q.value))) continue;
      const key = `${q.kind}:${q.value}`;
      if (!seen.has(key)) seen.set(key, { sentence, focus: q.index });
    }
  }

  // [SCO38] Arithmetic and figures count in the candidate's statements, not in questions ("is it 60 a second?").
  const derivations = index.candidate.filter(
    (s) => creditable(s) && (s.text.match(DIGITS)?.length ?? 0) >= 2 && (ARITHMETIC.test(s.text) || says(s, vocab.derivation).length > 0),
  );
  const tied = index.candidate.filter((s) => /\d/.test(s.text) && says(s, vocab.consequence).length > 0);

  const metrics: MetricValues = {
    'est.figures': measured(seen.size, [...seen.values()]),
    'est.derivations': measured(derivations.length, hitsOf(derivations)),
    'est.readWrite': countMetric(index.candidate, vocab.readWrite),
    'est.tiedToDesign': measured(tied.length, hitsOf(tied)),
    'est.checkedShare': UNMEASURED,
    'est.inRange': UNMEASURED,
    'est.off': UNMEASURED,
  };

  // [SCO40] Arithmetic that does not follow from the candidate's own figures ("5 billion a day, so
  // 60 a second"), in their statements; held when the interviewer questioned it and no later figure
  // of theirs puts it right.
  const slips = slipsHeld(ctx);
  metrics['est.slips'] = measured(slips.all.length, slips.all);
  metrics['est.heldWrong'] = measured(slips.held.length, slips.held);

  const estimates = input.problem?.resolvedEstimates ?? [];
  if (estimates.length === 0) return { metrics, rows: [] };

  // [SCO6] Each reference estimate takes the candidate's concluded figure for it: the last one they
  // stated, tied to it by the domain's matcher (`statedEstimates`: a keyword near the figure in its
  // sentence, else the only estimate of its kind). A figure that repeats one the interviewer gave is a
  // recap, not an estimate; after the estimation phase a figure replaces the concluded one only in a
  // sentence that names the estimate's own words (a component's capacity is not the load).
  const given: GivenFigure[] = [];
  const latest = new Map<string, { row: EstimateRow; hit: Hit; factor: number; turn: number }>();
  for (const t of index.turns) {
    if (t.role === 'interviewer') {
      for (const q of t.reading.quantities) given.push({ value: q.value, fromPeriod: q.fromPeriod ?? false });
      continue;
    }
    const stated = new Map(statedFigures(t).map((f) => [f.q.index, f.sentence]));
    if (stated.size === 0) continue;
    for (const st of statedEstimates(t.text, input.problem!, given, t.reading)) {
      const sentence = stated.get(st.quantity.index);
      if (!sentence || st.recap) continue;
      const e = st.estimate;
      if (phaseIndex(sentence.phase) > phaseIndex('estimation') && latest.has(e.id) && !mentionsAny(sentence.text, e.keywords)) continue;
      latest.set(e.id, {
        row: { estimateId: e.id, label: e.label, reference: rangeText(e), stated: `${st.quantity.text.trim()} (${formatQuantity(st.quantity.kind, st.quantity.value)})`, turn: t.turn, verdict: st.feedback.verdict },
        hit: { sentence, focus: st.quantity.index },
        factor: st.feedback.factor,
        turn: t.turn,
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
  // [SCO40] A concluded figure 100x or more off the reference, after the interviewer questioned it.
  const farOff = estimates.flatMap((e) => {
    const l = latest.get(e.id);
    if (!l || Math.abs(Math.log10(l.factor)) < 2) return [];
    return questionedAfter(index, l.turn) ? [l.hit] : [];
  });
  const held = [...slips.held, ...farOff.filter((h) => !slips.held.some((x) => x.sentence === h.sentence))];
  metrics['est.heldWrong'] = measured(held.length, held);
  return { metrics, rows };
}

/** Whether an interviewer turn after `turn` questions or challenges what was said. */
function questionedAfter(index: TranscriptIndex, turn: number): boolean {
  for (let i = turn; i < index.turns.length; i++) {
    const t = index.turns[i]!;
    if (t.role !== 'interviewer') continue;
    return t.sentences.some((s) => s.question);
  }
  return false;
}

/**
 * [SCO40] Slips in the candidate's arithmetic (the understanding module's `calculationSlips` and
 * `rateSlips`, statements only), and those held: the interviewer's next turn asked about it, and no
 * later figure of the candidate's lands within the slip's tolerance of what their own premise gives.
 */
function slipsHeld(ctx: MetricContext): { all: Hit[]; held: Hit[] } {
  const { index } = ctx;
  const found: Array<{ hit: Hit; expected: number; turn: number }> = [];
  for (const t of index.turns) {
    if (t.role !== 'candidate') continue;
    const statements = t.sentences.filter((s) => creditable(s));
    if (statements.length === 0) continue;
    const slips = [...statements.flatMap((s) => calculationSlips(s.text)), ...rateSlips(t.reading.quantities, t.reading.sentences)];
    for (const slip of slips) {
      const sentence = statements.find((s) => s.text.includes(slip.to)) ?? statements.find((s) => s.text.includes(slip.from));
      if (!sentence) continue;
      found.push({ hit: { sentence, focus: sentence.start + Math.max(0, sentence.text.indexOf(slip.to)) }, expected: slip.expected, turn: t.turn });
    }
  }
  if (found.length === 0) return { all: [], held: [] };
  // Every later qps figure the candidate states, in one pass from the end: the slip is put right when
  // one of them lands within a factor of 50 of what the premise gives.
  const later: Array<{ turn: number; values: number[] }> = [];
  for (const t of index.turns) if (t.role === 'candidate') later.push({ turn: t.turn, values: statedFigures(t).map((f) => f.q.value) });
  const held = found.filter((f) => {
    if (!questionedAfter(index, f.turn)) return false;
    return !later.some((l) => l.turn > f.turn && l.values.some((v) => v >= f.expected / 50 && v <= f.expected * 50));
  });
  return { all: found.map((f) => f.hit), held: held.map((f) => f.hit) };
}
