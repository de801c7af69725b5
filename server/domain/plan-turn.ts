// [TURN*][LIS*] Decides what the interviewer's reply to a candidate message must contain. Pure:
// the same state, message and diagram always give the same plan. The interviewer listens first
// (understanding/ reads the turn; listening.ts weighs it against the interview so far), then asks.
import { type TurnReading, mainAct, mentionsAny, parseQuantities, readTurn, stripLead, termHits } from '../understanding/index.js';
import { type GivenFigure, componentsPresent, statedEstimates } from './coverage.js';
import { factsAskedAbout } from './fact-topics.js';
import {
  type ProbeState,
  antiPatternsIn,
  arithmeticQuestion,
  candidateSaid,
  commitQuestion,
  followUp,
  gapQuestion,
  pendingQuestion,
  probeStates,
  rejectedComponent,
  shortQuote,
} from './listening.js';
import type { LoadedProblem, Pivot } from './problem.js';
import { PHASE_LABELS, type Phase, nextPhase } from './phases.js';
import type { SessionState } from './session.js';
import type { EstimateFeedback, Heard, Lead, PlannedQuestion, TurnPlan } from './turn-plan.js';

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
  reading: TurnReading;
  diagram: DiagramView;
  nowMs: number;
  candidateTexts: string[];
  genericPivots: readonly Pivot[];
  probes: ProbeState[];
  /** Figures the interviewer has given (from revealed facts): repeating one is a recap. */
  given: GivenFigure[];
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

/** [EST7] Off by this factor or more, a figure held after being questioned is to be redone. */
const REDO_FACTOR = 3;

/** [EST4][EST7] A wrong figure is questioned once; held after that, the candidate is asked to redo it. */
function estimateQuestion(c: Ctx, fresh: EstimateFeedback[]): PlannedQuestion | undefined {
  const wrong = fresh.find((f) => f.verdict === 'off') ?? fresh.find((f) => f.verdict !== 'in_range');
  if (wrong) {
    const figure = wrong.stated.replace(/ \(.*\)$/, '');
    const questioned = c.s.asked.has(`est-fix:${wrong.estimateId}`) || [...c.s.asked].some((k) => k.startsWith('slip:') && k.includes(figure.toLowerCase().split(' ')[0]!));
    if (!questioned) {
      return { key: `est-fix:${wrong.estimateId}`, kind: 'estimate', text: `Walk me through how you got ${figure} for the ${wrong.label.toLowerCase()}.`, quote: figure };
    }
    const far = wrong.factor >= REDO_FACTOR || wrong.factor <= 1 / REDO_FACTOR;
    if (far && !c.s.asked.has(`est-redo:${wrong.estimateId}`)) {
      return {
        key: `est-redo:${wrong.estimateId}`,
        kind: 'estimate',
        text: `I'm still not convinced by ${figure}. Redo it one step at a time out loud: what do you start from, and what do you divide or multiply by?`,
        quote: figure,
      };
    }
  }
  return undefined;
}

/** [EST4] In estimation, the next figure the candidate has not given yet. */
function missingEstimate(c: Ctx): PlannedQuestion | undefined {
  const stated = new Set(
    c.s.turns
      .filter((t) => t.role === 'candidate')
      .flatMap((t) => statedEstimates(t.text, c.problem, c.given, t.reading).map((x) => x.estimate.id)),
  );
  for (const x of statedEstimates(c.text, c.problem, c.given, c.reading)) stated.add(x.estimate.id);
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
  // [TURN5][LIS2] Topics not yet touched first; a probe already answered (every part said) is never asked.
  const touched = (id: string) => c.probes.some((p) => p.dive.id === id && p.said.length > 0) || c.candidateTexts.some((t) => mentionsAny(t, problem.deepDives.find((d) => d.id === id)!.keywords));
  const topics = problem.deepDives.map((d, i) => ({ d, i, covered: touched(d.id) })).sort((a, b) => Number(a.covered) - Number(b.covered) || a.i - b.i);
  // A probe partly answered is followed up on its first missing part, not asked whole again.
  const probes = topics.flatMap(({ d }) =>
    c.probes
      .filter((p) => p.dive.id === d.id && !p.answered)
      .map((p) => {
        const cue = p.said.length > 0 ? p.missing[0] : undefined;
        if (cue === undefined) return { key: p.key, kind: 'deep_dive' as const, text: d.probes[p.index]!.ask };
        // The follow-up leans on what they said, so it says what that was.
        const by = p.said[0]!.by.sentence;
        return { key: `fu:${d.id}:${p.index}:${cue}`, kind: 'deep_dive' as const, text: `You said "${shortQuote(by)}". ${d.probes[p.index]!.answeredWhen[cue]!.ask}`, quote: by.text };
      }),
  );
  return firstUnasked(s, [...probes, ...evolution]);
}

function wrapUpQuestion(c: Ctx): PlannedQuestion | undefined {
  // [LIS2] A candidate who already named their weakest trade-off, or gave a summary, is not asked for it.
  const said = c.candidateTexts.join(' ');
  return firstUnasked(c.s, [
    ...(mentionsAny(said, ['least sure', 'least confident', 'weakest', 'biggest risk', 'riskiest', 'not sure about', 'would revisit'])
      ? []
      : [{ key: 'wrap:tradeoff', kind: 'wrap_up' as const, text: 'Which trade-off in your design are you least sure about, and what would make you change it?' }]),
    ...(mentionsAny(said, ['more time', 'next i would', "next i'd", 'with another', 'given time'])
      ? []
      : [{ key: 'wrap:more-time', kind: 'wrap_up' as const, text: 'With another hour, what would you improve or build next?' }]),
    ...(mentionsAny(said, ['to summarize', 'to summarise', 'in summary', 'to recap', 'recap', 'summing up'])
      ? []
      : [{ key: 'wrap:summary', kind: 'wrap_up' as const, text: 'Give me a one-minute summary of the design and its key decisions.' }]),
  ]);
}

function phaseQuestion(c: Ctx, phase: Phase, present: Set<string>, facts: boolean, uncovered: boolean): PlannedQuestion | undefined {
  switch (phase) {
    case 'requirements':
      return facts || uncovered ? undefined : requirementsQuestion(c);
    case 'estimation':
      return missingEstimate(c);
    case 'high_level_design':
      return designQuestion(c, present);
    case 'deep_dive':
      return deepDiveQuestion(c);
    case 'wrap_up':
      return wrapUpQuestion(c);
  }
}

/** [LIS7] A question about which design to pick is turned back; a requirement the facts don't cover is the candidate's call. */
const DESIGN_CHOICE = /(?<![a-z])(?:should (?:i|we) (?:use|pick|choose|go with) [^?]{1,60} or |is it better|would it be better|better to use|do you prefer|would you prefer (?:i|we) use|(?:sql|nosql|kafka|redis|postgres|cassandra|mongo\w*|dynamo\w*|rabbit\w*) or (?:sql|nosql|kafka|redis|postgres|cassandra|mongo\w*|dynamo\w*|rabbit\w*)|which (?:database|db|queue|cache|store|broker|protocol|language|framework) (?:should|would|do))/;

function leadFor(reading: TurnReading, designChoice: boolean): Lead | undefined {
  switch (mainAct(reading)) {
    case 'to_grader':
      return 'grader';
    case 'request_answer':
      return 'decline_answer';
    case 'request_work':
      return 'decline_work';
    case 'request_help':
      return 'help';
    case 'check_in':
      return 'turn_back';
    case 'move_on':
      return 'move_on';
    case 'social':
      // Small talk beside real content is not the turn.
      return reading.sentences.some((s) => s.act === 'statement' && s.content) ? undefined : 'redirect';
    case 'question':
      return designChoice ? 'design_choice' : undefined;
    case 'statement':
      return undefined;
  }
}

const ASIDE = /^(?:like|or|i mean|so|and|as in|e g|for example|basically)(?![a-z])/;

/** A question sentence no fact covers that stands on its own: six words or more, not an aside. */
function hasStandaloneQuestion(reading: TurnReading, problem: LoadedProblem): boolean {
  return reading.sentences.some(
    (x) => x.act === 'question' && factsAskedAbout(x.text, problem).facts.length === 0 && x.norm.split(' ').length >= 6 && !ASIDE.test(stripLead(x.norm)),
  );
}

function heardOf(c: Ctx, antiPatterns: string[]): Heard {
  const negated: string[] = [];
  const hedged: string[] = [];
  const terms = [...c.problem.components.flatMap((x) => x.synonyms), ...c.problem.deepDives.flatMap((d) => d.keywords)];
  for (const s of c.reading.sentences) {
    if (s.act !== 'statement') continue;
    for (const h of termHits(s, terms)) {
      if (h.polarity === 'negated' || h.polarity === 'deferred') negated.push(h.phrase);
      if (h.polarity === 'hedged') hedged.push(h.phrase);
    }
  }
  return {
    acts: c.reading.acts,
    antiPatterns,
    answeredProbes: c.probes.filter((p) => p.answered).map((p) => p.dive.probes[p.index]!.ask),
    negated: [...new Set(negated)],
    hedged: [...new Set(hedged)],
  };
}

/** The current candidate turn as the state holds it (read once), or read now. */
function currentTurn(s: SessionState, text: string): { seq: number; reading: TurnReading } {
  const t = [...s.turns].reverse().find((x) => x.role === 'candidate' && x.text === text);
  return t ? { seq: t.seq, reading: t.reading ?? readTurn(text) } : { seq: s.lastSeq + 1, reading: readTurn(text) };
}

/** [EST6] Per estimate, the last figure of the turn (the one the candidate settled on). */
function lastPerEstimate(feedback: EstimateFeedback[]): EstimateFeedback[] {
  const byId = new Map<string, EstimateFeedback>();
  for (const f of feedback) {
    byId.delete(f.estimateId);
    byId.set(f.estimateId, f);
  }
  return [...byId.values()];
}

/**
 * [TURN1..TURN9, LIS1..LIS9] The plan for replying to `text` in the session's current phase.
 * Listening comes first: a known wrong answer is challenged, broken arithmetic questioned, a
 * request for the answer declined, an ignored question asked again; then a follow-up on the part
 * of the candidate's answer that is missing; only then the phase's next question, never one the
 * candidate has already answered.
 */
export function planTurn(
  s: SessionState,
  problem: LoadedProblem,
  text: string,
  diagram: DiagramView,
  nowMs: number,
  genericPivots: readonly Pivot[] = [],
): TurnPlan {
  const current = currentTurn(s, text);
  const reading = current.reading;
  const said = candidateSaid(s, current);
  const candidateTexts = s.turns.filter((t) => t.role === 'candidate').map((t) => t.text);
  if (!s.turns.some((t) => t.seq === current.seq)) candidateTexts.push(text);
  const given = problem.facts
    .filter((f) => s.revealed.has(f.topic))
    .flatMap((f) => parseQuantities(f.answer).map((q) => ({ value: q.value, fromPeriod: q.fromPeriod ?? false })));
  const c: Ctx = { s, problem, text, reading, diagram, nowMs, candidateTexts, genericPivots, probes: probeStates(problem, said), given };
  const phase: Phase = s.phase;
  const asked = s.asked;

  const askedFacts = factsAskedAbout(reading, problem);
  // [LIS7] A fact given before is said again ("As I said") only when it is what was asked: beside
  // a new fact, it is the new one they were after.
  const fresh = askedFacts.facts.filter((f) => !s.revealed.has(f.topic));
  const factAnswers = (fresh.length > 0 ? fresh : askedFacts.facts).map((f) => ({ topic: f.topic, answer: f.answer, ...(s.revealed.has(f.topic) ? { repeated: true } : {}) }));
  const questionText = reading.sentences.filter((x) => x.act === 'question').map((x) => x.norm).join(' ');
  const designChoice = askedFacts.uncovered && DESIGN_CHOICE.test(questionText);
  // An aside after an answered question ("Like people scrolling versus posting?") elaborates it.
  const uncoveredQuestion = askedFacts.uncovered && !designChoice && (askedFacts.facts.length === 0 || hasStandaloneQuestion(reading, problem));

  const estimateFeedback =
    phase === 'estimation' || phase === 'requirements'
      ? lastPerEstimate(statedEstimates(text, problem, given, reading).filter((x) => !x.recap).map((x) => x.feedback))
      : [];
  // [COV1][LIS2] Present: drawn on the board, or stated (not negated, not asked about) in the talk.
  const present = componentsPresent(problem.components, [diagram.text]);
  for (const comp of problem.components) {
    if (said.some((x) => x.sentence.act === 'statement' && termHits(x.sentence, comp.synonyms).some((h) => h.polarity === 'asserted' || h.polarity === 'hedged'))) present.add(comp.id);
  }

  const options: PlannedQuestion[] = [];
  const offer = (q: PlannedQuestion | undefined) => {
    if (q && !options.some((o) => o.key === q.key)) options.push(q);
    return q;
  };

  // 1. What must be challenged now: a known wrong answer, arithmetic, a figure off the mark.
  const wrong = antiPatternsIn(problem, reading, asked);
  const challenge = wrong[0]
    ? offer({ key: `ap:${wrong[0].antiPattern.id}`, kind: 'challenge', text: wrong[0].antiPattern.challenge, quote: wrong[0].sentence.text })
    : undefined;
  const slip = offer(arithmeticQuestion(text, reading, asked));
  const estimateFix = offer(estimateQuestion(c, estimateFeedback));

  // 2. What the candidate did besides designing, and whether they took up the last question.
  const lead = leadFor(reading, designChoice);
  const pending = pendingQuestion(s, reading, current.seq, problem);
  const dropped = pending.status === 'drop' ? pending.question.key : undefined;

  // 3. Following their words: a missing part, a hedge (in the deep dive, where probes belong), a component waved away.
  const diving = phase === 'deep_dive' || phase === 'wrap_up';
  const follow = diving ? offer(followUp(c.probes, current.seq, asked)) : undefined;
  const commit = diving ? offer(commitQuestion(c.probes, current.seq, asked)) : undefined;
  const gap = diving ? offer(gapQuestion(c.probes, reading, asked)) : undefined;
  const rejected = offer(rejectedComponent(problem, reading, asked, diagram.text));

  const next = offer(phaseQuestion(c, phase, present, askedFacts.facts.length > 0, askedFacts.uncovered));

  let question: PlannedQuestion | undefined;
  let move = 'question';
  let finalLead: Lead | undefined = lead;
  if (challenge) [question, move] = [challenge, 'challenge'];
  else if (slip) [question, move] = [slip, 'arithmetic'];
  else if (estimateFix) [question, move] = [estimateFix, 'estimate_check'];
  else if (lead === 'move_on') [question, move] = [undefined, 'move_on'];
  else if (pending.status === 'reask' && (lead === undefined || lead === 'redirect' || lead === 'grader' || lead === 'turn_back')) {
    // "Is this ok?" while a question is still open: the open question is the answer.
    question = { key: pending.question.key, kind: 'follow_up', text: pending.question.text };
    move = 'reask';
    finalLead = lead === undefined || lead === 'turn_back' ? 'reask' : lead;
  } else if (lead === 'design_choice') [question, move] = [undefined, 'turn_back'];
  else if (follow) [question, move] = [follow, 'follow_up'];
  else if (commit) [question, move] = [commit, 'follow_up'];
  else if (gap) [question, move] = [gap, 'follow_up'];
  else if (rejected) [question, move] = [rejected, 'challenge'];
  else [question, move] = [next, next ? 'question' : factAnswers.length > 0 ? 'answer' : 'acknowledge'];
  if (lead && move === 'question') move = lead;

  // Answering a clarifying question is the turn: do not pile a new question on top of facts,
  // unless something must be challenged or an estimate is missing.
  if (factAnswers.length > 0 && phase !== 'requirements' && (move === 'question' || move === 'follow_up') && question?.kind !== 'estimate') question = undefined;
  // A reply asks at most one question: a turned-back design question is that question.
  if (finalLead === 'design_choice') question = undefined;

  // The verdict on a figure was given with the first question about it: a redo does not repeat it.
  const feedback = question?.key.startsWith('est-redo:') ? estimateFeedback.filter((f) => `est-redo:${f.estimateId}` !== question!.key) : estimateFeedback;
  const listening = move === 'challenge' || move === 'arithmetic' || move === 'follow_up' || move === 'reask';
  const acknowledged =
    !listening && phase === 'high_level_design'
      ? problem.components
          .filter((comp) => !asked.has(`ack:${comp.id}`) && present.has(comp.id))
          .map((comp) => comp.label)
      : [];

  const suggestAdvance =
    nextPhase(phase) !== undefined &&
    ((askedFacts.facts.length === 0 && !askedFacts.uncovered && question === undefined && finalLead !== 'design_choice') || finalLead === 'move_on');

  return {
    factAnswers,
    uncoveredQuestion,
    estimateFeedback: feedback,
    acknowledged,
    ...(question ? { question } : {}),
    suggestAdvance,
    ...(finalLead ? { lead: finalLead } : {}),
    move,
    ...(dropped ? { dropped } : {}),
    options: options.filter((o) => o.key !== question?.key),
    heard: heardOf(c, wrong.map((w) => w.antiPattern.title)),
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
