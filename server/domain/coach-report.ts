// [COACH6] What coach mode adds to a report: every hint with the turn it came before and the
// candidate turn where its gap was covered ("used"), and the dimensions whose evidence came after
// a hint on them (assisted). Pure: a fold of the session's events beside the scored dimensions.
import type { SessionEvent } from './events.js';
import { openGaps } from './hint-gaps.js';
import { RUNG_NAMES } from './hints.js';
import type { LoadedProblem, Pivot } from './problem.js';
import { apply, fold, type SessionState } from './session.js';

export interface ScoredDimension {
  id: string;
  evidence: ReadonlyArray<{ turn: number }>;
}

export interface CoachHint {
  seq: number;
  atMs: number;
  phase: SessionState['phase'];
  gap: SessionState['hints'][number]['gap'];
  rung: 1 | 2 | 3;
  rungName: 'nudge' | 'pointer' | 'sketch';
  text: string;
  via: 'button' | 'chat';
  beforeTurn?: number;
  usedAtTurn?: number;
}

export interface CoachSummary {
  mode: SessionState['mode'];
  hints: CoachHint[];
  assisted: Array<{ dimension: string; hints: number; turns: number[] }>;
}

/** Whether the hint's gap is still open in this state, read in the phase the hint was given in. */
function stillOpen(s: SessionState, problem: LoadedProblem, genericPivots: readonly Pivot[], hint: CoachHint): boolean {
  const asOf = { ...s, phase: hint.phase };
  return openGaps({ state: asOf, problem, diagramText: s.diagramText, genericPivots }).some((g) => g.key === hint.gap.key);
}

/** 1-based transcript number of the last candidate turn at or before `seq`. */
function lastCandidateTurn(s: SessionState, seq: number): number | undefined {
  for (let i = s.turns.length - 1; i >= 0; i--) if (s.turns[i]!.role === 'candidate' && s.turns[i]!.seq <= seq) return i + 1;
  return undefined;
}

export function coachSummary(events: readonly SessionEvent[], problem: LoadedProblem | undefined, genericPivots: readonly Pivot[], dimensions: readonly ScoredDimension[]): CoachSummary {
  const final = fold(events);
  const turnSeqs = final.turns.map((t) => t.seq);
  // Transcript turns are numbered 1.. in the order the session holds them (as the scorer numbers them).
  const turnAfter = (seq: number) => {
    const i = turnSeqs.findIndex((x) => x > seq);
    return i === -1 ? undefined : i + 1;
  };
  const hints: CoachHint[] = final.hints.map((h) => ({ ...h, rungName: RUNG_NAMES[h.rung], ...(turnAfter(h.seq) ? { beforeTurn: turnAfter(h.seq)! } : {}) }));

  if (problem && hints.length > 0) {
    // Replay the log; after each candidate turn, a hint whose gap just closed was used there.
    const open = new Set(hints.map((_, i) => i));
    const [first, ...rest] = events;
    let s = fold([first!]);
    for (const e of rest) {
      s = apply(s, e);
      // A gap closes on what the candidate said or drew, or on the fact the interviewer gave them.
      if (e.type !== 'candidate_message' && e.type !== 'diagram_updated' && e.type !== 'interviewer_message') continue;
      for (const i of [...open]) {
        const h = hints[i]!;
        if (h.seq > e.seq) continue;
        if (!stillOpen(s, problem, genericPivots, h)) {
          open.delete(i);
          // Used at the candidate's last turn up to here (the question a fact answered).
          const turn = lastCandidateTurn(final, e.seq);
          if (turn) h.usedAtTurn = turn;
        }
      }
    }
  }

  const assisted: CoachSummary['assisted'] = [];
  for (const d of dimensions) {
    const on = hints.filter((h) => h.gap.dimension === d.id);
    if (on.length === 0) continue;
    const firstSeq = Math.min(...on.map((h) => h.seq));
    const turns = d.evidence.map((ev) => ev.turn).filter((t) => (turnSeqs[t - 1] ?? 0) > firstSeq);
    if (turns.length > 0) assisted.push({ dimension: d.id, hints: on.length, turns: [...new Set(turns)].sort((a, b) => a - b) });
  }
  return { mode: final.mode, hints, assisted };
}
