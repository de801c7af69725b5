// [SCO21] A finished session's event log as scoring input: turns in the order the session holds them,
// the phase timeline from phase changes, the pivot with what it expects, the last diagram.
import type { SessionEvent } from '../../domain/events.js';
import type { Phase } from '../../domain/phases.js';
import type { LoadedProblem, Pivot } from '../../domain/problem.js';
import { fold } from '../../domain/session.js';
import type { ScoringInput } from '../types.js';

export function scoringInputFromEvents(events: SessionEvent[], problem: LoadedProblem | undefined, genericPivots: Pivot[]): ScoringInput {
  const state = fold(events);
  const turns: ScoringInput['turns'] = state.turns.map((t, i) => ({
    turn: i + 1,
    role: t.role,
    text: t.text,
    phase: t.phase,
    atMs: t.atMs,
    kind: t.kind === 'pivot' ? 'pivot' : 'message',
  }));

  const timeline: NonNullable<ScoringInput['phaseTimeline']> = [];
  // [SCO37] Who moved the interview on: the candidate ("candidate"), or the clock (a timeout).
  const phaseChanges: NonNullable<ScoringInput['phaseChanges']> = [];
  let phase: Phase = 'requirements';
  let startMs = 0;
  let endMs = state.lastAtMs;
  for (const e of events) {
    if (e.type === 'phase_changed') {
      phaseChanges.push({ atMs: e.atMs, from: e.from, to: e.to, by: e.reason === 'candidate' ? 'candidate' : 'interviewer' });
      timeline.push({ phase, startMs, endMs: e.atMs });
      phase = e.to;
      startMs = e.atMs;
    } else if (e.type === 'session_ended') {
      endMs = e.atMs;
      break;
    }
  }
  timeline.push({ phase, startMs, endMs: Math.max(startMs, endMs) });

  let pivot: ScoringInput['pivot'];
  if (state.pivot) {
    const { pivotId, text, seq } = state.pivot;
    // The interviewer says the pivot in a turn of its own after the event; older logs put it in the event's turn.
    const said = state.turns.findIndex((t) => t.seq >= seq && t.kind === 'pivot');
    const index = said !== -1 ? said : state.turns.findIndex((t) => t.seq >= seq && t.role === 'interviewer');
    const known = [...(problem?.pivots ?? []), ...genericPivots].find((p) => p.id === pivotId);
    if (index !== -1) pivot = { pivotId, text, turn: index + 1, ...(known ? { expects: known.expects } : {}) };
  }

  return {
    level: state.level,
    ...(problem ? { problem } : {}),
    turns,
    ...(state.diagramText ? { diagramText: state.diagramText } : {}),
    plan: state.plan,
    phaseTimeline: timeline,
    phaseChanges,
    ...(pivot ? { pivot } : {}),
    durationMinutes: state.durationMinutes,
  };
}
