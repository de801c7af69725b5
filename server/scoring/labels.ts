// How verdicts and levels read to a person: shared by the Markdown report and the web client.
import type { Report } from './types.js';

export const VERDICT_LABELS: Record<Report['verdict'], string> = {
  strong_no: 'Strong no',
  no: 'No',
  lean_no: 'Lean no',
  lean_yes: 'Lean yes',
  yes: 'Yes',
  strong_yes: 'Strong yes',
};

export const LEVEL_LABELS: Record<Report['performedLevel'], string> = {
  below_junior: 'below junior',
  junior: 'junior',
  mid: 'mid',
  senior: 'senior',
};
