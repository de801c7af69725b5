// The built-in interviewer: phrases the server's turn plan in plain words. Facts are said
// verbatim; everything around them has a few phrasings, and [LIS8] a reply that would repeat an
// earlier one word for word takes the next phrasing. Deterministic: the same plan and the same
// interview so far always read the same. Always available; the model interviewer falls back to it.
import type { EstimateFeedback, Lead, TurnPlan } from '../domain/turn-plan.js';
import type { Interviewer, RespondOptions, TurnChoice, TurnInput, TurnOutput } from './types.js';

function factorText(factor: number): string {
  const x = factor >= 1 ? factor : 1 / factor;
  if (x < 10) return `about ${Math.round(x * 10) / 10}x`;
  if (x < 100) return `about ${Math.round(x)}x`;
  return `about ${Math.round(Math.log10(x))} orders of magnitude`;
}

/** Phrasings of one part of a reply; `v` picks one (wrapping), so each part can vary independently. */
type Variants = readonly string[];
const pick = (variants: Variants, v: number) => variants[v % variants.length]!;

const LEADS: Record<Lead, Variants> = {
  decline_answer: [
    "I'd rather hear your reasoning than hand you an answer: this is your design.",
    "I won't give you the answer, but I can point you at what matters.",
    "There isn't one answer I'm waiting for; I want to see how you'd decide.",
  ],
  decline_work: [
    "That part is yours to do: even three rough boxes are enough for me to react to.",
    "I'd like you to make that call yourself; pick one and tell me what it costs.",
    "I'll leave that one to you: sketch it roughly and we'll refine it together.",
  ],
  help: ['Here is a nudge.', 'Let me point you somewhere useful.', 'A place to start:'],
  redirect: ["Happy to chat afterwards; for now let's stay on the design.", "Let's keep our time for the design.", 'Back to the problem for now.'],
  grader: ["I'll leave that aside: the feedback comes from the design itself.", "Let's stay on the design; that's what the feedback is based on."],
  turn_back: [
    "I'll let you judge that.",
    "You tell me: you know what you were aiming for.",
    "That's for you to weigh.",
  ],
  move_on: ['Sure.', 'Fine by me.', 'Okay.'],
  design_choice: [
    'That choice is yours: which would you pick here, and what does it cost you?',
    'You tell me: which fits these requirements better, and why?',
    'What would you pick, given what you know so far, and what would make you change your mind?',
  ],
  reask: ['Before we go on:', 'Let me come back to my question:', 'One thing first:'],
};

const NEXT_AFTER_LEAD: Partial<Record<Lead, Variants>> = {
  turn_back: ["What I'd like to hear next:", 'Next:', 'Then:'],
  help: [''],
};

/** [LIS8] Estimate feedback as one natural sentence per verdict; figures in range share one sentence. */
function estimateSentences(list: readonly EstimateFeedback[], v: number): string[] {
  const out: string[] = [];
  const good = list.filter((e) => e.verdict === 'in_range');
  if (good.length > 0) {
    const items = good.map((e) => `${e.stated} for the ${labelOf(e)}`);
    const joined = items.length === 1 ? items[0]! : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
    out.push(pick([`${capital(joined)} ${good.length === 1 ? 'is' : 'are'} in a sensible range.`, `${capital(joined)} ${good.length === 1 ? 'sounds' : 'sound'} right.`, `${capital(joined)}: that's about what I'd expect.`], v));
  }
  for (const e of list) {
    if (e.verdict === 'in_range') continue;
    const direction = e.factor > 1 ? 'high' : 'low';
    const x = e.factor >= 1 ? e.factor : 1 / e.factor;
    if (e.verdict === 'close' && x < 3) out.push(`${capital(e.stated)} for the ${labelOf(e)} is a little ${direction}, ${factorText(e.factor)} off what I'd expect.`);
    else if (e.verdict === 'close') out.push(`${capital(e.stated)} for the ${labelOf(e)} looks ${direction}, ${factorText(e.factor)} off what I'd expect.`);
    else out.push(`${capital(e.stated)} for the ${labelOf(e)} looks ${direction} by ${factorText(e.factor)}.`);
  }
  return out;
}

/** The estimate's label without a period the figure already says ("storage per year" after "90 TB per year"). */
function labelOf(e: EstimateFeedback): string {
  return e.label.toLowerCase().replace(/\s+(?:per|a|each)\s+(?:year|day|month|second)$/, '');
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The reply at phrasing `v`. */
function compose(plan: TurnPlan, nextPhaseLabel: string | undefined, v: number): string {
  const parts: string[] = [];
  const lead = plan.lead;
  if (lead && lead !== 'reask' && lead !== 'design_choice') parts.push(pick(LEADS[lead], v));
  for (const f of plan.factAnswers) parts.push(f.repeated ? `${pick(['As I said,', 'Same as before:', 'Again,'], v)} ${f.answer.charAt(0).toLowerCase()}${f.answer.slice(1)}` : f.answer);
  if (plan.uncoveredQuestion) {
    parts.push(
      plan.factAnswers.length > 0
        ? pick(['Anything else you asked is your call: state an assumption and go with it.', "The rest is up to you: tell me what you'd assume."], v)
        : pick(["That's your call: state an assumption and we'll go with it.", "I don't have a number for that; assume something reasonable and say it out loud.", 'Your call: tell me what you would assume and why.'], v),
    );
  }
  parts.push(...estimateSentences(plan.estimateFeedback, v));
  if (plan.acknowledged.length > 0) {
    const names = plan.acknowledged.map((l) => (/^[A-Z][a-z]/.test(l) ? l.charAt(0).toLowerCase() + l.slice(1) : l));
    const list = names.length === 1 ? `the ${names[0]}` : `${names.slice(0, -1).map((n) => `the ${n}`).join(', ')} and the ${names[names.length - 1]}`;
    parts.push(pick([`Okay, you have ${list}.`, `Got it: ${list}.`], v));
  }
  if (lead === 'design_choice') parts.push(pick(LEADS.design_choice, v));
  if (plan.question) {
    if (plan.move === 'reask') parts.push(`${pick(LEADS.reask, v)} ${plan.question.text}`);
    else {
      const before = lead ? NEXT_AFTER_LEAD[lead] : undefined;
      const prefix = before ? pick(before, v) : '';
      parts.push(prefix ? `${prefix} ${plan.question.text}` : plan.question.text);
    }
  } else if (plan.suggestAdvance && nextPhaseLabel) {
    parts.push(
      lead === 'move_on'
        ? `Use Move on when you're ready and we'll go to ${nextPhaseLabel.toLowerCase()}.`
        : pick([`That covers this part well. Add anything you want, or move on to ${nextPhaseLabel.toLowerCase()} when you're ready.`, `Good. When you're ready, we can move on to ${nextPhaseLabel.toLowerCase()}.`, `Anything to add? Otherwise we can go on to ${nextPhaseLabel.toLowerCase()}.`], v),
    );
  }
  if (parts.length === 0) parts.push(pick(['Okay. Keep going.', 'Go on.', 'Okay, carry on.'], v));
  return parts.join(' ');
}

const key = (t: string) => t.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

/**
 * [OFF1][LIS8] Facts verbatim; a lead when the candidate did something other than design; estimate
 * verdicts; acknowledgements; at most one question. `prior` are the interviewer's earlier replies:
 * the first phrasing that repeats none of them is used.
 */
export function renderPlan(plan: TurnPlan, nextPhaseLabel?: string, prior: readonly string[] = []): string {
  const seen = new Set(prior.map(key));
  for (let v = 0; v < 6; v++) {
    const text = compose(plan, nextPhaseLabel, v);
    if (!seen.has(key(text))) return text;
  }
  for (const again of ['To come back to this:', 'Once more:', 'Like I said:', 'Repeating myself a little:']) {
    const text = `${again} ${compose(plan, nextPhaseLabel, 0)}`;
    if (!seen.has(key(text))) return text;
  }
  return `(${prior.length + 1}) ${compose(plan, nextPhaseLabel, 0)}`;
}

export const BUILT_IN_LABEL = 'Built-in interviewer';

export function createOfflineInterviewer(): Interviewer {
  return {
    name: 'offline',
    label: BUILT_IN_LABEL,
    async respond(input: TurnInput, options?: RespondOptions): Promise<TurnOutput> {
      const text = renderPlan(input.plan, input.nextPhaseLabel, input.priorReplies ?? []);
      // Streams word by word so clients see the same delta protocol as with a model.
      if (options?.onDelta) {
        for (const piece of text.match(/\S+\s*/g) ?? [text]) options.onDelta(piece);
      }
      return { text, source: 'offline', usage: { promptTokens: 0, completionTokens: 0 }, choice: planChoice(input.plan) };
    },
  };
}

/** What a reply phrased from the plan as it stands does: the plan's move and question. */
export function planChoice(plan: TurnPlan): TurnChoice {
  return { move: plan.move, ...(plan.question ? { question: { key: plan.question.key, text: plan.question.text } } : {}) };
}
