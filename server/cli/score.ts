// [SCO22] `npm run score -- FILE [--level junior|mid|senior] [--problem ID|FILE.yaml] [--json] [--offline]`
// Scores a transcript (Markdown turns or a session's JSON export) and prints the report: Markdown
// by default, JSON with --json. The model judge joins in when a model is configured.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import OpenAI from 'openai';
import { parse as parseYaml } from 'yaml';
import { type ProblemBank, loadProblemBank, resolveProblem } from '../content/problem-bank.js';
import { Level, type LoadedProblem } from '../domain/problem.js';
import { modelConfigured, parseEnv } from '../env.js';
import { judgeWithModel } from '../scoring/llm-judge.js';
import { scoreOffline } from '../scoring/offline-scorer.js';
import { reportToMarkdown } from '../scoring/report-markdown.js';
import { loadRubric } from '../scoring/rubric.js';
import { readTranscript } from '../scoring/transcript-file.js';

export const USAGE = 'usage: npm run score -- FILE [--level junior|mid|senior] [--problem ID|FILE.yaml] [--json] [--offline]';

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
    io.err(`score: ${(err as Error).message}\n`);
    return err instanceof CliError ? err.code : 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const code = await runScoreCli(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  });
  process.exitCode = code;
}
