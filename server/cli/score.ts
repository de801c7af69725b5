// [SCO22] `npm run score -- FILE [--level junior|mid|senior] [--problem ID|FILE.yaml] [--candidate NAME] [--json] [--offline] [--preview]`
// Scores a transcript (Markdown turns, speaker lines, a transcriber's export, WebVTT/SRT captions,
// or a session's JSON export) and prints the report: Markdown by default, JSON with --json. The
// model judge joins in when a model is configured. --candidate names the candidate's speaker when
// the names do not say it; --preview prints the turns as read, without scoring.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import OpenAI from 'openai';
import { parse as parseYaml } from 'yaml';
import { type ProblemBank, loadProblemBank, resolveProblem } from '../content/problem-bank.js';
import { Level, type LoadedProblem } from '../domain/problem.js';
import { modelConfigured, parseEnv } from '../env.js';
import { judgeWithModel } from '../scoring/judge/llm-judge.js';
import { scoreOffline } from '../scoring/offline-scorer.js';
import { reportToMarkdown } from '../scoring/report/report-markdown.js';
import { loadRubric } from '../scoring/rules/rubric.js';
import { TranscriptError, previewTranscript, readTranscript } from '../scoring/reading/transcript-file.js';

export const USAGE = 'usage: npm run score -- FILE [--level junior|mid|senior] [--problem ID|FILE.yaml] [--candidate NAME] [--json] [--offline] [--preview]';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env?: Record<string, string | undefined>;
}

class CliError extends Error {
  constructor(message: string, readonly code: number) {
    super(message);
  }
}

function problemFrom(spec: string, bank: () => ProblemBank): LoadedProblem {
  if (/\.ya?ml$/i.test(spec)) {
    let text: string;
    try {
      text = readFileSync(spec, 'utf8');
    } catch (err) {
      throw new CliError(`cannot read problem file ${spec}: ${(err as Error).message}`, 1);
    }
    return resolveProblem(parseYaml(text), spec);
  }
  const found = bank().byId.get(spec);
  if (!found) throw new CliError(`unknown problem "${spec}"; known: ${[...bank().byId.keys()].join(', ')}`, 2);
  return found;
}

export async function runScoreCli(argv: string[], io: CliIo): Promise<number> {
  try {
    let args;
    try {
      args = parseArgs({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: {
          level: { type: 'string' },
          problem: { type: 'string' },
          candidate: { type: 'string' },
          preview: { type: 'boolean', default: false },
          json: { type: 'boolean', default: false },
          offline: { type: 'boolean', default: false },
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
    const [file, ...extra] = args.positionals;
    if (!file || extra.length > 0) throw new CliError(USAGE, 2);
    let level: Level | undefined;
    if (args.values.level !== undefined) {
      const parsed = Level.safeParse(args.values.level);
      if (!parsed.success) throw new CliError(`--level must be junior, mid or senior (got "${args.values.level}")`, 2);
      level = parsed.data;
    }

    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new CliError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 1);
    }

    const candidate = args.values.candidate;
    if (candidate !== undefined && candidate.trim() === '') throw new CliError('--candidate needs the speaker name of the candidate', 2);
    if (args.values.preview) {
      const preview = previewTranscript(text, { source: file, ...(candidate ? { candidate } : {}) });
      io.out(args.values.json ? `${JSON.stringify(preview, null, 2)}\n` : previewText(preview));
      return 0;
    }

    let cached: ProblemBank | undefined;
    let bankError: string | undefined;
    const bank = (): ProblemBank => {
      if (!cached) {
        try {
          cached = loadProblemBank();
        } catch (err) {
          bankError = (err as Error).message;
          cached = { problems: [], byId: new Map(), genericPivots: [] };
        }
      }
      return cached;
    };
    const rubric = loadRubric();
    const problem = args.values.problem ? problemFrom(args.values.problem, bank) : undefined;
    const read = readTranscript(text, {
      source: file,
      ...(level ? { level } : {}),
      ...(problem ? { problem } : {}),
      ...(candidate ? { candidate } : {}),
      findProblem: (id) => bank().byId.get(id),
      genericPivots: bank().genericPivots,
    });
    if (bankError) io.err(`warning: problem bank not loaded (${bankError})\n`);
    if (!read.input.problem && read.problemId) {
      io.err(`warning: problem "${read.problemId}" is not in the problem bank; scoring with problem-agnostic signals only\n`);
    }

    let report = scoreOffline(read.input, rubric);
    const env = parseEnv(io.env ?? process.env);
    if (!args.values.offline && modelConfigured(env)) {
      const client = new OpenAI({
        apiKey: env.OPENAI_API_KEY ?? 'not-needed',
        ...(env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : {}),
        timeout: env.OPENAI_TIMEOUT_MS,
      });
      report = await judgeWithModel(read.input, rubric, report, { client, model: env.OPENAI_MODEL });
    }
    io.out(args.values.json ? `${JSON.stringify(report, null, 2)}\n` : reportToMarkdown(report));
    return 0;
  } catch (err) {
    const hint = err instanceof TranscriptError && err.code !== 'bad_transcript' ? ' (pass --candidate NAME)' : '';
    io.err(`score: ${(err as Error).message}${hint}\n`);
    return err instanceof CliError ? err.code : 1;
  }
}

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  const hh = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return hh > 0 ? `${hh}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** The turns as read, one line each: number, time, speaker and role, the start of the text. */
export function previewText(p: ReturnType<typeof previewTranscript>): string {
  const lines = [
    `format: ${p.format}; ${p.turns.length} turns; speakers: ${p.speakers.map((s) => `${s.name} (${s.turns} turns${s.role ? `, ${s.role}` : ''})`).join(', ')}`,
    p.needsCandidate
      ? 'candidate: not clear from the names; pass --candidate NAME'
      : `candidate: ${p.candidate ?? 'none'}${p.candidateFrom === 'request' ? ' (from --candidate)' : ''}`,
  ];
  for (const t of p.turns) {
    const text = t.text.replace(/\s+/g, ' ');
    lines.push(`${String(t.turn).padStart(4)} ${t.atMs === null ? '     ' : clock(t.atMs).padStart(5)} ${t.speaker} [${t.role ?? '?'}]: ${text.length > 100 ? `${text.slice(0, 99)}…` : text}`);
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const code = await runScoreCli(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  });
  process.exitCode = code;
}
