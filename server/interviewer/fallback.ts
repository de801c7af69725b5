// A model outage must not stall an interview: when the primary interviewer fails, the fallback
// (the built-in rule-based one) answers the same turn and the candidate is told why.
import { ModelError, type ModelErrorKind } from './openai-interviewer.js';
import type { Interviewer, RespondOptions, TurnInput, TurnOutput } from './types.js';

const REASONS: Record<ModelErrorKind, string> = {
  rate_limited: 'rate limited',
  server: 'the model server failed',
  timeout: 'timed out',
  cut: 'the connection dropped',
  empty: 'it sent an empty reply',
  rejected: "its reply broke the interview's rules",
  other: 'the request was refused',
};

export function withFallback(primary: Interviewer, fallback: Interviewer): Interviewer {
  return {
    name: primary.name,
    ...(primary.label ? { label: primary.label } : {}),
    async respond(input: TurnInput, options: RespondOptions = {}): Promise<TurnOutput> {
      let streamed = false;
      try {
        return await primary.respond(input, {
          ...options,
          onDelta: (delta) => {
            streamed = true;
            options.onDelta?.(delta);
          },
        });
      } catch (err) {
        // [AI11] The caller gave up on this turn (candidate left, session ended): nobody to answer.
        if (options.signal?.aborted) throw err;
        const reason = err instanceof ModelError ? REASONS[err.kind] : 'an unexpected error';
        // [AI8] If the primary had already streamed part of a reply, the fallback's text streams
        // after it. That is deliberate: the UI replaces the partial text with the turn's final
        // event, which carries only the fallback's text, so the candidate ends up seeing one reply.
        const notice = streamed
          ? `The AI interviewer's reply was cut off (${reason}); the built-in interviewer answered instead.`
          : `The AI interviewer was unavailable for this turn (${reason}); the built-in interviewer answered.`;
        const output = await fallback.respond(input, options);
        return { ...output, source: 'offline', notice };
      }
    },
  };
}
