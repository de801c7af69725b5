// Offline scoring time for a 10,000-word transcript: the calibration transcripts strung together
// (renumbered) and scored against the URL shortener problem, median of N runs after a warm-up.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadProblemBank } from '../server/content/problem-bank.js';
import { parseMarkdownTranscript } from '../server/scoring/reading/markdown-transcript.js';
import { scoreOffline } from '../server/scoring/offline-scorer.js';
import { reportToMarkdown } from '../server/scoring/report/report-markdown.js';
import { loadRubric } from '../server/scoring/rules/rubric.js';
import { wordCount } from '../server/understanding/text.js';
import type { ScoringTurn } from '../server/scoring/types.js';
import { summarize } from './support.js';

const TARGET_WORDS = 10_000;
const WARM_UP = 3;
const RUNS = 21;

function longTranscript(): ScoringTurn[] {
  const dir = new URL('../tests/calibration/', import.meta.url).pathname;
  const sources = ['senior', 'mid', 'junior'].flatMap((level) =>
    readdirSync(join(dir, level))
      .filter((f) => f.endsWith('.md'))
      .sort()
      .map((f) => parseMarkdownTranscript(readFileSync(join(dir, level, f), 'utf8')).turns),
  );
  const turns: ScoringTurn[] = [];
  let words = 0;
  for (let i = 0; words < TARGET_WORDS; i++) {
    for (const t of sources[i % sources.length]!) {
      turns.push({ ...t, turn: turns.length + 1 });
      words += wordCount(t.text);
    }
  }
  return turns;
}

export async function run(): Promise<Record<string, number | string>> {
  const rubric = loadRubric();
  const problem = loadProblemBank().byId.get('url-shortener');
  const turns = longTranscript();
  const input = { level: 'senior' as const, ...(problem ? { problem } : {}), turns };
  const times: number[] = [];
  const renderTimes: number[] = [];
  for (let r = 0; r < WARM_UP + RUNS; r++) {
    const t0 = performance.now();
    const report = scoreOffline(input, rubric);
    const t1 = performance.now();
    reportToMarkdown(report);
    const t2 = performance.now();
    if (r >= WARM_UP) {
      times.push(t1 - t0);
      renderTimes.push(t2 - t1);
    }
  }
  const s = summarize(times);
  return {
    'offline.words': turns.reduce((n, t) => n + wordCount(t.text), 0),
    'offline.turns': turns.length,
    'offline.runs': s.n,
    'offline.median_ms': s.p50,
    'offline.p99_ms': s.p99,
    'markdown.median_ms': summarize(renderTimes).p50,
    problem: problem ? problem.id : 'none (problem-agnostic)',
  };
}
