// What the interviewer's next turn must contain, decided by the server from the session and the
// problem. The interviewer (offline or model) only phrases it; a model may choose among `options`.
import type { Act, EstimateVerdict } from '../understanding/index.js';

export interface FactAnswer {
  topic: string;
  /** Said verbatim: the same words every time the topic comes up. */
  answer: string;
  /** [LIS7] Already given earlier in the interview ("As I said, ..."). */
  repeated?: boolean;
}

export interface EstimateFeedback {
  estimateId: string;
  label: string;
  /** The candidate's figure as written, and normalised. */
  stated: string;
  verdict: EstimateVerdict;
  /** stated / nearest bound of the range (1 when in range). */
  factor: number;
  /** The reference range, written with units. */
  reference: string;
}

export type QuestionKind =
  | 'requirements'
  | 'estimate'
  | 'component'
  | 'arrow'
  | 'deep_dive'
  | 'pivot_follow_up'
  | 'evolution'
  | 'wrap_up'
  | 'challenge'
  | 'arithmetic'
  | 'follow_up';

export interface PlannedQuestion {
  /** Stable key; a key is asked at most once per session (a re-ask repeats it once, [LIS6]). */
  key: string;
  kind: QuestionKind;
  /** A reference phrasing (the offline interviewer says it as is). */
  text: string;
  /** The candidate's words this question follows up on or challenges. */
  quote?: string;
}

/**
 * [LIS7] What the reply opens with when the candidate did something other than work on the design:
 * asked for the answer, asked the interviewer to draw or decide, asked for help, made small talk,
 * wrote to a grader, checked in, asked to move on, asked a design question the facts don't decide,
 * or left the last question unanswered.
 */
export type Lead =
  | 'decline_answer'
  | 'decline_work'
  | 'help'
  | 'redirect'
  | 'grader'
  | 'turn_back'
  | 'move_on'
  | 'design_choice'
  | 'reask';

/** What the interviewer understood of the turn, for the model and the running summary. */
export interface Heard {
  acts: Act[];
  /** Titles of known wrong answers in this turn. */
  antiPatterns: string[];
  /** Probes whose every part has been said by now. */
  answeredProbes: string[];
  /** Candidate phrases negated, hedged or put off in this turn. */
  negated: string[];
  hedged: string[];
}

export interface TurnPlan {
  factAnswers: FactAnswer[];
  /** The candidate asked a requirement the hidden facts do not cover: invite them to assume. */
  uncoveredQuestion: boolean;
  estimateFeedback: EstimateFeedback[];
  /** Labels of expected components the candidate has just brought in, to acknowledge briefly. */
  acknowledged: string[];
  question?: PlannedQuestion;
  /** The phase's goals look met: suggest moving on. */
  suggestAdvance: boolean;
  lead?: Lead;
  /** [LIS1] The move the reply makes, recorded on the event (challenge, follow_up, reask, ...). */
  move: string;
  /** [LIS6] A question dropped after being ignored twice. */
  dropped?: string;
  /** [LIS9] Other questions the server allows this turn; a model may pick one instead of `question`. */
  options: PlannedQuestion[];
  heard: Heard;
}
