// The scorer's report as stored and as sent: a zod schema shared by the scorer (server/scoring),
// the rooms' report frame and the web. Pure data; it imports nothing above the domain.
import { z } from 'zod';
import { Phase } from '../domain/phases.js';
import { Level } from '../domain/problem.js';
import { CoachReport } from './coach.js';

export const DIMENSION_IDS = [
  'requirements',
  'estimation',
  'high_level_design',
  'depth',
  'trade_offs',
  'adaptability',
  'failure_modes',
  'communication',
] as const;
export const DimensionId = z.enum(DIMENSION_IDS);
export type DimensionId = z.infer<typeof DimensionId>;

export const PerformedLevel = z.enum(['below_junior', 'junior', 'mid', 'senior']);
export type PerformedLevel = z.infer<typeof PerformedLevel>;

export const VERDICTS = ['strong_no', 'no', 'lean_no', 'lean_yes', 'yes', 'strong_yes'] as const;
export const Verdict = z.enum(VERDICTS);
export type Verdict = z.infer<typeof Verdict>;

export const Mark = z.enum(['+', '++', '-']);
export type Mark = z.infer<typeof Mark>;

export const Score = z.number().int().min(1).max(4);

export const EvidenceItem = z.object({
  turn: z.number().int().positive(),
  /** Verbatim substring of that turn's text. */
  quote: z.string().min(1),
  /** What the quote shows. */
  note: z.string().optional(),
  /** The rubric signal (or red flag) the quote stands for, when it stands for one. */
  signal: z.string().optional(),
});
export type EvidenceItem = z.infer<typeof EvidenceItem>;

export const MarkItem = z.object({
  mark: Mark,
  signal: z.string(),
  text: z.string(),
  turn: z.number().int().positive().optional(),
});
export type MarkItem = z.infer<typeof MarkItem>;

export const DimensionReport = z.object({
  id: DimensionId,
  title: z.string(),
  score: Score,
  /** The highest level whose bar this dimension's evidence meets. */
  supportedLevel: PerformedLevel,
  /** Evidence points the offline pass counted (signals' points summed). */
  points: z.number(),
  evidence: z.array(EvidenceItem).max(3),
  /** [SCO43] Why there is no quote: no signal found, or only signals measured over the whole interview. */
  evidenceNote: z.string().optional(),
  marks: z.array(MarkItem),
  /** Signals that could not be checked (no problem, no pivot, no diagram, no timing). */
  skippedSignals: z.array(z.string()),
  offlineScore: Score,
  /**
   * [SCO45] How far the score can be trusted: `low` when few of the candidate's words bear on the
   * dimension, `not_applicable` when there was nothing to judge (no pivot and no pushback); absent
   * when the evidence is enough. A not-applicable dimension does not count toward the verdict.
   */
  confidence: z.enum(['low', 'not_applicable']).optional(),
  confidenceNote: z.string().optional(),
  modelScore: Score.optional(),
  /** [SCO47] Said when the model judge's score and the offline score differ by two or more. */
  disagreement: z.string().optional(),
  rationale: z.string().optional(),
});
export type DimensionReport = z.infer<typeof DimensionReport>;

export const RedFlagFound = z.object({
  id: z.string(),
  title: z.string(),
  dimension: DimensionId,
  detail: z.string(),
  evidence: z.array(EvidenceItem).max(2),
});
export type RedFlagFound = z.infer<typeof RedFlagFound>;

export const PhaseTimeRow = z.object({
  phase: Phase,
  plannedMinutes: z.number(),
  usedMinutes: z.number(),
  /** Turns the transcript has in this phase. */
  turns: z.number().int(),
  status: z.enum(['on_plan', 'over', 'under', 'skipped']),
});

export const TimeUse = z.object({
  /** True when minutes come from the share of words (a transcript without timestamps). */
  estimated: z.boolean(),
  durationMinutes: z.number(),
  rows: z.array(PhaseTimeRow),
});
export type TimeUse = z.infer<typeof TimeUse>;

export const EstimateRow = z.object({
  estimateId: z.string(),
  label: z.string(),
  reference: z.string(),
  stated: z.string().optional(),
  turn: z.number().int().positive().optional(),
  verdict: z.enum(['in_range', 'close', 'off', 'missing']),
});
export type EstimateRow = z.infer<typeof EstimateRow>;

export const PivotReport = z.object({
  turn: z.number().int().positive(),
  text: z.string(),
  pivotId: z.string().optional(),
  handling: z.enum(['well', 'partly', 'poorly', 'not_answered']),
  /** Words the pivot expects that the candidate used after it. */
  expectsHit: z.array(z.string()),
  expectsMissed: z.array(z.string()),
  /** Design terms the candidate brought in only after the pivot. */
  changed: z.array(z.string()),
  evidence: z.array(EvidenceItem).max(2),
});
export type PivotReport = z.infer<typeof PivotReport>;

export const ComponentCoverage = z.object({
  covered: z.array(z.object({ id: z.string(), label: z.string(), where: z.enum(['diagram', 'talk']), turn: z.number().int().positive().optional() })),
  missed: z.array(z.object({ id: z.string(), label: z.string() })),
});

export const Clarification = z.object({
  questions: z.number().int(),
  factsUncovered: z.array(z.object({ topic: z.string(), turn: z.number().int().positive() })),
  factsMissed: z.array(z.string()),
});

export const Drive = z.object({
  candidateWordShare: z.number(),
  candidateLedTransitions: z.number().int(),
  interviewerLedTransitions: z.number().int(),
  interviewerNudges: z.number().int(),
  driver: z.enum(['candidate', 'shared', 'interviewer']),
});

export const NextStep = z.object({
  dimension: DimensionId,
  text: z.string(),
  evidence: EvidenceItem.optional(),
  /** [SCO33] Said instead of a quote when no turn bears on the step. */
  note: z.string().optional(),
});
export type NextStep = z.infer<typeof NextStep>;

/** [SCO44] One of the reasons that decided the verdict, with the quote it rests on. */
export const VerdictReason = z.object({
  text: z.string(),
  dimension: DimensionId.optional(),
  evidence: EvidenceItem.optional(),
});
export type VerdictReason = z.infer<typeof VerdictReason>;

export const REPORT_FORMAT = 'mock-interview-report';
export const REPORT_VERSION = 1;

export const ReportSchema = z.object({
  format: z.literal(REPORT_FORMAT),
  version: z.literal(REPORT_VERSION),
  rubricVersion: z.string(),
  scorer: z.enum(['offline', 'offline+llm']),
  model: z.string().optional(),
  notice: z.string().optional(),
  targetLevel: Level,
  problem: z.object({ id: z.string(), title: z.string() }).nullable(),
  /** Parts of the report that could not be produced, and why. */
  skipped: z.array(z.string()),
  performedLevel: PerformedLevel,
  verdict: Verdict,
  /** [SCO44] The two or three reasons that decided the verdict (reports stored before them have none). */
  reasons: z.array(VerdictReason).max(3).optional(),
  /** Weighted mean of the dimension scores against the target level. */
  overallScore: z.number(),
  dimensions: z.array(DimensionReport),
  redFlags: z.array(RedFlagFound),
  timeUse: TimeUse,
  pivot: PivotReport.nullable(),
  estimationCheck: z.array(EstimateRow),
  components: ComponentCoverage.nullable(),
  clarification: Clarification,
  drive: Drive,
  nextSteps: z.array(NextStep).max(3),
  stats: z.object({ turns: z.number().int(), candidateTurns: z.number().int(), candidateWords: z.number().int() }),
  /** [COACH6] Coach mode only: each hint, where it was used, and the dimensions it assisted. */
  coach: CoachReport.optional(),
});
export type Report = z.infer<typeof ReportSchema>;
