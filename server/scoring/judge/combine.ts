// [SCO47][SCO16][SCO17] How the model judge's scores make the report when a model is configured: the
// judge decides each dimension it backs with at least one quote verified to be verbatim in a
// candidate turn (and not text addressed to the scorer); a dimension it does not back keeps the
// offline score. The rubric's red flags still cap the dimensions they cap. Where the judge and the
// offline scorer differ by two or more, the report says so. [SCO30] When the transcript holds text
// addressed to the scorer, the judge may lower a score but never raise one.
import { LEVELS, type Level } from '../../domain/problem.js';
import type { JudgeOutput } from './judge-schema.js';
import { readTurn } from '../../understanding/read-turn.js';
import type { Rubric } from '../rules/rubric-schema.js';
import { type Scoring, flagsAt, overall, supported } from '../rules/score-rules.js';
import type { DimensionReport, EvidenceItem, Report, ScoringInput } from '../types.js';
import type { TranscriptIndex } from '../reading/transcript-index.js';
import { verdictReasons } from '../report/verdict-reasons.js';

/** A quote shorter than this proves nothing about a dimension. */
export const MIN_QUOTE_CHARS = 12;
/** The judge and the offline scorer disagree, and the report says so, at this distance or more. */
export const DISAGREEMENT = 2;

export interface QuoteCheck {
  kept: EvidenceItem[];
  dropped: number;
}

/** [SCO16] Keeps the quotes that are verbatim in the candidate turn they name and are not addressed to the scorer. */
export function verifyQuotes(input: ScoringInput, rubric: Rubric, quotes: ReadonlyArray<{ turn: number; quote: string }>): QuoteCheck {
  const kept: EvidenceItem[] = [];
  let dropped = 0;
  for (const q of quotes) {
    const text = q.quote.trim();
    const turn = input.turns.find((t) => t.turn === q.turn);
    const ok =
      turn !== undefined &&
      turn.role === 'candidate' &&
      text.length >= MIN_QUOTE_CHARS &&
      turn.text.includes(text) &&
      !readTurn(text).sentences.some((s) => s.act === 'to_grader');
    if (ok) kept.push({ turn: q.turn, quote: text });
    else dropped++;
  }
  return { kept, dropped };
}

/**
 * [SCO47] The score of one dimension: the judge's when it backs it with at least one verified
 * candidate quote, else the offline score. [SCO30] With `noRise` (the transcript addressed the
 * scorer) the judge can only lower the offline score.
 */
export function combineScore(offline: number, model: number, verifiedQuotes: number, noRise = false): number {
  if (verifiedQuotes < 1) return offline;
  return Math.max(1, Math.min(4, noRise ? Math.min(offline, model) : model));
}

export function combineReports(
  input: ScoringInput,
  rubric: Rubric,
  offline: Report,
  scoring: Scoring,
  judged: JudgeOutput,
  model: string,
  index: TranscriptIndex,
): Report {
  const level = input.level;
  // [SCO30] Any sentence the offline pass set aside as addressed to the scorer locks scores against rising.
  const noRise = index.ignored.length > 0;
  const caps = new Map<string, number>();
  for (const f of flagsAt(rubric, scoring, level)) caps.set(f.dimension, Math.min(caps.get(f.dimension) ?? 4, f.cap));
  let dropped = 0;
  let heldBack = 0;
  let unbacked = 0;
  const disagree: string[] = [];
  const perLevel: Array<{ id: DimensionReport['id']; score: Record<Level, number>; applicable: boolean }> = [];
  const dimensions = offline.dimensions.map((d): DimensionReport => {
    const own = scoring.dimensions.find((s) => s.dimension.id === d.id)!;
    const verdict = judged.dimensions.find((j) => j.id === d.id);
    if (!verdict) {
      perLevel.push({ id: d.id, score: own.score, applicable: own.applicable });
      return d;
    }
    const check = verifyQuotes(input, rubric, verdict.evidence);
    dropped += check.dropped;
    const backing = check.kept.filter((e, i) => check.kept.findIndex((o) => o.turn === e.turn && o.quote === e.quote) === i);
    if (backing.length === 0) unbacked++;
    let score = combineScore(d.offlineScore, verdict.score, backing.length, noRise);
    if (noRise && verdict.score > d.offlineScore) heldBack++;
    const cap = caps.get(d.id);
    if (cap !== undefined) score = Math.min(score, cap);
    const delta = score - d.offlineScore;
    const byLevel = Object.fromEntries(LEVELS.map((l) => [l, Math.max(1, Math.min(4, own.score[l] + delta))])) as Record<Level, number>;
    byLevel[level] = score;
    perLevel.push({ id: d.id, score: byLevel, applicable: own.applicable });
    const judgeQuotes = backing.map((e) => ({ ...e, note: 'Cited by the model judge.' }));
    const evidence = [...judgeQuotes, ...d.evidence.filter((e) => !judgeQuotes.some((j) => j.turn === e.turn))].slice(0, 3);
    const gap = Math.abs(verdict.score - d.offlineScore);
    const disagreement =
      gap >= DISAGREEMENT
        ? `The model judge scored this ${verdict.score} and the offline scorer ${d.offlineScore}${score === verdict.score ? '; the judge\'s score, backed by its quotes, stands' : backing.length === 0 ? '; the judge cited no verified quote from the candidate, so the offline score stands' : '; the score was held by a red flag or by text addressed to the scorer'}.`
        : undefined;
    if (disagreement) disagree.push(d.title);
    const { evidenceNote: _note, ...rest } = d;
    return {
      ...(evidence.length > 0 ? rest : d),
      score,
      supportedLevel: supported(byLevel),
      evidence,
      modelScore: verdict.score,
      rationale: verdict.rationale.trim().slice(0, 800),
      ...(disagreement ? { disagreement } : {}),
    };
  });
  const totals = overall(rubric, perLevel, scoring.redFlags);
  const notices = [
    offline.notice,
    dropped > 0 ? `${dropped} quote(s) from the model judge were dropped: not verbatim in a candidate turn, too short, or addressed to the scorer.` : undefined,
    unbacked > 0 ? `${unbacked} dimension(s) kept the offline score: the model judge cited no verified quote from the candidate for them.` : undefined,
    heldBack > 0 ? `The transcript contains text addressed to the scorer, so the model judge was not allowed to raise any score (${heldBack} held at the offline score).` : undefined,
    disagree.length > 0 ? `The model judge and the offline scorer differ by two or more on: ${disagree.join(', ')}.` : undefined,
  ];
  const notice = notices.filter(Boolean).join(' ');
  const verdict = totals.verdict[level];
  return {
    ...offline,
    scorer: 'offline+llm',
    model,
    ...(notice ? { notice } : {}),
    performedLevel: totals.performedLevel,
    verdict,
    overallScore: totals.mean[level],
    dimensions,
    reasons: verdictReasons(rubric, level, verdict, dimensions, offline.redFlags, offline.nextSteps),
  };
}
