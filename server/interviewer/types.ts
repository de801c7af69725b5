// The interviewer behind one interface: the server decides what a turn must contain (the plan),
// an implementation phrases it. `offline` is rule-based; `openai` asks a model to phrase it.
import type { InterviewerSource } from '../domain/events.js';
import type { Level, Problem } from '../domain/problem.js';
import type { Phase } from '../domain/phases.js';
import type { TurnPlan } from '../domain/turn-plan.js';
import type { GuardContext } from './reply-guard.js';

export interface RecentTurn {
  role: 'candidate' | 'interviewer';
  text: string;
}

/** Everything one turn may use: bounded, never the whole transcript. */
export interface TurnInput {
  problem: Pick<Problem, 'id' | 'title' | 'statement'>;
  level: Level;
  phase: Phase;
  phaseGoal: string;
  /** Time left in the phase and the interview, in whole minutes. */
  minutesLeftInPhase: number;
  minutesLeftTotal: number;
  diagramText: string;
  /** A short running summary of what the candidate has covered so far. */
  summary: string;
  /** The last few turns, oldest first; the candidate's message being answered is last. */
  recentTurns: RecentTurn[];
  plan: TurnPlan;
  /** The phase after this one, if any (for "move on to ..." suggestions). */
  nextPhaseLabel?: string;
  /** [LIS8] The interviewer's earlier replies in this interview: a reply never repeats one word for word. */
  priorReplies?: readonly string[];
  /** [LIS9] What a model's reply is checked against before the candidate sees it. */
  guard?: GuardContext;
}

/** [LIS9] What a reply did: its move and the one question it asked (the plan's, or an allowed option). */
export interface TurnChoice {
  move: string;
  question?: { key: string; text: string };
}

export interface TurnOutput {
  text: string;
  source: InterviewerSource;
  /** Set when a fallback answered instead of the configured model. */
  notice?: string;
  /** Prompt and completion tokens the model reported (0 offline). */
  usage: { promptTokens: number; completionTokens: number };
  /** Which move and question the reply made; the plan's when absent. */
  choice?: TurnChoice;
}

export interface RespondOptions {
  /** Called with each piece of text as it is produced. */
  onDelta?: (delta: string) => void;
  signal?: AbortSignal;
}

export interface Interviewer {
  readonly name: InterviewerSource;
  /** How the product names this interviewer to the candidate ("Built-in interviewer", "AI interviewer (gpt-4o-mini)"). */
  readonly label?: string;
  respond(input: TurnInput, options?: RespondOptions): Promise<TurnOutput>;
}
