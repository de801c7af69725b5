// `npm run eval -- DIR [--repeat N] [--json] [--offline] [--verdict-level junior|mid|senior]`
// Calibration: scores every transcript DIR/labels.json lists and compares the scorer with the
// labels people gave them.
//
// What is compared:
// - level: the scorer's performed level (below_junior < junior < mid < senior) with the label's
//   `level`, the level the candidate performed at (`staff` ranks above senior);
// - verdict: the scorer's verdict at the label's `targetLevel` (the level the interview was for;
//   `staff` is read at senior, the rubric's top) or, where the label names none, at --verdict-level
//   (senior unless told), with the label's `verdict` (strong_no < no < lean_no < lean_yes < yes <
//   strong_yes);
// - dimensions: the scorer's 1-4 score of each dimension, at that same level, with the label's
//   `dimensions` scores where it has them.
// Printed for each: Spearman rank correlation (ties at their average rank), agreement within one
// step, exact agreement, and the confusion table. With a model configured, the same figures for
// the model judge, and --repeat N runs the judge N times per transcript and prints the spread of
// each dimension's score, the verdict and the level over the runs (the agreement figures use each
// transcript's first run). The scorer is used through its public entry points only: the
// transcript reader, scoreOffline and judgeWithModel.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import OpenAI from 'openai';
import { z } from 'zod';
import { type ProblemBank, loadProblemBank } from '../content/problem-bank.js';
import { Level } from '../domain/problem.js';
import { modelConfigured, parseEnv } from '../env.js';
import { judgeWithModel } from '../scoring/judge/llm-judge.js';
import { scoreOffline } from '../scoring/offline-scorer.js';
import { loadRubric } from '../scoring/rules/rubric.js';
import { TranscriptError, readTranscript } from '../scoring/reading/transcript-file.js';
import { DIMENSION_IDS, type DimensionId, type Report, VERDICTS, type Verdict } from '../scoring/types.js';
import { type Agreement, type Spread, agreement, confusion, confusionText, spread } from './eval-stats.js';

export const USAGE = 'usage: npm run eval -- DIR [--repeat N] [--json] [--offline] [--verdict-level junior|mid|senior]';

/** Levels a label may name, low to high. The scorer's performed levels are the first four. */
export const LABEL_LEVELS = ['below_junior', 'junior', 'mid', 'senior', 'staff'] as const;
export type LabelLevel = (typeof LABEL_LEVELS)[number];
const SCORER_LEVELS = ['below_junior', 'junior', 'mid', 'senior'] as const;

const LabelLevelSchema = z.enum(LABEL_LEVELS);
const VerdictSchema = z.enum(VERDICTS);
const DimensionScores = z
  .record(z.string(), z.number().min(1).max(4).nullable())
  .superRefine((rec, ctx) => {
    for (const key of Object.keys(rec)) {
      if (!(DIMENSION_IDS as readonly string[]).includes(key)) {
        ctx.addIssue({ code: 'custom', message: `unknown dimension "${key}" (known: ${DIMENSION_IDS.join(', ')})`, path: [key] });
      }
    }
  });

/**
 * One label: `{file, level?, verdict?}`, or the interviewing.io shape `{file, title, source,
 * targetLevel, verdict}`; `candidate` names the candidate's speaker when the names do not say it,
 * `problem` a problem of the bank, `dimensions` 1-4 scores by dimension id.
 */
export const EvalLabel = z
  .object({
    file: z.string().min(1),
    level: LabelLevelSchema.nullish(),
    verdict: VerdictSchema.nullish(),
    targetLevel: LabelLevelSchema.nullish(),
    candidate: z.string().min(1).nullish(),
    problem: z.string().min(1).nullish(),
    dimensions: DimensionScores.nullish(),
    title: z.string().nullish(),
    source: z.string().nullish(),
  })
  .passthrough();
export type EvalLabel = z.infer<typeof EvalLabel>;
/** labels.json: an array of labels, or `{ "labels": [...] }`. */
export const EvalLabels = z.preprocess(
  (raw) => (raw && typeof raw === 'object' && !Array.isArray(raw) && 'labels' in raw ? (raw as { labels: unknown }).labels : raw),
  z.array(EvalLabel, 'expected an array of labels ({"file", "level"?, "verdict"?}) or {"labels": [...]}'),
);

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env?: Record<string, string | undefined>;
  /** Progress lines while the judge runs (the real entry point passes stderr when it is a terminal). */
  progress?: (text: string) => void;
}

class CliError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

/** What one scorer (the offline pass, or the judge) said about one transcript. */
export interface Verdicts {
  performedLevel: (typeof SCORER_LEVELS)[number];
  verdict: Verdict;
  dimensions: Record<DimensionId, number>;
}

export interface EvalRow {
  file: string;
  label: { level: LabelLevel | null; verdict: Verdict | null; targetLevel: LabelLevel | null; dimensions: Partial<Record<DimensionId, number>> };
  /** The level the transcript was scored at: the verdict's level. */
  scoredAt: Level;
  error?: string;
  offline?: Verdicts;
  judge?: { model: string; runs: Verdicts[]; failures: string[] };
}

export interface ScorerFigures {
  level: Agreement & { confusion: number[][] };
  verdict: Agreement & { confusion: number[][] };
  dimensions: Partial<Record<DimensionId, Agreement>>;
}

export interface SpreadRow {
  file: string;
  runs: number;
  failures: number;
  dimensions: Partial<Record<DimensionId, Spread>>;
  /** Over the verdicts' ranks (0 = strong_no ... 5 = strong_yes). */
  verdict: Spread | null;
  /** Over the performed levels' ranks (0 = below_junior ... 3 = senior). */
  level: Spread | null;
}

export interface EvalResult {
  dir: string;
  defaultVerdictLevel: Level;
  labels: { total: number; withLevel: number; withVerdict: number; withDimensions: number };
  unlabelled: string[];
  rows: EvalRow[];
  offline: ScorerFigures;
  judge?: ScorerFigures & { model: string; repeat: number; failedRuns: number; totalRuns: number };
  spread?: SpreadRow[];
}

const rankOf = <T extends string>(scale: readonly T[], v: T) => scale.indexOf(v);

function verdictsOf(report: Report): Verdicts {
  return {
    performedLevel: report.performedLevel,
    verdict: report.verdict,
    dimensions: Object.fromEntries(report.dimensions.map((d) => [d.id, d.score])) as Record<DimensionId, number>,
  };
}

/** The figures of one scorer over the rows, `pick` choosing which of its answers counts. */
export function figures(rows: EvalRow[], pick: (r: EvalRow) => Verdicts | undefined): ScorerFigures {
  const levelPairs: Array<[LabelLevel, (typeof SCORER_LEVELS)[number]]> = [];
  const verdictPairs: Array<[Verdict, Verdict]> = [];
  const dimensionPairs = new Map<DimensionId, Array<[number, number]>>();
  for (const r of rows) {
    const v = pick(r);
    if (!v) continue;
    if (r.label.level) levelPairs.push([r.label.level, v.performedLevel]);
    if (r.label.verdict) verdictPairs.push([r.label.verdict, v.verdict]);
    for (const [id, score] of Object.entries(r.label.dimensions) as Array<[DimensionId, number]>) {
      const list = dimensionPairs.get(id) ?? [];
      list.push([score, v.dimensions[id]]);
      dimensionPairs.set(id, list);
    }
  }
  return {
    level: {
      ...agreement(levelPairs.map(([a, b]) => [rankOf(LABEL_LEVELS, a), rankOf(LABEL_LEVELS, b)] as const)),
      confusion: confusion(levelPairs, LABEL_LEVELS, SCORER_LEVELS),
    },
    verdict: {
      ...agreement(verdictPairs.map(([a, b]) => [rankOf(VERDICTS, a), rankOf(VERDICTS, b)] as const)),
      confusion: confusion(verdictPairs, VERDICTS, VERDICTS),
    },
    dimensions: Object.fromEntries(DIMENSION_IDS.filter((id) => dimensionPairs.has(id)).map((id) => [id, agreement(dimensionPairs.get(id)!)])),
  };
}

function spreadOf(row: EvalRow): SpreadRow | undefined {
  if (!row.judge) return undefined;
  const runs = row.judge.runs;
  return {
    file: row.file,
    runs: runs.length,
    failures: row.judge.failures.length,
    dimensions: Object.fromEntries(DIMENSION_IDS.flatMap((id) => {
      const s = spread(runs.map((r) => r.dimensions[id]));
      return s ? [[id, s]] : [];
    })),
    verdict: spread(runs.map((r) => rankOf(VERDICTS, r.verdict))),
    level: spread(runs.map((r) => rankOf(SCORER_LEVELS, r.performedLevel))),
  };
}

function readLabels(dir: string): EvalLabel[] {
  const path = join(dir, 'labels.json');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; DIR needs a labels.json listing its transcripts ([{"file", "level"?, "verdict"?}])`, 2);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new CliError(`${path}: not valid JSON (${(err as Error).message})`, 2);
  }
  const parsed = EvalLabels.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? issue.path.join('.') : '(root)';
    throw new CliError(`${path}: ${where}: ${issue.message}`, 2);
  }
  const seen = new Set<string>();
  for (const [i, label] of parsed.data.entries()) {
    if (isAbsolute(label.file) || relative(dir, resolve(dir, label.file)).startsWith('..')) {
      throw new CliError(`${path}: ${i}.file: "${label.file}" is outside ${dir}`, 2);
    }
    if (seen.has(label.file)) throw new CliError(`${path}: ${i}.file: "${label.file}" is labelled twice`, 2);
    seen.add(label.file);
  }
  return parsed.data;
}

const TRANSCRIPT_FILE = /\.(?:md|markdown|txt|vtt|srt|json)$/i;

export async function evaluate(dir: string, options: { repeat: number; offline: boolean; defaultVerdictLevel: Level }, io: CliIo): Promise<EvalResult> {
  const labels = readLabels(dir);
  const missing = labels.filter((l) => !existsSync(join(dir, l.file))).map((l) => l.file);
  if (missing.length > 0) throw new CliError(`${join(dir, 'labels.json')} lists files that are not in ${dir}: ${missing.join(', ')}`, 2);
  const labelled = new Set(labels.map((l) => l.file));
  const unlabelled = readdirSync(dir)
    .filter((f) => TRANSCRIPT_FILE.test(f) && f !== 'labels.json' && !/^readme\./i.test(f) && !labelled.has(f))
    .sort();

  let bank: ProblemBank;
  try {
    bank = loadProblemBank();
  } catch (err) {
    io.err(`warning: problem bank not loaded (${(err as Error).message})\n`);
    bank = { problems: [], byId: new Map(), genericPivots: [] };
  }
  const rubric = loadRubric();
  const env = parseEnv(io.env ?? process.env);
  const judge =
    !options.offline && modelConfigured(env)
      ? {
          client: new OpenAI({ apiKey: env.OPENAI_API_KEY ?? 'not-needed', ...(env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : {}), timeout: env.OPENAI_TIMEOUT_MS }),
          model: env.OPENAI_MODEL,
        }
      : undefined;

  const rows: EvalRow[] = [];
  for (const [i, label] of labels.entries()) {
    const target = label.targetLevel ?? null;
    const scoredAt: Level = target === null ? options.defaultVerdictLevel : target === 'staff' ? 'senior' : target === 'below_junior' ? 'junior' : target;
    const row: EvalRow = {
      file: label.file,
      label: { level: label.level ?? null, verdict: label.verdict ?? null, targetLevel: target, dimensions: {} },
      scoredAt,
    };
    for (const [id, score] of Object.entries(label.dimensions ?? {})) if (score !== null) row.label.dimensions[id as DimensionId] = score;
    rows.push(row);
    const problem = label.problem ? bank.byId.get(label.problem) : undefined;
    if (label.problem && !problem) io.err(`warning: ${label.file}: problem "${label.problem}" is not in the problem bank; scoring with problem-agnostic signals only\n`);
    let input;
    try {
      input = readTranscript(readFileSync(join(dir, label.file), 'utf8'), {
        source: label.file,
        level: scoredAt,
        ...(problem ? { problem } : {}),
        ...(label.candidate ? { candidate: label.candidate } : {}),
        findProblem: (id) => bank.byId.get(id),
        genericPivots: bank.genericPivots,
      }).input;
    } catch (err) {
      if (!(err instanceof TranscriptError)) throw err;
      row.error = err.code === 'bad_transcript' ? err.message : `${err.message} (add "candidate" to its label)`;
      continue;
    }
    const offline = scoreOffline(input, rubric);
    row.offline = verdictsOf(offline);
    if (!judge) continue;
    row.judge = { model: judge.model, runs: [], failures: [] };
    for (let run = 1; run <= options.repeat; run++) {
      io.progress?.(`judge: ${label.file} (${i + 1}/${labels.length}), run ${run}/${options.repeat}\n`);
      const judged = await judgeWithModel(input, rubric, offline, judge);
      if (judged.scorer === 'offline+llm') row.judge.runs.push(verdictsOf(judged));
      else row.judge.failures.push(judged.notice ?? 'the model judge failed');
    }
  }

  const count = (f: (l: EvalLabel) => boolean) => labels.filter(f).length;
  const result: EvalResult = {
    dir,
    defaultVerdictLevel: options.defaultVerdictLevel,
    labels: {
      total: labels.length,
      withLevel: count((l) => Boolean(l.level)),
      withVerdict: count((l) => Boolean(l.verdict)),
      withDimensions: count((l) => Object.values(l.dimensions ?? {}).some((v) => v !== null)),
    },
    unlabelled,
    rows,
    offline: figures(rows, (r) => r.offline),
  };
  if (judge) {
    const totalRuns = rows.reduce((n, r) => n + (r.judge ? r.judge.runs.length + r.judge.failures.length : 0), 0);
    const failedRuns = rows.reduce((n, r) => n + (r.judge?.failures.length ?? 0), 0);
    result.judge = { ...figures(rows, (r) => r.judge?.runs[0]), model: judge.model, repeat: options.repeat, failedRuns, totalRuns };
    result.spread = rows.flatMap((r) => spreadOf(r) ?? []);
  }
  return result;
}

// ---- printing ------------------------------------------------------------------------------------

const pct = (k: number, n: number) => (n === 0 ? '-' : `${k}/${n} (${Math.round((k / n) * 100)}%)`);
const num = (v: number | null, digits = 2) => (v === null ? 'n/a' : v.toFixed(digits));

function table(header: string[], body: string[][], indent = ''): string {
  const widths = header.map((h, j) => Math.max(h.length, ...body.map((r) => r[j]!.length)));
  const line = (cells: string[]) => `${indent}${cells.map((c, j) => c.padEnd(widths[j]!)).join('  ')}`.trimEnd();
  return [line(header), ...body.map(line)].join('\n');
}

function agreementLine(what: string, a: Agreement, scale: string): string {
  if (a.n === 0) return `  ${what}: no pairs`;
  const rho = a.spearman === null ? 'n/a (fewer than two pairs, or no variation on one side)' : a.spearman.toFixed(2);
  return `  ${what} (n=${a.n}): Spearman ${rho}; within one ${scale} ${pct(a.withinOne, a.n)}; exact ${pct(a.exact, a.n)}; mean |difference| ${num(a.meanAbsDiff)} ${scale}s`;
}

function figuresText(f: ScorerFigures, result: EvalResult): string[] {
  const lines: string[] = [];
  if (result.labels.withLevel === 0) lines.push('  level: no label names the level performed at');
  else {
    lines.push(agreementLine('level', f.level, 'level'));
    if (f.level.n > 0) lines.push('  level confusion (rows: label, columns: scorer)', confusionText(f.level.confusion, LABEL_LEVELS, SCORER_LEVELS));
  }
  if (result.labels.withVerdict === 0) lines.push('  verdict: no label gives a verdict');
  else {
    lines.push(agreementLine('verdict', f.verdict, 'step'));
    if (f.verdict.n > 0) lines.push('  verdict confusion (rows: label, columns: scorer)', confusionText(f.verdict.confusion, VERDICTS, VERDICTS));
  }
  const dims = Object.entries(f.dimensions) as Array<[DimensionId, Agreement]>;
  if (dims.length === 0) lines.push('  dimensions: no label scores dimensions');
  else {
    lines.push('  dimensions (label score against the scorer\'s, 1-4):');
    lines.push(
      table(
        ['dimension', 'n', 'Spearman', 'exact', 'within one', 'mean |diff|'],
        dims.map(([id, a]) => [id, String(a.n), num(a.spearman), pct(a.exact, a.n), pct(a.withinOne, a.n), num(a.meanAbsDiff)]),
        '    ',
      ),
    );
  }
  return lines;
}

const SHORT: Record<DimensionId, string> = {
  requirements: 'req',
  estimation: 'est',
  high_level_design: 'hld',
  depth: 'depth',
  trade_offs: 'trade',
  adaptability: 'adapt',
  failure_modes: 'fail',
  communication: 'comm',
};

function spreadCell(s: Spread | null | undefined, names?: readonly string[]): string {
  if (!s) return '-';
  const v = (x: number) => (names ? names[x]! : String(x));
  return `${s.min === s.max ? v(s.min) : `${v(s.min)}..${v(s.max)}`} sd ${s.stdev.toFixed(2)}`;
}

export function resultText(result: EvalResult): string {
  const { labels } = result;
  const out: string[] = [
    `npm run eval: ${labels.total} labelled transcripts in ${result.dir}`,
    `labels: ${labels.withLevel} name the level performed at, ${labels.withVerdict} give a verdict, ${labels.withDimensions} score dimensions`,
    'compared: the scorer\'s performed level (below_junior < junior < mid < senior; a label\'s staff ranks above senior) with the label\'s level;',
    `          the scorer's verdict at the label's targetLevel (staff read at senior), else at ${result.defaultVerdictLevel}, with the label's verdict.`,
  ];
  if (result.unlabelled.length > 0) out.push(`not in labels.json, not scored: ${result.unlabelled.join(', ')}`);
  out.push('');
  const judged = Boolean(result.judge);
  out.push(
    table(
      ['file', 'scored at', 'label level', 'label verdict', 'offline level', 'offline verdict', ...(judged ? ['judge level', 'judge verdict'] : [])],
      result.rows.map((r) => [
        r.file,
        r.scoredAt,
        r.label.level ?? '-',
        r.label.verdict ?? '-',
        r.error ? 'not scored' : (r.offline?.performedLevel ?? '-'),
        r.offline?.verdict ?? '-',
        ...(judged ? [r.judge?.runs[0]?.performedLevel ?? (r.error ? '-' : 'failed'), r.judge?.runs[0]?.verdict ?? '-'] : []),
      ]),
    ),
  );
  const errors = result.rows.filter((r) => r.error);
  if (errors.length > 0) out.push('', 'not scored:', ...errors.map((r) => `  ${r.error}`));
  out.push('', 'offline scorer', ...figuresText(result.offline, result));
  if (result.judge) {
    const j = result.judge;
    out.push(
      '',
      `model judge (${j.model}; ${j.repeat} run${j.repeat === 1 ? '' : 's'} per transcript, agreement from each transcript's first successful run; ${j.failedRuns} of ${j.totalRuns} runs failed)`,
      ...figuresText(j, result),
    );
    const failures = result.rows.flatMap((r) => (r.judge?.failures ?? []).map((f) => `  ${r.file}: ${f}`));
    if (failures.length > 0) out.push('  failed runs:', ...failures.slice(0, 10), ...(failures.length > 10 ? [`  ... and ${failures.length - 10} more`] : []));
    if (result.spread && j.repeat > 1) {
      out.push('', `judge spread over ${j.repeat} runs per transcript (min..max and population sd of each dimension score, the verdict and the level)`);
      out.push(
        table(
          ['file', 'runs', ...DIMENSION_IDS.map((id) => SHORT[id]), 'verdict', 'level'],
          result.spread.map((s) => [
            s.file,
            `${s.runs}${s.failures ? ` (+${s.failures} failed)` : ''}`,
            ...DIMENSION_IDS.map((id) => spreadCell(s.dimensions[id])),
            spreadCell(s.verdict, VERDICTS),
            spreadCell(s.level, SCORER_LEVELS),
          ]),
          '  ',
        ),
      );
      const means = DIMENSION_IDS.map((id) => {
        const sds = result.spread!.flatMap((s) => (s.dimensions[id] ? [s.dimensions[id]!.stdev] : []));
        return `${SHORT[id]} ${sds.length ? (sds.reduce((a, b) => a + b, 0) / sds.length).toFixed(2) : 'n/a'}`;
      });
      const verdictSds = result.spread.flatMap((s) => (s.verdict ? [s.verdict.stdev] : []));
      out.push(`  mean sd: ${means.join(', ')}, verdict ${verdictSds.length ? (verdictSds.reduce((a, b) => a + b, 0) / verdictSds.length).toFixed(2) : 'n/a'} steps`);
    }
  }
  return `${out.join('\n')}\n`;
}

export async function runEvalCli(argv: string[], io: CliIo): Promise<number> {
  try {
    let args;
    try {
      args = parseArgs({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: {
          repeat: { type: 'string' },
          json: { type: 'boolean', default: false },
          offline: { type: 'boolean', default: false },
          'verdict-level': { type: 'string' },
          help: { type: 'boolean', short: 'h', default: false },
        },
      });
    } catch (err) {
      throw new CliError(`${(err as Error).message}\n${USAGE}`, 2);
    }
    if (args.values.help) {
      io.out(`${USAGE}\n`);
      return 0;
    }
    const [dir, ...extra] = args.positionals;
    if (!dir || extra.length > 0) throw new CliError(USAGE, 2);
    const repeat = args.values.repeat === undefined ? 1 : Number(args.values.repeat);
    if (!Number.isInteger(repeat) || repeat < 1 || repeat > 100) throw new CliError(`--repeat must be a whole number from 1 to 100 (got "${args.values.repeat}")`, 2);
    const level = Level.safeParse(args.values['verdict-level'] ?? 'senior');
    if (!level.success) throw new CliError(`--verdict-level must be junior, mid or senior (got "${args.values['verdict-level']}")`, 2);
    const env = parseEnv(io.env ?? process.env);
    if (repeat > 1 && (args.values.offline || !modelConfigured(env))) {
      io.err('warning: --repeat measures the model judge; no model is configured (OPENAI_API_KEY or OPENAI_BASE_URL), and the offline scorer gives the same report every run\n');
    }
    const result = await evaluate(resolve(dir), { repeat, offline: args.values.offline, defaultVerdictLevel: level.data }, io);
    io.out(args.values.json ? `${JSON.stringify(result, null, 2)}\n` : resultText(result));
    const judgeDown = result.judge && result.judge.totalRuns > 0 && result.judge.failedRuns === result.judge.totalRuns;
    if (judgeDown) io.err('eval: every model judge run failed; see "failed runs"\n');
    return result.rows.some((r) => r.error) || judgeDown ? 1 : 0;
  } catch (err) {
    io.err(`eval: ${(err as Error).message}\n`);
    return err instanceof CliError ? err.code : 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const code = await runEvalCli(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    ...(process.stderr.isTTY ? { progress: (t: string) => process.stderr.write(t) } : {}),
  });
  process.exitCode = code;
}
