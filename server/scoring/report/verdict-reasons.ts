// [SCO44] The two or three reasons that decided the verdict, each with its quote: the red flags that
// cost it steps, then the dimensions that weigh most in the direction of the verdict (the strongest
// for a yes, the weakest for a no), each quoted with the evidence that bears that way.
import type { Level } from '../../domain/problem.js';
import type { Rubric } from '../rules/rubric-schema.js';
import type { DimensionReport, EvidenceItem, NextStep, RedFlagFound, Report } from '../types.js';

const MAX_REASONS = 3;

export function verdictReasons(
  rubric: Rubric,
  level: Level,
  verdict: Report['verdict'],
  dimensions: readonly DimensionReport[],
  redFlags: readonly RedFlagFound[],
  nextSteps: readonly NextStep[],
): NonNullable<Report['reasons']> {
  const out: NonNullable<Report['reasons']> = [];
  const positive = verdict.endsWith('yes');
  const points = new Map(rubric.dimensions.flatMap((d) => d.signals.map((s) => [s.id, s.points] as const)));
  const weight = (d: DimensionReport) => rubric.dimensions.find((x) => x.id === d.id)!.levels[level].weight;
  const counted = dimensions.filter((d) => d.confidence !== 'not_applicable');

  for (const f of redFlags) {
    if (out.length >= (positive ? 1 : 2)) break;
    out.push({ text: `Red flag: ${f.title}.`, dimension: f.dimension, ...(f.evidence[0] ? { evidence: strip(f.evidence[0]) } : {}) });
  }
  const ranked = [...counted]
    .filter((d) => (positive ? d.score >= 3 : d.score <= 2) && !out.some((r) => r.dimension === d.id))
    .sort((a, b) => (positive ? b.score * weight(b) - a.score * weight(a) : (3 - b.score) * weight(b) - (3 - a.score) * weight(a)) || dimensions.indexOf(a) - dimensions.indexOf(b));
  for (const d of ranked) {
    if (out.length >= MAX_REASONS) break;
    const bearing = (e: EvidenceItem) => e.signal !== undefined && Math.sign(points.get(e.signal) ?? 0) === (positive ? 1 : -1);
    const quote = d.evidence.find(bearing) ?? (positive ? d.evidence[0] : nextSteps.find((s) => s.dimension === d.id)?.evidence);
    const mark = d.marks.find((m) => (positive ? m.mark !== '-' : m.mark === '-'));
    const expected = rubric.dimensions.find((x) => x.id === d.id)!.levels[level].expected;
    const text = positive
      ? `${d.title} ${d.score}/4, at or above the ${level} bar: ${lower(mark?.text ?? expected)}.`
      : `${d.title} ${d.score}/4, below the ${level} bar: ${mark ? `${lower(mark.text)}.` : `the level expects this: ${expected}`}`;
    out.push({ text, dimension: d.id, ...(quote ? { evidence: strip(quote) } : {}) });
  }
  return out;
}

function lower(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** The quote and what it shows. */
function strip(e: EvidenceItem): EvidenceItem {
  return { turn: e.turn, quote: e.quote, ...(e.note ? { note: e.note } : {}) };
}
