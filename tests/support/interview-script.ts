// Plays a scripted candidate through the real planner and the offline interviewer, as the server
// does (the same events, in memory): for listening tests and the "listening" benchmark.
import { loadProblemBank } from '../../server/content/problem-bank.js';
import type { EventBody, SessionEvent } from '../../server/domain/events.js';
import { MINUTE, type Phase } from '../../server/domain/phases.js';
import { type DiagramView, planKeys, planTurn } from '../../server/domain/plan-turn.js';
import { apply, fold, type SessionState } from '../../server/domain/session.js';
import type { TurnPlan } from '../../server/domain/turn-plan.js';
import { renderPlan } from '../../server/interviewer/offline-interviewer.js';
import { readTurn, showsAntiPattern } from '../../server/understanding/index.js';

export interface ScriptLine {
  /** Move to this phase before the line (as the candidate's "Move on" does). */
  phase?: Phase;
  say: string;
  diagram?: string;
  /** The interview minute the line is said at (default: the phase's middle). */
  minute?: number;
}

export interface PlayedTurn {
  candidate: string;
  reply: string;
  plan: TurnPlan;
  phase: Phase;
}

const bank = loadProblemBank();
const MIDDLE: Record<Phase, number> = { requirements: 2, estimation: 7, high_level_design: 13, deep_dive: 24, wrap_up: 42 };

export function playScript(problemId: string, lines: readonly ScriptLine[], pivotAt?: number): { turns: PlayedTurn[]; state: SessionState } {
  const problem = bank.byId.get(problemId)!;
  let s = fold([{ type: 'session_started', problemId, level: 'mid', durationMinutes: 45, seq: 1, atMs: 0 }]);
  const push = (body: EventBody, atMs: number) => {
    s = apply(s, { ...body, seq: s.lastSeq + 1, atMs } as SessionEvent);
  };
  const turns: PlayedTurn[] = [];
  let diagram: DiagramView = { text: '(empty whiteboard)', edges: [] };
  lines.forEach((line, i) => {
    const at = (line.minute ?? MIDDLE[line.phase ?? s.phase]) * MINUTE;
    if (line.phase && line.phase !== s.phase) push({ type: 'phase_changed', from: s.phase, to: line.phase, reason: 'candidate' }, at);
    if (pivotAt === i) {
      const pivot = problem.pivots[0]!;
      push({ type: 'pivot_injected', pivotId: pivot.id, text: pivot.text }, at);
      push({ type: 'interviewer_message', text: `Let me change one constraint. ${pivot.text}`, asked: [], revealed: [], source: 'offline', kind: 'pivot' }, at);
    }
    if (line.diagram) diagram = { text: line.diagram, edges: [...line.diagram.matchAll(/(\w[\w ]*?)\s*->\s*(\w[\w ]*)/g)].map((m) => ({ from: m[1]!.trim(), to: m[2]!.trim() })) };
    push({ type: 'candidate_message', clientMessageId: `c${i}`, text: line.say }, at);
    const plan = planTurn(s, problem, line.say, diagram, at, bank.genericPivots);
    const prior = s.turns.filter((t) => t.role === 'interviewer').map((t) => t.text);
    const reply = renderPlan(plan, undefined, prior);
    push(
      {
        type: 'interviewer_message',
        text: reply,
        asked: planKeys(plan, problem),
        revealed: plan.factAnswers.map((f) => f.topic),
        source: 'offline',
        kind: 'reply',
        replyTo: s.lastSeq,
        move: plan.move,
        ...(plan.question ? { question: { key: plan.question.key, text: plan.question.text } } : {}),
        ...(plan.dropped ? { dropped: [plan.dropped] } : {}),
      },
      at,
    );
    turns.push({ candidate: line.say, reply, plan, phase: s.phase });
  });
  return { turns, state: s };
}

export function printTranscript(turns: readonly PlayedTurn[]): string {
  return turns.map((t) => `[${t.phase}] C: ${t.candidate}\n   I (${t.plan.move}): ${t.reply}`).join('\n');
}

export interface ListeningFigures {
  replies: number;
  /** Deep-dive probes asked after every part of their answer had been said. */
  probesAskedAfterAnswered: number;
  /** Known wrong answers said, and how many were challenged in the very next reply (or already had been). */
  antiPatternsSaid: number;
  antiPatternsChallenged: number;
  identicalReplies: number;
  /** Replies that recited a hidden fact when the candidate had asked nothing. */
  factsAfterStatements: number;
  /** "That's your call"-style replies. */
  catchAll: number;
}

/** [LIS1..LIS8] The listening figures of one played interview (tests assert them, the bench prints them). */
export function listeningFigures(problemId: string, turns: readonly PlayedTurn[]): ListeningFigures {
  const problem = bank.byId.get(problemId)!;
  const f: ListeningFigures = { replies: turns.length, probesAskedAfterAnswered: 0, antiPatternsSaid: 0, antiPatternsChallenged: 0, identicalReplies: 0, factsAfterStatements: 0, catchAll: 0 };
  const seen = new Set<string>();
  const challenged = new Set<string>();
  for (const t of turns) {
    const q = t.plan.question;
    if (q && /^dd:/.test(q.key)) {
      const [, dive, index] = q.key.split(':');
      const ask = problem.deepDives.find((d) => d.id === dive)?.probes[Number(index)]?.ask;
      if (ask && t.plan.heard.answeredProbes.includes(ask)) f.probesAskedAfterAnswered++;
    }
    const reading = readTurn(t.candidate);
    for (const ap of problem.antiPatterns) {
      if (!reading.sentences.some((s) => showsAntiPattern(s, ap))) continue;
      f.antiPatternsSaid++;
      if (challenged.has(ap.id) || q?.key === `ap:${ap.id}`) f.antiPatternsChallenged++;
    }
    if (q?.key.startsWith('ap:')) challenged.add(q.key.slice(3));
    const norm = t.reply.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
    if (seen.has(norm)) f.identicalReplies++;
    seen.add(norm);
    if (t.plan.factAnswers.length > 0 && !reading.sentences.some((s) => s.act === 'question')) f.factsAfterStatements++;
    if (t.plan.uncoveredQuestion) f.catchAll++;
  }
  return f;
}
