// [RIV10] Coach mode's ladder in a peer interviewer's kit: the room's interview record (its chat as
// turns with their phases, the board as text, the pivot) read as a session log, and the open gaps
// of the room clock's current phase with their nudge, pointer and sketch (domain/hints.ts, the same
// ladder a solo candidate climbs in coach mode). Pure. Only an interviewer's connection gets it.
import type { EventBody, SessionEvent } from '../domain/events.js';
import { factLeakCheck } from '../domain/fact-leak.js';
import { factsAskedAbout } from '../domain/fact-topics.js';
import { safeLadder } from '../domain/hints.js';
import type { Phase } from '../domain/phases.js';
import type { LoadedProblem, Pivot } from '../domain/problem.js';
import { fold } from '../domain/session.js';
import type { KitLadder } from '../protocol/rooms.js';
import type { ScoringInput } from '../scoring/types.js';

/**
 * The record as a session log. A fact counts as given once the candidate asked about it (the kit
 * tells the interviewer to share a fact when asked) or once the interviewer's words state it.
 */
function sessionLog(input: ScoringInput, problem: LoadedProblem, phase: Phase): SessionEvent[] {
  const events: SessionEvent[] = [];
  const push = (body: EventBody, atMs = 0) => events.push({ ...body, seq: events.length + 1, atMs } as SessionEvent);
  push({ type: 'session_started', problemId: problem.id, level: input.level, durationMinutes: input.durationMinutes ?? 45, mode: 'coach' });
  const stated = problem.facts.map((f) => ({ topic: f.topic, check: factLeakCheck([f.answer], new Set()) }));
  let current: Phase = 'requirements';
  let asked = new Set<string>();
  const moveTo = (to: Phase, atMs?: number) => {
    if (to !== current) push({ type: 'phase_changed', from: current, to, reason: 'timeout' }, atMs);
    current = to;
  };
  for (const t of input.turns) {
    if (t.phase) moveTo(t.phase, t.atMs);
    if (t.role === 'candidate') {
      push({ type: 'candidate_message', clientMessageId: `turn-${t.turn}`, text: t.text }, t.atMs);
      for (const f of factsAskedAbout(t.text, problem).facts) asked.add(f.topic);
      continue;
    }
    if (t.kind === 'pivot' && input.pivot?.turn === t.turn) push({ type: 'pivot_injected', pivotId: input.pivot.pivotId, text: input.pivot.text }, t.atMs);
    const revealed = new Set([...asked, ...stated.filter((f) => f.check.leak(t.text) !== undefined).map((f) => f.topic)]);
    asked = new Set();
    push({ type: 'interviewer_message', text: t.text, asked: [], revealed: [...revealed], source: 'offline', kind: t.kind === 'pivot' ? 'pivot' : 'reply' }, t.atMs);
  }
  // A question not answered yet is still asked: its fact is no gap.
  if (asked.size > 0) push({ type: 'interviewer_message', text: '', asked: [], revealed: [...asked], source: 'offline', kind: 'reply' });
  moveTo(phase);
  if (input.diagramText) push({ type: 'diagram_updated', elementCount: 0, text: input.diagramText });
  return events;
}

/** [RIV10] The ladder of the room clock's current phase, from the room's interview record. */
export function kitLadder(input: ScoringInput, problem: LoadedProblem, genericPivots: readonly Pivot[], phase: Phase): KitLadder {
  const state = fold(sessionLog(input, problem, phase));
  const gaps = safeLadder({ state, problem, diagramText: input.diagramText ?? '', genericPivots });
  return { phase, gaps };
}
