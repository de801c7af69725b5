// Builds, stores and serves the scored report of a finished interview: the offline scorer always,
// the model judge on top when a model is configured. One report per session, built once.
import type OpenAI from 'openai';
import type { ProblemBank } from '../content/problem-bank.js';
import type { SessionStore } from '../db/session-store.js';
import { scoringInputFromEvents } from '../scoring/reading/from-session.js';
import { judgeWithModel } from '../scoring/judge/llm-judge.js';
import type { Rubric } from '../scoring/rules/rubric.js';
import { TranscriptError } from '../scoring/reading/transcript-file.js';
import { type Report, ReportSchema, type ScoringInput } from '../scoring/types.js';
import type { Level } from '../domain/problem.js';
import { type Compute, inlineCompute } from '../workers/compute-pool.js';
import { AppError } from '../platform/errors.js';
import { withCoach } from './coach.js';

export interface ReportServiceOptions {
  store: SessionStore;
  bank: ProblemBank;
  rubric: Rubric;
  judge?: { client: OpenAI; model: string };
  /** [SAFE19] Runs the transcript reader and the scorer off this thread with a time budget (absent: inline). */
  compute?: Compute;
  log?: (msg: string, err?: unknown) => void;
}

export class ReportService {
  private readonly inflight = new Map<string, Promise<Report>>();

  private readonly compute: Compute;

  constructor(private readonly o: ReportServiceOptions) {
    this.compute = o.compute ?? inlineCompute(o.bank);
  }

  /** The stored report; a finished session without one gets it built now. 409 while it runs. */
  async get(id: string): Promise<Report> {
    const stored = await this.o.store.getReport(id);
    if (stored) return ReportSchema.parse(stored.report);
    const row = await this.o.store.get(id);
    if (!row) throw new AppError(404, 'not_found', 'no such session');
    if (row.status !== 'ended') throw new AppError(409, 'interview_running', 'the report is built when the interview ends');
    return this.build(id);
  }

  /** [REP1] Builds and stores the report once, however many callers ask at the same time. */
  build(id: string): Promise<Report> {
    let job = this.inflight.get(id);
    if (!job) {
      job = this.buildNow(id).finally(() => this.inflight.delete(id));
      this.inflight.set(id, job);
    }
    return job;
  }

  /**
   * [REP6] Scores a pasted transcript (Markdown turns or a JSON export) that belongs to no
   * session: nothing is stored. A problem id, when given, must exist.
   */
  async scoreText(text: string, options: { level?: Level; problemId?: string }): Promise<Report> {
    const problem = options.problemId ? this.o.bank.byId.get(options.problemId) : undefined;
    if (options.problemId && !problem) throw new AppError(404, 'unknown_problem', `unknown problem "${options.problemId}"`);
    let input: ScoringInput;
    try {
      input = (await this.compute.readTranscript(text, { source: 'the pasted transcript', level: options.level, problemId: problem?.id })).input;
    } catch (err) {
      if (err instanceof TranscriptError) throw new AppError(422, 'bad_transcript', err.message);
      throw err;
    }
    return this.score(input, 'pasted transcript');
  }

  /** Scores any transcript (a peer interview room's shadow score too): offline, then the judge. Nothing is stored. */
  async score(input: ScoringInput, what: string): Promise<Report> {
    const report = await this.compute.score(input, this.o.rubric);
    if (!this.o.judge) return report;
    return judgeWithModel(input, this.o.rubric, report, this.o.judge).catch((err: unknown) => {
      this.o.log?.(`model judge failed for ${what}`, err);
      return report;
    });
  }

  private async buildNow(id: string): Promise<Report> {
    const existing = await this.o.store.getReport(id);
    if (existing) return ReportSchema.parse(existing.report);
    const row = await this.o.store.get(id);
    if (!row) throw new AppError(404, 'not_found', 'no such session');
    const events = await this.o.store.events(id);
    const problem = this.o.bank.byId.get(row.problemId);
    const input = scoringInputFromEvents(events, problem, this.o.bank.genericPivots);
    const report = withCoach(await this.score(input, `session ${id}`), events, problem, this.o.bank.genericPivots);
    await this.o.store.saveReport(id, { rubricVersion: report.rubricVersion, scorer: report.scorer, report });
    // [REP3] Served in the schema's shape, as every later read of the stored row is (jsonb keeps its
    // own key order), so the first answer and the next are the same bytes.
    return ReportSchema.parse(report);
  }
}
