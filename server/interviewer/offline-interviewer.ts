// The built-in interviewer: phrases the server's turn plan with fixed wording, so the same plan
// always reads the same. Always available; the model-backed interviewer falls back to it.
import type { TurnPlan } from '../domain/turn-plan.js';
import type { Interviewer, RespondOptions, TurnInput, TurnOutput } from './types.js';

function factorText(factor: number): string {
  const x = factor >= 1 ? factor : 1 / factor;
  if (x < 10) return `about ${Math.round(x * 10) / 10}x`;
  if (x < 100) return `about ${Math.round(x)}x`;
  return `about ${Math.round(Math.log10(x))} orders of magnitude`;
}

/** [OFF1] Facts verbatim; an invitation to assume; estimate verdicts; acknowledgements; one question. */
export function renderPlan(plan: TurnPlan, nextPhaseLabel?: string): string {
  const parts: string[] = [];
  for (const f of plan.factAnswers) parts.push(f.answer);
  if (plan.uncoveredQuestion) {
    parts.push(plan.factAnswers.length > 0
      ? 'Anything else you asked is your call: state an assumption and go with it.'
      : "That's your call: state an assumption and we'll go with it.");
  }
  for (const e of plan.estimateFeedback) {
    const direction = e.factor > 1 ? 'high' : 'low';
    if (e.verdict === 'in_range') parts.push(`${e.stated} for the ${e.label.toLowerCase()} is in a sensible range.`);
    else if (e.verdict === 'close') parts.push(`${e.stated} for the ${e.label.toLowerCase()} looks a little ${direction} (${factorText(e.factor)} off what I'd expect).`);
    else parts.push(`${e.stated} for the ${e.label.toLowerCase()} looks ${direction} by ${factorText(e.factor)}.`);
  }
  if (plan.acknowledged.length > 0) parts.push(`Noted: ${plan.acknowledged.join(', ')}.`);
  if (plan.question) parts.push(plan.question.text);
  else if (plan.suggestAdvance && nextPhaseLabel) parts.push(`That covers this part well. Add anything you want, or move on to ${nextPhaseLabel.toLowerCase()} when you're ready.`);
  if (parts.length === 0) parts.push('Okay. Keep going.');
  return parts.join(' ');
}

export function createOfflineInterviewer(): Interviewer {
  return {
    name: 'offline',
    async respond(input: TurnInput, options?: RespondOptions): Promise<TurnOutput> {
      const text = renderPlan(input.plan, input.nextPhaseLabel);
      // Streams word by word so clients see the same delta protocol as with a model.
      if (options?.onDelta) {
        for (const piece of text.match(/\S+\s*/g) ?? [text]) options.onDelta(piece);
      }
      return { text, source: 'offline', usage: { promptTokens: 0, completionTokens: 0 } };
    },
  };
}
