// [LIS9] The server checks a model's reply before the candidate sees it: the move it says it made
// must be one the server allowed, it may state no hidden fact the plan did not allow, no figure
// that is not in the material it was given, and it asks at most one question. Pure; the model
// interviewer runs it sentence by sentence while the reply streams.
import { z } from 'zod';
import { factLeakCheck, figures } from '../domain/fact-leak.js';
import type { TurnPlan } from '../domain/turn-plan.js';

/** [LIS9] At most this many moves are offered to a model: the planned one and the strongest options. */
export const MAX_MOVES = 4;

/** What the server allows this turn, built by the session service from the plan and the session. */
export interface GuardContext {
  /** Question keys the model may use as its move (the plan's question and its options). */
  moves: readonly string[];
  /** Topics of the facts the reply may state. */
  facts: readonly string[];
  /** Answers of the hidden facts the reply must not state (not in the plan, not given before). */
  forbidden: readonly string[];
  /** Everything the reply may take figures from: allowed facts, estimate feedback, questions, the candidate's words, the diagram. */
  material: string;
}

/** [LIS9] The structured header a model writes on the reply's first line. */
export const ReplyHeader = z.object({
  move: z.string().min(1).max(200),
  facts: z.array(z.string().max(100)).max(20).default([]),
});
export type ReplyHeader = z.infer<typeof ReplyHeader>;

export type Violation =
  | { kind: 'move'; detail: string }
  | { kind: 'fact'; detail: string }
  | { kind: 'figure'; detail: string }
  | { kind: 'questions'; detail: string }
  | { kind: 'header'; detail: string };

/** [LIS9] Checks the header a model wrote: valid, a move the server allowed, facts the plan allowed. */
export function checkHeader(raw: string, ctx: GuardContext): { header: ReplyHeader } | { violation: Violation } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { violation: { kind: 'header', detail: 'the header is not JSON' } };
  }
  const parsed = ReplyHeader.safeParse(json);
  if (!parsed.success) return { violation: { kind: 'header', detail: 'the header does not match its schema' } };
  const header = parsed.data;
  if (header.move !== 'none' && !ctx.moves.includes(header.move)) return { violation: { kind: 'move', detail: `move ${header.move} was not allowed` } };
  const extra = header.facts.find((f) => !ctx.facts.includes(f));
  if (extra) return { violation: { kind: 'fact', detail: `fact ${extra} was not allowed` } };
  return { header };
}

/** A checker for one reply, fed sentence by sentence. */
export function createReplyGuard(ctx: GuardContext): { check(sentence: string): Violation | undefined } {
  const allowedFigures = new Set(figures(ctx.material));
  const facts = factLeakCheck(ctx.forbidden, allowedFigures);
  let questions = 0;
  return {
    check(sentence: string): Violation | undefined {
      questions += (sentence.match(/\?/g) ?? []).length;
      if (questions > 1) return { kind: 'questions', detail: 'the reply asks more than one question' };
      const leak = facts.leak(sentence);
      if (leak === 'figure') return { kind: 'fact', detail: 'the reply states a figure from a hidden fact' };
      if (leak === 'wording') return { kind: 'fact', detail: 'the reply repeats the wording of a hidden fact' };
      const invented = figures(sentence).find((x) => x.replace('.', '').length >= 2 && !allowedFigures.has(x));
      if (invented) return { kind: 'figure', detail: `the reply states ${invented}, which nothing allowed it to say` };
      return undefined;
    },
  };
}

/** Splits streamed text into complete sentences and the unfinished rest. */
export function takeSentences(buffer: string): { sentences: string[]; rest: string } {
  const sentences: string[] = [];
  let start = 0;
  const re = /[.!?]+["')\]]*(?=\s)/g;
  for (const m of buffer.matchAll(re)) {
    const end = m.index + m[0].length;
    // Keep the whitespace after a sentence with it, so the candidate sees the text as written.
    let next = end;
    while (next < buffer.length && /\s/.test(buffer[next]!)) next++;
    if (next === buffer.length) break; // the space may still be followed by more of the same sentence's end
    sentences.push(buffer.slice(start, next));
    start = next;
  }
  return { sentences, rest: buffer.slice(start) };
}

/** [LIS9] The guard for one turn: what the plan allows, and the hidden facts it does not. */
export function buildGuardContext(input: {
  plan: TurnPlan;
  facts: ReadonlyArray<{ topic: string; answer: string }>;
  revealed: ReadonlySet<string>;
  recentTurns: ReadonlyArray<{ text: string }>;
  diagramText: string;
  statement: string;
  minutes: readonly number[];
}): GuardContext {
  const { plan } = input;
  const allowedTopics = new Set([...plan.factAnswers.map((f) => f.topic), ...input.revealed]);
  const moves = [...(plan.question ? [plan.question] : []), ...plan.options].slice(0, MAX_MOVES);
  return {
    moves: moves.map((q) => q.key),
    facts: [...allowedTopics],
    forbidden: input.facts.filter((f) => !allowedTopics.has(f.topic)).map((f) => f.answer),
    material: [
      input.statement,
      ...input.facts.filter((f) => allowedTopics.has(f.topic)).map((f) => f.answer),
      ...plan.estimateFeedback.flatMap((e) => [e.stated, e.reference]),
      ...moves.flatMap((q) => [q.text, q.quote ?? '']),
      ...input.recentTurns.map((t) => t.text),
      input.diagramText,
      input.minutes.join(' '),
    ].join('\n'),
  };
}
