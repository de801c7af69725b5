// The hold-out set: tests/holdout/*.md, transcripts the scorer was not calibrated on, on problems
// outside the bank (or phrased differently), scored free-form as a user's pasted transcript would be.
// Each file opens with an HTML comment naming its intended level, its pivot (the opening words of
// the interviewer's pivot turn, or "none") and what it demonstrates.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Level } from '../../server/domain/problem.js';
import { parseMarkdownTranscript } from '../../server/scoring/reading/markdown-transcript.js';
import type { ScoringInput } from '../../server/scoring/types.js';

export const HOLDOUT_DIR = new URL('./', import.meta.url).pathname;

export interface HoldoutCase {
  name: string;
  intended: Level;
  /** Opening words of the interviewer's pivot turn; undefined when the transcript has none. */
  pivot: string | undefined;
  text: string;
  input: ScoringInput;
}

function header(text: string, field: string, file: string): string {
  const m = new RegExp(`^${field}:\\s*(.+)$`, 'mi').exec(/^\s*<!--([\s\S]*?)-->/.exec(text)?.[1] ?? '');
  if (!m) throw new Error(`${file}: the header comment has no "${field}:" line`);
  return m[1]!.trim();
}

/** Every hold-out transcript, scored at `level` (default: its intended level), without a problem. */
export function holdoutCases(options: { level?: Level } = {}): HoldoutCase[] {
  return readdirSync(HOLDOUT_DIR)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => {
      const file = join(HOLDOUT_DIR, f);
      const text = readFileSync(file, 'utf8');
      const intended = Level.parse(header(text, 'Intended level', f));
      const pivot = header(text, 'Pivot', f);
      const md = parseMarkdownTranscript(text, file);
      return {
        name: f,
        intended,
        pivot: pivot.toLowerCase() === 'none' ? undefined : pivot,
        text,
        input: { level: options.level ?? intended, turns: md.turns },
      };
    });
}
