// The bounded context a model gets instead of the whole transcript: a running summary built from
// the session state, deterministic and short whatever the interview's length.
import { checkEstimates, componentsPresent } from './coverage.js';
import type { LoadedProblem } from './problem.js';
import type { SessionState, Turn } from './session.js';

/** How many of the latest turns a model sees verbatim. */
export const RECENT_TURNS = 3;
const MAX_TURN_CHARS = 900;

export function runningSummary(s: SessionState, problem: LoadedProblem, diagramText: string): string {
  const candidate = s.turns.filter((t) => t.role === 'candidate').map((t) => t.text);
  const lines: string[] = [];
  lines.push(`Candidate turns so far: ${candidate.length}.`);
  lines.push(`Facts already given: ${s.revealed.size ? [...s.revealed].sort().join(', ') : 'none'}.`);
  const latest = new Map<string, string>();
  for (const text of candidate) for (const f of checkEstimates(text, problem)) latest.set(f.label, `${f.stated} [${f.verdict}]`);
  lines.push(`Estimates stated: ${latest.size ? [...latest].map(([k, v]) => `${k}: ${v}`).join('; ') : 'none'}.`);
  const present = componentsPresent(problem.components, [diagramText, ...candidate]);
  const covered = problem.components.filter((c) => present.has(c.id)).map((c) => c.label);
  const missing = problem.components.filter((c) => !present.has(c.id)).map((c) => c.label);
  lines.push(`Components covered: ${covered.join(', ') || 'none'}. Not yet: ${missing.join(', ') || 'none'}.`);
  if (s.pivot) lines.push(`Constraint pivot given: ${s.pivot.text}`);
  // [LIS9] No list of asked questions: the model only ever picks among moves the server allows.
  return lines.join('\n');
}

/** [LIS9] Older turns in the window are cut shorter than the one being answered. */
const OLDER_TURN_CHARS = 300;

export function recentTurns(s: SessionState, n = RECENT_TURNS): Array<Pick<Turn, 'role' | 'text'>> {
  const window = s.turns.slice(-n);
  return window.map((t, i) => {
    const max = i === window.length - 1 ? MAX_TURN_CHARS : OLDER_TURN_CHARS;
    return { role: t.role, text: t.text.length > max ? `${t.text.slice(0, max)}…` : t.text };
  });
}
