// [SCO15..SCO17] How the model judge's scores join the offline ones. The offline score anchors:
// the model may move a dimension by one point freely, by two only when it cites at least two
// verified candidate quotes from turns the offline pass did not cite, and never further. A quote
// is verified when it is verbatim in that candidate turn and is not text addressed to the scorer.
// [SCO30] When the transcript holds text addressed to the scorer, the model may lower a score but
// never raise one: an obedient model must not turn a request for marks into marks.
import { LEVELS, type Level } from '../domain/problem.js';
import type { JudgeOutput } from './judge-schema.js';
import { readTurn } from '../understanding/read-turn.js';
import type { Rubric } from './rubric-schema.js';
import { type Scoring, overall, supported } from './score-rules.js';
import type { DimensionReport, EvidenceItem, Report, ScoringInput } from './types.js';
import type { TranscriptIndex } from './transcript-index.js';

/** A quote shorter than this proves nothing about a dimension. */
export const MIN_QUOTE_CHARS = 12;
/** The model moves a dimension at most this far without new evidence... */
export const FREE_MOVE = 1;
/** ...and at most this far with it. */
export const MAX_MOVE = 2;
/** Verified new quotes (distinct turns) needed to go beyond FREE_MOVE. */
export const NEW_EVIDENCE_NEEDED = 2;

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
 * [SCO15] The combined score of one dimension. [SCO30] With `noRise` (the transcript addressed the
 * scorer) the model can only lower the offline score.
 */
export function combineScore(offline: number, model: number, newEvidenceTurns: number, noRise = false): number {
  const limit = newEvidenceTurns >= NEW_EVIDENCE_NEEDED ? MAX_MOVE : FREE_MOVE;
  const moved = Math.max(offline - limit, Math.min(noRise ? offline : offline + limit, model));
  return Math.max(1, Math.min(4, moved));
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
  let dropped = 0;
  let heldBack = 0;
  const perLevel: Array<{ id: DimensionReport['id']; score: Record<Level, number> }> = [];
  const dimensions = offline.dimensions.map((d): DimensionReport => {
    const own = scoring.dimensions.find((s) => s.dimension.id === d.id)!;
    const verdict = judged.dimensions.find((j) => j.id === d.id);
    if (!verdict) {
      perLevel.push({ id: d.id, score: own.score });
      return d;
    }
    const check = verifyQuotes(input, rubric, verdict.evidence);
    dropped += check.dropped;
    const cited = new Set(d.evidence.map((e) => e.turn));
    const fresh = check.kept.filter((e, i) => !cited.has(e.turn) && check.kept.findIndex((o) => o.turn === e.turn) === i);
    const score = combineScore(d.offlineScore, verdict.score, fresh.length, noRise);
    if (noRise && verdict.score > d.offlineScore) heldBack++;
    const delta = score - d.offlineScore;
    const byLevel = Object.fromEntries(LEVELS.map((l) => [l, Math.max(1, Math.min(4, own.score[l] + delta))])) as Record<Level, number>;
    byLevel[level] = score;
    perLevel.push({ id: d.id, score: byLevel });
    const evidence = [...d.evidence, ...fresh.map((e) => ({ ...e, note: 'Cited by the model judge.' }))].slice(0, 3);
    return {
      ...d,
      score,
      supportedLevel: supported(byLevel),
      evidence,
      modelScore: verdict.score,
      rationale: verdict.rationale.trim().slice(0, 800),
    };
  });
  const totals = overall(rubric, perLevel, scoring.redFlags);
  const notices = [
    offline.notice,
    dropped > 0 ? `${dropped} quote(s) from the model judge were dropped: not verbatim in a candidate turn, too short, or addressed to the scorer.` : undefined,
    heldBack > 0 ? `The transcript contains text addressed to the scorer, so the model judge was not allowed to raise any score (${heldBack} held at the offline score).` : undefined,
  ];
  const notice = notices.filter(Boolean).join(' ');
  return {
    ...offline,
    scorer: 'offline+llm',
    model,
    ...(notice ? { notice } : {}),
    performedLevel: totals.performedLevel,
    verdict: totals.verdict[level],
    overallScore: totals.mean[level],
    dimensions,
  };
}
