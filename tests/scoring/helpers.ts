// Small builders for scoring tests.
import type { Level } from '../../server/domain/problem.js';
import type { ScoringInput } from '../../server/scoring/types.js';

export type Line = ['I' | 'C', string];

/** A transcript from [speaker, text] pairs, as the Markdown parser would give it. */
export function transcript(lines: Line[], level: Level = 'mid', extra: Partial<ScoringInput> = {}): ScoringInput {
  return {
    level,
    turns: lines.map(([who, text], i) => ({ turn: i + 1, role: who === 'I' ? 'interviewer' : 'candidate', text })),
    ...extra,
  };
}

export function toMarkdown(lines: Line[]): string {
  return lines.map(([who, text]) => `**${who === 'I' ? 'Interviewer' : 'Candidate'}:** ${text}`).join('\n\n');
}
