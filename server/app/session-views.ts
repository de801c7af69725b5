// The JSON shapes the API returns for sessions, built from the folded state. Their types are the
// protocol's (protocol/views.ts), which the web reads.
import type { ProblemBank } from '../content/problem-bank.js';
import type { SessionRow } from '../db/session-store.js';
import { PHASE_GOALS, PHASE_LABELS } from '../domain/phases.js';
import type { SessionSummary, SessionView } from '../protocol/views.js';
import type { SessionService } from './session-service.js';
import { hintsView } from './coach.js';

type Live = Awaited<ReturnType<SessionService['current']>>;

export function sessionView(service: SessionService, live: Live): SessionView {
  const { state, row, problem } = live;
  const lastNotice = [...live.events].reverse().find((e) => e.type === 'interviewer_message' && e.notice);
  return {
    id: row.id,
    problem: { id: problem.id, title: problem.title, statement: problem.statement, difficulty: problem.difficulty },
    level: state.level,
    durationMinutes: state.durationMinutes,
    status: state.status,
    endReason: state.endReason ?? null,
    phase: state.phase,
    clock: service.clockView(live),
    plan: state.plan.map((s) => ({ ...s, label: PHASE_LABELS[s.phase], goal: PHASE_GOALS[s.phase] })),
    lastSeq: state.lastSeq,
    pivot: state.pivot ?? null,
    // The readings and question keys are the server's working notes, not part of the transcript.
    transcript: state.turns.map(({ reading: _r, question: _q, move: _m, ...turn }) => turn),
    diagramText: live.diagram.text,
    notice: lastNotice && lastNotice.type === 'interviewer_message' ? lastNotice.notice ?? null : null,
    interviewer: service.interviewerLabel,
    /** [COACH1] How this interview runs, and the hints it has had (coach mode). */
    mode: state.mode,
    hints: hintsView(state).hints,
    createdAt: row.createdAt.toISOString(),
  };
}

export function sessionSummary(row: SessionRow, bank: ProblemBank): SessionSummary {
  return {
    id: row.id,
    problemId: row.problemId,
    problemTitle: bank.byId.get(row.problemId)?.title ?? row.problemId,
    level: row.level,
    durationMinutes: row.durationMinutes,
    status: row.status,
    phase: row.phase,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The JSON transcript export: the whole event log, which the scorer CLI also reads. */
export function transcriptExport(live: Live) {
  return {
    format: 'mock-interview-transcript' as const,
    version: 1 as const,
    sessionId: live.row.id,
    problemId: live.problem.id,
    level: live.state.level,
    durationMinutes: live.state.durationMinutes,
    events: live.events,
  };
}
