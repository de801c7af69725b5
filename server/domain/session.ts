// The interview session as a pure state machine: state is a fold of events; `decide` returns
// the events a command causes at a given interview time. No I/O, no clock reads.
import { type TurnReading, readTurn } from '../understanding/index.js';
import type { EventBody, HintGap, HintRung, InterviewMode, SessionEvent } from './events.js';
import type { Level, Pivot, Problem } from './problem.js';
import { MINUTE, type Phase, type PhaseSlot, nextPhase, phasePlan, slotOf } from './phases.js';

/** [CLK1] A warning is given this long before a phase's planned end (at most a third of the phase). */
export const WARNING_BEFORE_MS = 1 * MINUTE;
/** [CLK3] After a phase's planned end the candidate gets this much grace before the interviewer moves on. */
export const GRACE_MS = 1 * MINUTE;
/** [PIV1] The pivot arrives once this share of the deep dive has passed... */
export const PIVOT_AT_SHARE = 0.4;
/** [PIV1] ...or after this many candidate turns in the deep dive, whichever comes first. */
export const PIVOT_AFTER_TURNS = 3;

export interface Turn {
  seq: number;
  atMs: number;
  role: 'candidate' | 'interviewer';
  phase: Phase;
  text: string;
  kind: 'reply' | 'opening' | 'phase' | 'warning' | 'pivot' | 'closing' | 'message';
  /** [UND1] A candidate turn read once by the understanding module, when it is folded in. */
  reading?: TurnReading;
  /** The question an interviewer reply asked, and whether it asked it again. */
  question?: { key: string; text: string };
  move?: string;
}

export interface SessionState {
  problemId: string;
  level: Level;
  durationMinutes: number;
  plan: PhaseSlot[];
  status: 'active' | 'ended';
  endReason?: 'time' | 'candidate';
  phase: Phase;
  phaseStartedMs: number;
  lastSeq: number;
  lastAtMs: number;
  /** Phases whose end warning was given. */
  warned: Set<Phase>;
  asked: Set<string>;
  revealed: Set<string>;
  clientMessageIds: Map<string, number>;
  pivot?: { pivotId: string; text: string; atMs: number; seq: number };
  candidateTurnsInPhase: number;
  diagramText: string;
  turns: Turn[];
  /** [MSG3] Seqs of the candidate messages the interviewer has not answered yet, oldest first. */
  unanswered: number[];
  /** [LIS6] Questions the candidate left unanswered after being asked twice. */
  dropped: string[];
  /** [COACH1] `coach` gives hints on request; `interview` (the default) gives none. */
  mode: InterviewMode;
  /** [COACH4] Hints given so far, in order. */
  hints: Array<{ seq: number; atMs: number; phase: Phase; gap: HintGap; rung: HintRung; text: string; via: 'button' | 'chat' }>;
}

export function initialState(started: Extract<SessionEvent, { type: 'session_started' }>): SessionState {
  return {
    problemId: started.problemId,
    level: started.level,
    durationMinutes: started.durationMinutes,
    plan: phasePlan(started.durationMinutes),
    status: 'active',
    phase: 'requirements',
    phaseStartedMs: 0,
    lastSeq: started.seq,
    lastAtMs: started.atMs,
    warned: new Set(),
    asked: new Set(),
    revealed: new Set(),
    clientMessageIds: new Map(),
    candidateTurnsInPhase: 0,
    diagramText: '',
    turns: [],
    unanswered: [],
    dropped: [],
    mode: started.mode ?? 'interview',
    hints: [],
  };
}

/** Folds one event into the state (mutating a copy is the caller's choice: `fold` copies once). */
export function apply(s: SessionState, e: SessionEvent): SessionState {
  s.lastSeq = e.seq;
  s.lastAtMs = Math.max(s.lastAtMs, e.atMs);
  switch (e.type) {
    case 'session_started':
      return s;
    case 'candidate_message':
      s.clientMessageIds.set(e.clientMessageId, e.seq);
      s.candidateTurnsInPhase += 1;
      s.unanswered.push(e.seq);
      s.turns.push({ seq: e.seq, atMs: e.atMs, role: 'candidate', phase: s.phase, text: e.text, kind: 'message', reading: readTurn(e.text) });
      return s;
    case 'interviewer_message':
      for (const k of e.asked) s.asked.add(k);
      for (const t of e.revealed) s.revealed.add(t);
      if (e.replyTo !== undefined) s.unanswered = s.unanswered.filter((seq) => seq !== e.replyTo);
      if (e.dropped) s.dropped.push(...e.dropped);
      s.turns.push({
        seq: e.seq,
        atMs: e.atMs,
        role: 'interviewer',
        phase: s.phase,
        text: e.text,
        kind: e.kind ?? 'reply',
        ...(e.question ? { question: e.question } : {}),
        ...(e.move ? { move: e.move } : {}),
      });
      return s;
    case 'phase_changed':
      s.phase = e.to;
      s.phaseStartedMs = e.atMs;
      s.candidateTurnsInPhase = 0;
      return s;
    case 'pivot_injected':
      s.pivot = { pivotId: e.pivotId, text: e.text, atMs: e.atMs, seq: e.seq };
      return s;
    case 'time_warning':
      s.warned.add(e.phase);
      return s;
    case 'diagram_updated':
      s.diagramText = e.text;
      return s;
    case 'hint_given':
      s.hints.push({ seq: e.seq, atMs: e.atMs, phase: e.phase, gap: e.gap, rung: e.rung, text: e.text, via: e.via });
      return s;
    case 'session_ended':
      s.status = 'ended';
      s.endReason = e.reason;
      return s;
    default:
      return assertNever(e);
  }
}

export function fold(events: readonly SessionEvent[]): SessionState {
  const [first, ...rest] = events;
  if (!first || first.type !== 'session_started') throw new Error('a session log starts with session_started');
  let s = initialState(first);
  for (const e of rest) s = apply(s, e);
  return s;
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}

/** The slot of the phase the session is in. */
export function currentSlot(s: SessionState): PhaseSlot {
  return slotOf(s.plan, s.phase);
}

export interface Clock {
  phase: Phase;
  elapsedMs: number;
  totalMs: number;
  phaseEndsAtMs: number;
  remainingInPhaseMs: number;
  remainingTotalMs: number;
  status: SessionState['status'];
}

export function clockAt(s: SessionState, nowMs: number): Clock {
  const totalMs = s.durationMinutes * MINUTE;
  const elapsedMs = s.status === 'ended' ? s.lastAtMs : Math.min(nowMs, totalMs);
  const slot = currentSlot(s);
  return {
    phase: s.phase,
    elapsedMs,
    totalMs,
    phaseEndsAtMs: slot.endMs,
    remainingInPhaseMs: Math.max(0, slot.endMs - elapsedMs),
    remainingTotalMs: Math.max(0, totalMs - elapsedMs),
    status: s.status,
  };
}

/** What the interviewer says when the server itself moves the interview along. */
export type Announcement =
  | { kind: 'phase'; from: Phase; to: Phase; reason: 'candidate' | 'timeout' }
  | { kind: 'warning'; phase: Phase; remainingMs: number }
  | { kind: 'pivot'; pivot: Pivot; beforeMovingOn?: boolean }
  | { kind: 'ended'; reason: 'time' | 'candidate' };

export interface Decision {
  events: EventBody[];
  announcements: Announcement[];
  /** For timer events: the interview time each fell due at (same order as `events`). */
  dueMs?: number[];
}

/**
 * [CLK1..CLK6, PIV1..PIV3] The events that time alone causes by `nowMs`: warnings, moving on after
 * the grace period, the pivot, the end. They come in the order they fell due, each stamped with
 * the interview time it was due at (`dueMs`), so a late catch-up keeps a true timeline.
 */
export function dueTimers(s0: SessionState, problem: Problem, pivots: readonly Pivot[], nowMs: number, sessionKey: string): Decision {
  const out: Decision = { events: [], announcements: [], dueMs: [] };
  if (s0.status === 'ended') return out;
  let phase = s0.phase;
  const warned = new Set(s0.warned);
  let pivoted = s0.pivot !== undefined;
  let phaseStarted = s0.phaseStartedMs;
  const totalMs = s0.durationMinutes * MINUTE;
  for (let guard = 0; guard < 20; guard++) {
    const slot = slotOf(s0.plan, phase);
    const next = nextPhase(phase);
    type Due = { at: number; fire: () => void };
    const due: Due[] = [];
    due.push({
      at: totalMs,
      fire: () => {
        out.events.push({ type: 'session_ended', reason: 'time' });
        out.announcements.push({ kind: 'ended', reason: 'time' });
      },
    });
    if (phase === 'deep_dive' && !pivoted) {
      const at = Math.max(phaseStarted, slot.startMs + (slot.endMs - slot.startMs) * PIVOT_AT_SHARE);
      due.push({
        at,
        fire: () => {
          const pivot = choosePivot(problem, pivots, sessionKey);
          out.events.push({ type: 'pivot_injected', pivotId: pivot.id, text: pivot.text });
          out.announcements.push({ kind: 'pivot', pivot });
          pivoted = true;
        },
      });
    }
    const warnAt = Math.max(phaseStarted, slot.endMs - Math.min(WARNING_BEFORE_MS, Math.floor((slot.endMs - slot.startMs) / 3)));
    // A warning that would land after the grace period is stale: the move itself says it all.
    if (!warned.has(phase) && nowMs < slot.endMs + GRACE_MS) {
      due.push({
        at: warnAt,
        fire: () => {
          const remainingMs = Math.max(0, slot.endMs - Math.max(warnAt, nowMs));
          out.events.push({ type: 'time_warning', phase, remainingMs });
          out.announcements.push({ kind: 'warning', phase, remainingMs });
          warned.add(phase);
        },
      });
    }
    if (next) {
      const at = Math.max(phaseStarted, slot.endMs + GRACE_MS);
      due.push({
        at,
        fire: () => {
          out.events.push({ type: 'phase_changed', from: phase, to: next, reason: 'timeout' });
          out.announcements.push({ kind: 'phase', from: phase, to: next, reason: 'timeout' });
          phase = next;
          phaseStarted = at;
        },
      });
    }
    // Earliest first; on a tie the order above holds (the end wins over everything).
    const first = due.filter((d) => d.at <= nowMs).sort((a, b) => a.at - b.at)[0];
    if (!first) return out;
    first.fire();
    out.dueMs!.push(first.at);
    if (out.events.at(-1)?.type === 'session_ended') return out;
  }
  return out;
}

/** [PIV1] The pivot is due early when the candidate has said enough in the deep dive. */
export function pivotDueByTurns(s: SessionState): boolean {
  return s.phase === 'deep_dive' && s.pivot === undefined && s.candidateTurnsInPhase >= PIVOT_AFTER_TURNS;
}

/** [PIV2] The share of sessions that get one of the problem's own pivots rather than a generic one. */
export const OWN_PIVOT_SHARE = 0.75;

/**
 * [PIV2] The pivot is chosen deterministically from the session key: mostly one of the problem's
 * own pivots (they test the problem's real pressure points), sometimes a generic constraint mutation.
 */
export function choosePivot(problem: Problem, generic: readonly Pivot[], sessionKey: string): Pivot {
  const h = hash32(`${problem.id}:${sessionKey}`);
  const own = generic.length === 0 || (h % 1000) / 1000 < OWN_PIVOT_SHARE;
  const pool = own ? problem.pivots : generic;
  const pick = pool[Math.floor(h / 1000) % pool.length];
  if (!pick) throw new Error(`problem ${problem.id} has no pivots`);
  return pick;
}

/** FNV-1a, for deterministic choices from a string key. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export type AdvanceResult = { ok: true; decision: Decision } | { ok: false; reason: 'ended' };

/**
 * [ADV1] The candidate asks to move on: the next phase, or the end after the wrap-up.
 * [PIV4] Leaving the deep dive before the pivot came brings the pivot instead: every interview
 * tests adaptability once, and the next "move on" goes on.
 */
export function decideAdvance(s: SessionState, problem: Problem, pivots: readonly Pivot[], sessionKey: string): AdvanceResult {
  if (s.status === 'ended') return { ok: false, reason: 'ended' };
  if (s.phase === 'deep_dive' && s.pivot === undefined) {
    const pivot = choosePivot(problem, pivots, sessionKey);
    return {
      ok: true,
      decision: {
        events: [{ type: 'pivot_injected', pivotId: pivot.id, text: pivot.text }],
        announcements: [{ kind: 'pivot', pivot, beforeMovingOn: true }],
      },
    };
  }
  const next = nextPhase(s.phase);
  if (!next) {
    return {
      ok: true,
      decision: {
        events: [{ type: 'session_ended', reason: 'candidate' }],
        announcements: [{ kind: 'ended', reason: 'candidate' }],
      },
    };
  }
  return {
    ok: true,
    decision: {
      events: [{ type: 'phase_changed', from: s.phase, to: next, reason: 'candidate' }],
      announcements: [{ kind: 'phase', from: s.phase, to: next, reason: 'candidate' }],
    },
  };
}
