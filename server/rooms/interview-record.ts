// The seam for the AI shadow score and the side-by-side report of a peer interview. The scorer
// (server/scoring) is not wired here: the lead calls `roomInterviewRecord`, gives `input` to the
// scorer, and shows its per-dimension scores beside the interviewer's `scorecard`. [RIV6]
import type { ProblemBank } from '../content/problem-bank.js';
import { describeDiagram } from '../domain/diagram-text.js';
import { MINUTE, phasePlan } from '../domain/phases.js';
import { Level } from '../domain/problem.js';
import type { ScorecardEntry } from '../protocol/rooms.js';
import type { ScoringInput } from '../scoring/types.js';
import { pivotCards } from './kit.js';
import type { RoomStore } from './store.js';

export interface RoomInterviewRecord {
  roomId: string;
  /** What the scorer reads: the room chat as turns, the diagram, the phase plan, the pivot. */
  input: ScoringInput;
  /** The interviewer's own scores, to set beside the scorer's. */
  scorecard: ScorecardEntry[];
  startedAt?: string;
}

/** An interview room's record; undefined for a whiteboard room or an unknown id. */
export async function roomInterviewRecord(store: RoomStore, bank: ProblemBank, roomId: string): Promise<RoomInterviewRecord | undefined> {
  const row = await store.get(roomId);
  if (!row || row.mode !== 'interview') return undefined;
  const problem = bank.byId.get(row.problemId ?? '');
  const durationMinutes = row.durationMinutes ?? 45;
  const plan = phasePlan(durationMinutes);
  const startedMs = row.startedAt?.getTime();
  // The interview is over at its end [RIV7] or when its time ran out: a debrief in the chat
  // afterwards is not part of what is scored.
  const cutoffs = [row.endedAt?.getTime(), startedMs === undefined ? undefined : startedMs + (durationMinutes * MINUTE) / row.clockSpeed].filter((t): t is number => t !== undefined);
  const cutoff = cutoffs.length ? Math.min(...cutoffs) : Number.POSITIVE_INFINITY;
  const chat = (await store.allChat(roomId)).filter((c) => (c.role === 'interviewer' || c.role === 'candidate') && c.at.getTime() <= cutoff);
  const turns: ScoringInput['turns'] = chat.map((c, i) => {
    const atMs = startedMs === undefined ? undefined : Math.max(0, (c.at.getTime() - startedMs) * row.clockSpeed);
    const phase = atMs === undefined ? undefined : (plan.find((s) => atMs < s.endMs) ?? plan[plan.length - 1]!).phase;
    return {
      turn: i + 1,
      role: c.role as 'interviewer' | 'candidate',
      text: c.text,
      kind: c.kind === 'pivot' ? ('pivot' as const) : ('message' as const),
      ...(atMs !== undefined ? { atMs } : {}),
      ...(phase ? { phase } : {}),
    };
  });
  const pivotIndex = chat.findIndex((c) => c.kind === 'pivot');
  const pivotRow = chat[pivotIndex];
  const card = pivotRow && problem ? pivotCards(problem, bank.genericPivots).find((p) => p.id === pivotRow.pivotId) : undefined;
  const scene = (await store.scene(roomId)).map((s) => s.el).filter((e) => !e.isDeleted);
  const diagramText = describeDiagram(scene).text;
  const input: ScoringInput = {
    level: Level.parse(row.level),
    ...(problem ? { problem } : {}),
    turns,
    ...(diagramText ? { diagramText } : {}),
    plan,
    ...(pivotRow ? { pivot: { pivotId: pivotRow.pivotId ?? '', text: pivotRow.text, turn: pivotIndex + 1, ...(card ? { expects: card.expects } : {}) } } : {}),
    durationMinutes,
  };
  return { roomId, input, scorecard: await store.scorecard(roomId), ...(row.startedAt ? { startedAt: row.startedAt.toISOString() } : {}) };
}
