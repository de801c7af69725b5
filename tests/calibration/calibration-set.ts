// The calibration transcripts: tests/calibration/<level>/*.md, scored against the problem bank.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type ProblemBank, loadProblemBank } from '../../server/content/problem-bank.js';
import { LEVELS, type Level } from '../../server/domain/problem.js';
import { parseMarkdownTranscript } from '../../server/scoring/reading/markdown-transcript.js';
import type { ScoringInput } from '../../server/scoring/types.js';

export const CALIBRATION_DIR = new URL('./', import.meta.url).pathname;

export interface CalibrationCase {
  name: string;
  label: Level;
  file: string;
  text: string;
  input: ScoringInput;
}

let bank: ProblemBank | undefined;
export function problemBank(): ProblemBank {
  bank ??= loadProblemBank();
  return bank;
}

/** Every calibration transcript, scored at its own level (or `level` when given). */
export function calibrationCases(options: { level?: Level; withProblem?: boolean } = {}): CalibrationCase[] {
  const out: CalibrationCase[] = [];
  for (const label of LEVELS) {
    const dir = join(CALIBRATION_DIR, label);
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.md')).sort()) {
      const file = join(dir, f);
      const text = readFileSync(file, 'utf8');
      const md = parseMarkdownTranscript(text, file);
      const problem = options.withProblem === false ? undefined : problemBank().byId.get(String(md.meta.problem));
      if (options.withProblem !== false && !problem) throw new Error(`${file}: problem ${String(md.meta.problem)} is not in the bank`);
      out.push({
        name: `${label}/${f}`,
        label,
        file,
        text,
        input: { level: options.level ?? label, ...(problem ? { problem } : {}), turns: md.turns, durationMinutes: Number(md.meta.durationMinutes) || 45 },
      });
    }
  }
  return out;
}
