// What the interviewer's next turn must contain, decided by the server from the session and the
// problem. The interviewer (offline or model) only phrases it.
import type { EstimateVerdict } from '../understanding/quantities.js';

export interface FactAnswer {
  topic: string;
  /** Said verbatim: the same words every time the topic comes up. */
  answer: string;
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
  | 'wrap_up';

export interface PlannedQuestion {
  /** Stable key; a key is asked at most once per session. */
  key: string;
  kind: QuestionKind;
  /** A reference phrasing (the offline interviewer says it as is). */
  text: string;
}

export interface TurnPlan {
  factAnswers: FactAnswer[];
  /** The candidate asked something the hidden facts do not cover: invite them to assume. */
  uncoveredQuestion: boolean;
  estimateFeedback: EstimateFeedback[];
  /** Labels of expected components the candidate has just brought in, to acknowledge briefly. */
  acknowledged: string[];
  question?: PlannedQuestion;
  /** The phase's goals look met: suggest moving on. */
  suggestAdvance: boolean;
}
