// [SCO17] The model judge: one structured-output call per report. Its scores are combined with the
// offline ones by the rule in combine.ts; if the call or its answer fails, the offline report is
// returned with a notice.
import type OpenAI from 'openai';
import { combineReports } from './combine.js';
import { extractEvidence } from '../rules/extract.js';
import { JUDGE_SCHEMA_NAME, JudgeOutput, judgeJsonSchema } from './judge-schema.js';
import { JUDGE_SYSTEM, judgeUserMessage } from './judge-prompt.js';
import type { Rubric } from '../rules/rubric-schema.js';
import { scoreEvidence } from '../rules/score-rules.js';
import type { TranscriptIndex } from '../reading/transcript-index.js';
import { type Report, ReportSchema, type ScoringInput } from '../types.js';

export interface JudgeOptions {
  client: OpenAI;
  model: string;
  signal?: AbortSignal;
}

export class JudgeError extends Error {}

/** Asks the model for scores; throws a JudgeError when the answer is missing or malformed. */
export async function askJudge(input: ScoringInput, rubric: Rubric, offline: Report, index: TranscriptIndex, options: JudgeOptions): Promise<JudgeOutput> {
  const completion = await options.client.chat.completions.create(
    {
      model: options.model,
      temperature: 0,
      messages: [
        { role: 'system', content: JUDGE_SYSTEM },
        { role: 'user', content: judgeUserMessage(input, rubric, offline, index) },
      ],
      response_format: {
        type: 'json_schema',
        json_schema: { name: JUDGE_SCHEMA_NAME, schema: judgeJsonSchema(), strict: true },
      },
    },
    options.signal ? { signal: options.signal } : undefined,
  );
  const content = completion.choices[0]?.message?.content;
  if (!content) throw new JudgeError('the model returned no content');
  let raw: unknown;
  try {
    raw = JSON.parse(content);
  } catch {
    throw new JudgeError('the model did not return JSON');
  }
  const parsed = JudgeOutput.safeParse(raw);
  if (!parsed.success) throw new JudgeError(`the model's JSON does not match the schema (${parsed.error.issues[0]?.path.join('.') ?? ''})`);
  return parsed.data;
}

export async function judgeWithModel(input: ScoringInput, rubric: Rubric, offlineReport: Report, options: JudgeOptions): Promise<Report> {
  // One reading of the transcript serves the prompt (redacted), the scores and the combination.
  const evidence = extractEvidence(input, rubric);
  let judged: JudgeOutput;
  try {
    judged = await askJudge(input, rubric, offlineReport, evidence.index, options);
  } catch (err) {
    if (options.signal?.aborted) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    const notice = `The model judge failed (${reason}); this is the offline report.`;
    return { ...offlineReport, scorer: 'offline', notice: offlineReport.notice ? `${offlineReport.notice} ${notice}` : notice };
  }
  const scoring = scoreEvidence(rubric, evidence.metrics, evidence.antiPatterns);
  return ReportSchema.parse(combineReports(input, rubric, offlineReport, scoring, judged, options.model, evidence.index));
}
