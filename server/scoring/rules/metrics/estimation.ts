// Estimation: figures stated with units, the arithmetic behind them, whether they land in the
// problem's reference ranges, and whether they were tied back to design decisions.
import { type GivenFigure, rangeText, sameFigure, statedEstimates } from '../../../domain/coverage.js';
import { formatQuantity } from '../../../understanding/quantities.js';
import { calculationSlips, rateSlips } from '../../../understanding/arithmetic.js';
import { hasPhrase, mentionsAny } from '../../../understanding/phrases.js';
import { type Sentence, type TranscriptIndex, phaseIndex } from '../../reading/transcript-index.js';
import type { EstimateRow } from '../../types.js';
import { type Hit, type MetricContext, type MetricValues, UNMEASURED, countMetric, creditable, hitsOf, measured, round2, says, statedFigures } from './context.js';

const DIGITS = /\d/g;
const ARITHMETIC = /\d\s*(?:[x×*÷/]|times\b|divided\b|multiplied\b|over\b)\s*~?\d|[=≈]\s*~?\d/i;

export function estimationMetrics(ctx: MetricContext): { metrics: MetricValues; rows: EstimateRow[] } {
  const { index, vocab, input } = ctx;

  // [SCO40] Arithmetic that does not follow from the candidate's own figures ("5 billion a day, so
  // 60 a second"), in their statements; held when the interviewer questioned it and no later figure
  // of theirs puts it right.
  const slips = slipsHeld(ctx);
  // Figures judged wrong (off the reference, or a slip's result): a sentence built on one is no credit
  // for the arithmetic or for tying numbers to the design.
  const wrong = new FigureSet();
  for (const v of slips.stated) wrong.add(v, false);

  // [SCO6] Figures the candidate states; one that repeats a figure the interviewer gave, in the same
  // form, is a recap of the facts and not an estimate.
  const seen = new Map<string, Hit>();
  const heard = new FigureSet();
  const given: GivenFigure[] = [];
  const figuresOf = new Map<Sentence, number[]>();
  // [SCO6] Each reference estimate takes the candidate's concluded figure for it: the last one they
  // stated, tied to it by the domain's matcher (`statedEstimates`: a keyword near the figure in its
  // sentence, else the only estimate of its kind). After the estimation phase a figure replaces the
  // concluded one only in a sentence that names the estimate's own words (a component's capacity is
  // not the load).
  const estimates = input.problem?.resolvedEstimates ?? [];
  const latest = new Map<string, { row: EstimateRow; hit: Hit; factor: number; turn: number }>();
  for (const t of index.turns) {
    if (t.role === 'interviewer') {
      for (const q of t.reading.quantities) {
        if (heard.has(q.value, q.fromPeriod ?? false)) continue;
        heard.add(q.value, q.fromPeriod ?? false);
        given.push({ value: q.value, fromPeriod: q.fromPeriod ?? false });
      }
      continue;
    }
    const figures = statedFigures(t);
    if (figures.length === 0) continue;
    for (const { q, sentence } of figures) {
      figuresOf.set(sentence, [...(figuresOf.get(sentence) ?? []), q.value]);
      if (heard.has(q.value, q.fromPeriod ?? false)) continue;
      const key = `${q.kind}:${q.value}`;
      if (!seen.has(key)) seen.set(key, { sentence, focus: q.index });
    }
    if (estimates.length === 0) continue;
    const stated = new Map(figures.map((f) => [f.q.index, f.sentence]));
    for (const st of statedEstimates(t.text, input.problem!, given, t.reading)) {
      const sentence = stated.get(st.quantity.index);
      if (!sentence || st.recap) continue;
      if (st.feedback.verdict === 'off') wrong.add(st.quantity.value, false);
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

  // [SCO38] Arithmetic and figures count in the candidate's statements, not in questions ("is it 60 a
  // second?"), and not when they rest on a figure judged wrong.
  const sound = (s: Sentence) => !(figuresOf.get(s) ?? []).some((v) => wrong.has(v, false));
  const derivations = index.candidate.filter(
    (s) => creditable(s) && sound(s) && (s.text.match(DIGITS)?.length ?? 0) >= 2 && (ARITHMETIC.test(s.text) || says(s, vocab.derivation).length > 0),
  );
  // [SCO53] Spoken estimates put the figure and what it implies in two sentences ("That's 120 gigabytes.
  // So it fits on one machine."): a consequence counts in the figure's sentence or the one right after it
  // in the same turn.
  const withFigure = (s: Sentence | undefined) => s !== undefined && /\d/.test(s.text) && sound(s);
  const tied = index.candidate.filter((s, i) => {
    if (says(s, vocab.consequence).length === 0) return false;
    if (/\d/.test(s.text)) return sound(s);
    const before = index.candidate[i - 1];
    return before?.turn === s.turn && creditable(s) && withFigure(before);
  });

  const metrics: MetricValues = {
    'est.figures': measured(seen.size, [...seen.values()]),
    'est.derivations': measured(derivations.length, hitsOf(derivations)),
    'est.readWrite': countMetric(index.candidate, vocab.readWrite),
    'est.tiedToDesign': measured(tied.length, hitsOf(tied)),
    'est.checkedShare': UNMEASURED,
    'est.inRange': UNMEASURED,
    'est.off': UNMEASURED,
    'est.slips': measured(slips.all.length, slips.all),
    'est.heldWrong': measured(slips.held.length, slips.held),
    // [SCO45] Numbers were called for: a session or a known problem (the app always plans an estimate),
    // the interview moved to an estimation phase or the interviewer asked for numbers, or the candidate gave some.
    'est.calledFor': measured(
      input.problem || index.phasesGiven || seen.size > 0 || index.transitions.some((t) => t.to === 'estimation') || index.interviewer.some((s) => hasPhrase(vocab.phaseCues.estimation, s.norm)) ? 1 : 0,
    ),
  };
  if (estimates.length === 0) return { metrics, rows: [] };

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

/**
 * Figures looked up by value in constant time: two are the same figure within 10% (`sameFigure`),
 * so each is filed under its hundredth of a decade and compared with its neighbours only.
 */
class FigureSet {
  private readonly buckets = new Map<string, number[]>();
  private static key(bucket: number, fromPeriod: boolean): string {
    return `${fromPeriod ? 'p' : 'r'}${bucket}`;
  }
  private static bucket(value: number): number {
    return Math.round(Math.log10(value) * 100);
  }
  add(value: number, fromPeriod: boolean): void {
    if (!(value > 0)) return;
    const k = FigureSet.key(FigureSet.bucket(value), fromPeriod);
    const list = this.buckets.get(k);
    if (list) list.push(value);
    else this.buckets.set(k, [value]);
  }
  has(value: number, fromPeriod: boolean): boolean {
    if (!(value > 0)) return false;
    const b = FigureSet.bucket(value);
    // 10% is about 0.046 of a decade: five hundredths either side cover it.
    for (let d = -5; d <= 5; d++) if (this.buckets.get(FigureSet.key(b + d, fromPeriod))?.some((g) => sameFigure(g, value))) return true;
    return false;
  }
}

/** Whether the interviewer's next turn after `turn` asks something. */
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
 * later figure of the candidate's lands within 50x of what their own premise gives.
 */
function slipsHeld(ctx: MetricContext): { all: Hit[]; held: Hit[]; stated: number[] } {
  const { index } = ctx;
  const found: Array<{ hit: Hit; expected: number; stated: number; turn: number }> = [];
  for (const t of index.turns) {
    if (t.role !== 'candidate') continue;
    const statements = t.sentences.filter((s) => creditable(s));
    if (statements.length === 0) continue;
    const slips = [...statements.flatMap((s) => calculationSlips(s.text)), ...rateSlips(t.reading.quantities, t.reading.sentences)];
    for (const slip of slips) {
      const sentence = statements.find((s) => s.text.includes(slip.to)) ?? statements.find((s) => s.text.includes(slip.from));
      if (!sentence) continue;
      found.push({ hit: { sentence, focus: sentence.start + Math.max(0, sentence.text.indexOf(slip.to)) }, expected: slip.expected, stated: slip.stated, turn: t.turn });
    }
  }
  if (found.length === 0) return { all: [], held: [], stated: [] };
  // The last turn in which the candidate stated a figure, per tenth of a decade: one pass, then each
  // slip looks at the 34 tenths within 50x of what its premise gives.
  const lastTurn = new Map<number, number>();
  for (const t of index.turns) if (t.role === 'candidate') for (const f of statedFigures(t)) if (f.q.value > 0) lastTurn.set(Math.floor(Math.log10(f.q.value) * 10), t.turn);
  const putRight = (f: (typeof found)[number]) => {
    const lo = Math.floor(Math.log10(f.expected / 50) * 10);
    const hi = Math.floor(Math.log10(f.expected * 50) * 10);
    for (let b = lo; b <= hi; b++) if ((lastTurn.get(b) ?? 0) > f.turn) return true;
    return false;
  };
  const held = found.filter((f) => questionedAfter(index, f.turn) && !putRight(f));
  return { all: found.map((f) => f.hit), held: held.map((f) => f.hit), stated: found.map((f) => f.stated) };
}
