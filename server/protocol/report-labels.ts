// How verdicts and performed levels read to a person, beside the report's schema: shared by the
// Markdown report (server/scoring/report/report-markdown.ts) and the web client.
import type { PerformedLevel, Verdict } from './report.js';

export const VERDICT_LABELS: Record<Verdict, string> = {
  strong_no: 'Strong no',
  no: 'No',
  lean_no: 'Lean no',
  lean_yes: 'Lean yes',
  yes: 'Yes',
  strong_yes: 'Strong yes',
};

export const LEVEL_LABELS: Record<PerformedLevel, string> = {
  below_junior: 'below junior',
  junior: 'junior',
  mid: 'mid',
  senior: 'senior',
};
