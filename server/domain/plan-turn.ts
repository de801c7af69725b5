// [TURN*] Decides what the interviewer's reply to a candidate message must contain. Pure: the
// same state, message and diagram always give the same plan.
import { checkEstimates, componentsPresent } from './coverage.js';
import { factsAskedAbout, mentionsAny } from './fact-topics.js';
import type { LoadedProblem, Pivot } from './problem.js';
import { PHASE_LABELS, type Phase, nextPhase } from './phases.js';
import type { SessionState } from './session.js';
import type { PlannedQuestion, TurnPlan } from './turn-plan.js';

export interface DiagramView {
  text: string;
  edges: ReadonlyArray<{ from: string; to: string }>;
}

/** [TURN6] The last quarter of the deep dive asks about bottlenecks and evolution. */
export const EVOLUTION_SHARE = 0.75;

interface Ctx {
  s: SessionState;
  problem: LoadedProblem;
  text: string;
  diagram: DiagramView;
  nowMs: number;
  candidateTexts: string[];
  genericPivots: readonly Pivot[];
}

function firstUnasked(s: SessionState, questions: PlannedQuestion[]): PlannedQuestion | undefined {
  return questions.find((q) => !s.asked.has(q.key));
}

function requirementsQuestion(c: Ctx): PlannedQuestion | undefined {
  const revealed = c.s.revealed;
  const nfr = ['latency', 'availability', 'consistency'].some((t) => revealed.has(t));
  return firstUnasked(c.s, [
    ...(revealed.size === 0
      ? [{ key: 'req:clarify', kind: 'requirements' as const, text: 'Before you design anything: what would you like to know about the users, the scale or the features?' }]
      : []),
    ...(!nfr
      ? [{ key: 'req:nfr', kind: 'requirements' as const, text: 'Which non-functional requirements matter most here, and what targets would you set?' }]
      : []),
    ...(!revealed.has('out_of_scope')
      ? [{ key: 'req:scope', kind: 'requirements' as const, text: 'What will you deliberately leave out of scope?' }]
      : []),
  ]);
}

function estimationQuestion(c: Ctx, fresh: ReturnType<typeof checkEstimates>): PlannedQuestion | undefined {
  const wrong = fresh.find((f) => f.verdict !== 'in_range');
  if (wrong && !c.s.asked.has(`est-fix:${wrong.estimateId}`)) {
    return {
      key: `est-fix:${wrong.estimateId}`,
      kind: 'estimate',
      text: `Walk me through how you got ${wrong.stated.replace(/ \(.*\)$/, '')} for the ${wrong.label.toLowerCase()}.`,
    };
  }
  const stated = new Set(c.candidateTexts.flatMap((t) => checkEstimates(t, c.problem).map((f) => f.estimateId)));
  return firstUnasked(
    c.s,
    c.problem.resolvedEstimates
      .filter((e) => !stated.has(e.id))
      .map((e) => ({ key: `est:${e.id}`, kind: 'estimate' as const, text: `What ${e.label.toLowerCase()} do you expect? Give me a number with units.` })),
  );
}

function designQuestion(c: Ctx, present: Set<string>): PlannedQuestion | undefined {
  const drawn = c.diagram.text.trim() !== '' && c.diagram.text !== '(empty whiteboard)';
  const missing = c.problem.components.filter((comp) => !present.has(comp.id));
  // [TURN3] The arrows that matter first: those between the problem's expected components (a
  // cache in front of the store), then those touching one, then the rest, each in board order.
  const weight = (label: string) => (componentsPresent(c.problem.components, [label]).size > 0 ? 1 : 0);
  const arrows = c.diagram.edges
    .map((e, i) => ({ e, i, w: weight(e.from) + weight(e.to) }))
    .sort((a, b) => b.w - a.w || a.i - b.i)
    .map(({ e }) => ({
      key: `arrow:${e.from}->${e.to}`.toLowerCase(),
      kind: 'arrow' as const,
      text: `On your diagram, ${e.from} talks to ${e.to}: what goes over that arrow, and what happens when ${e.to} is slow or down?`,
    }));
  return firstUnasked(c.s, [
    ...(!drawn ? [{ key: 'hld:draw', kind: 'component' as const, text: 'Could you sketch the main components on the whiteboard so we can both see the data flow?' }] : []),
    ...missing.map((comp) => ({ key: `comp:${comp.id}`, kind: 'component' as const, text: comp.question })),
    ...arrows.slice(0, 3),
  ]);
}

function deepDiveQuestion(c: Ctx): PlannedQuestion | undefined {
  const { s, problem } = c;
  if (s.pivot) {
    const since = s.turns.filter((t) => t.role === 'candidate' && t.seq > s.pivot!.seq).map((t) => t.text);
    const pivot = [...problem.pivots, ...c.genericPivots].find((p) => p.id === s.pivot!.pivotId);
    const adapted = pivot ? since.some((t) => mentionsAny(t, pivot.expects)) : since.length > 0;
    if (!adapted && since.length > 0) {
      const q = firstUnasked(s, [{ key: `pivot:${s.pivot.pivotId}:probe`, kind: 'pivot_follow_up', text: 'Be concrete about the new constraint: which component changes first, and what do you give up for it?' }]);
      if (q) return q;
    }
  }
  const slot = s.plan.find((p) => p.phase === 'deep_dive')!;
  const late = c.nowMs >= slot.startMs + (slot.endMs - slot.startMs) * EVOLUTION_SHARE;
  const evolution: PlannedQuestion[] = [
    { key: 'evo:10x', kind: 'evolution', text: 'Say traffic grows 10x over the next year. What breaks first, and what would you change?' },
    { key: 'evo:failure', kind: 'evolution', text: 'Pick the component whose failure would hurt most. What happens when it goes down, and how do you recover?' },
  ];
  if (late) {
    const q = firstUnasked(s, evolution);
    if (q) return q;
  }
  const talked = c.candidateTexts;
  const topics = problem.deepDives
    .map((d, i) => ({ d, i, covered: talked.some((t) => mentionsAny(t, d.keywords)) }))
    .sort((a, b) => Number(a.covered) - Number(b.covered) || a.i - b.i);
  const probes = topics.flatMap(({ d }) => d.probes.map((p, j) => ({ key: `dd:${d.id}:${j}`, kind: "deep_dive" as const, text: p.ask })));
  return firstUnasked(s, [...probes, ...evolution]);
}

function wrapUpQuestion(c: Ctx): PlannedQuestion | undefined {
  return firstUnasked(c.s, [
    { key: 'wrap:tradeoff', kind: 'wrap_up', text: 'Which trade-off in your design are you least sure about, and what would make you change it?' },
    { key: 'wrap:more-time', kind: 'wrap_up', text: 'With another hour, what would you improve or build next?' },
    { key: 'wrap:summary', kind: 'wrap_up', text: 'Give me a one-minute summary of the design and its key decisions.' },
  ]);
}

/**
 * [TURN1..TURN7] The plan for replying to `text` in the session's current phase. `genericPivots`
 * are the constraint mutations the session's pivot may have come from (for [TURN7]).
 */
export function planTurn(
  s: SessionState,
  problem: LoadedProblem,
  text: string,
  diagram: DiagramView,
  nowMs: number,
  genericPivots: readonly Pivot[] = [],
): TurnPlan {
  const asked = factsAskedAbout(text, problem);
  const candidateTexts = [...s.turns.filter((t) => t.role === 'candidate').map((t) => t.text)];
  if (!candidateTexts.includes(text)) candidateTexts.push(text);
  const c: Ctx = { s, problem, text, diagram, nowMs, candidateTexts, genericPivots };
  const phase: Phase = s.phase;

  const estimateFeedback = phase === 'estimation' || phase === 'requirements' ? checkEstimates(text, problem) : [];
  const present = componentsPresent(problem.components, [diagram.text, ...candidateTexts]);
  const acknowledged =
    phase === 'high_level_design' || phase === 'deep_dive'
      ? problem.components.filter((comp) => present.has(comp.id) && !s.asked.has(`ack:${comp.id}`)).map((comp) => comp.label)
      : [];

  let question: PlannedQuestion | undefined;
  switch (phase) {
    case 'requirements':
      question = asked.facts.length > 0 || asked.uncovered ? undefined : requirementsQuestion(c);
      break;
    case 'estimation':
      question = estimationQuestion(c, estimateFeedback);
      break;
    case 'high_level_design':
      question = designQuestion(c, present);
      break;
    case 'deep_dive':
      question = deepDiveQuestion(c);
      break;
    case 'wrap_up':
      question = wrapUpQuestion(c);
      break;
  }
  // Answering a clarifying question is the turn: do not pile a new question on top of facts.
  if (asked.facts.length > 0 && phase !== 'requirements' && question?.kind !== 'estimate') question = undefined;

  const suggestAdvance =
    nextPhase(phase) !== undefined &&
    asked.facts.length === 0 &&
    !asked.uncovered &&
    question === undefined;

  return {
    factAnswers: asked.facts.map((f) => ({ topic: f.topic, answer: f.answer })),
    uncoveredQuestion: asked.uncovered,
    estimateFeedback,
    acknowledged,
    question,
    suggestAdvance,
  };
}

/** The keys a plan marks as asked once the reply is sent. */
export function planKeys(plan: TurnPlan, problem: LoadedProblem): string[] {
  const keys = plan.question ? [plan.question.key] : [];
  for (const label of plan.acknowledged) {
    const comp = problem.components.find((c) => c.label === label);
    if (comp) keys.push(`ack:${comp.id}`);
  }
  return keys;
}

export function phaseLabel(phase: Phase): string {
  return PHASE_LABELS[phase];
}
