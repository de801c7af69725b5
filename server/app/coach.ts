// [COACH4] Coach mode inside the session service: the next hint from the pure ladder for a live
// session, the events that record it, and the hints as the API shows them. Hints never come from
// a model, so they are the same offline and online.
import { coachSummary } from '../domain/coach-report.js';
import type { EventBody, SessionEvent } from '../domain/events.js';
import { type Hint, type HintDecision, RUNG_NAMES, hintReplyText, nextHint } from '../domain/hints.js';
import type { LoadedProblem, Pivot } from '../domain/problem.js';
import type { SessionState } from '../domain/session.js';
import type { CoachReport, HintsView } from '../protocol/coach.js';
import type { Report } from '../scoring/types.js';
import { mainAct } from '../understanding/index.js';

export interface CoachLive {
  state: SessionState;
  problem: LoadedProblem;
  diagram: { text: string };
}

/** The next rung for the session as it stands at interview time `nowMs`. */
export function decideHint(live: CoachLive, nowMs: number, genericPivots: readonly Pivot[]): HintDecision {
  return nextHint({ state: live.state, problem: live.problem, diagramText: live.diagram.text, genericPivots }, { now: () => nowMs });
}

export function hintEvent(h: Hint, via: 'button' | 'chat', replyTo?: number): EventBody {
  return { type: 'hint_given', phase: h.phase, gap: h.gap, rung: h.rung, text: h.text, via, ...(replyTo !== undefined ? { replyTo } : {}) };
}

/**
 * [COACH4] In coach mode, a candidate turn that asks for help (the understanding module's
 * `request_help` act) is answered by the ladder: the hint is recorded and said as the reply. In
 * an interview, or for any other turn, undefined: the interviewer answers as always.
 */
export function coachReplyEvents(live: CoachLive, seq: number, nowMs: number, genericPivots: readonly Pivot[]): EventBody[] | undefined {
  if (live.state.mode !== 'coach') return undefined;
  const turn = live.state.turns.find((t) => t.seq === seq);
  if (!turn?.reading || mainAct(turn.reading) !== 'request_help') return undefined;
  const d = decideHint(live, nowMs, genericPivots);
  const reply = (text: string): EventBody => ({ type: 'interviewer_message', text, asked: [], revealed: [], source: 'offline', kind: 'reply', replyTo: seq, move: 'hint' });
  if (!d.ok) return [reply(d.message)];
  return [hintEvent(d.hint, 'chat', seq), reply(hintReplyText(d.hint))];
}

/** [COACH4] Why no hint was given, as an error code (REST and socket alike). */
export function hintRefusal(reason: Extract<HintDecision, { ok: false }>['reason']): 'session_ended' | 'not_coach_mode' | 'no_hint' {
  return reason === 'ended' ? 'session_ended' : reason === 'not_coach' ? 'not_coach_mode' : 'no_hint';
}

export function hintsView(state: SessionState, decision?: HintDecision): HintsView {
  const given = state.hints.map((h) => ({ ...h, rungName: RUNG_NAMES[h.rung] }));
  return {
    mode: state.mode,
    hints: given,
    ...(decision?.ok ? { hint: given.at(-1) } : {}),
    ...(decision && !decision.ok ? { message: decision.message } : {}),
  };
}

/** [COACH6] A coach-mode report carries its hints, where each was used and the dimensions they assisted. */
export function withCoach(report: Report, events: readonly SessionEvent[], problem: LoadedProblem | undefined, genericPivots: readonly Pivot[]): Report & { coach?: CoachReport } {
  const coach = coachSummary(events, problem, genericPivots, report.dimensions);
  return coach.mode === 'coach' ? { ...report, coach } : report;
}
