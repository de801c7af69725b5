// [PRAC6–PRAC9] One person's interviews as a whole: the practice plan from their reports, the export
// of everything, and deleting everything. The person is the X-Client-Key (as the history list); a
// session's content is opened only by its own token, so each call names the sessions it holds.
import type { ProblemBank } from '../content/problem-bank.js';
import type { HistoryStore } from '../db/history-store.js';
import type { SessionRow } from '../db/session-store.js';
import { buildPracticePlan, type PlanInterview, type PracticePlan } from '../domain/practice-plan.js';
import { HISTORY_EXPORT_FORMAT, type HeldSession, type LeftOut } from '../protocol/history.js';
import type { Level } from '../domain/problem.js';
import type { Report } from '../scoring/types.js';
import type { ReportService } from './report-service.js';
import { ServiceError, type SessionService, type WallClock } from './session-service.js';
import { sessionSummary, transcriptExport } from './session-views.js';

export interface HistoryServiceOptions {
  store: HistoryStore;
  sessions: SessionService;
  reports: ReportService;
  bank: ProblemBank;
  clock: WallClock;
  /** Token expiry and revocation (absent: tokens never expire and are not marked revoked). */
  tokens?: { checkSession(id: string): Promise<void>; revokeSession(id: string): Promise<void> };
  /** Closes a session's live sockets. */
  closeSockets?: (id: string) => void;
}

interface Opened {
  rows: SessionRow[];
  leftOut: LeftOut[];
}

export class HistoryService {
  constructor(private readonly o: HistoryServiceOptions) {}

  /**
   * The person's sessions the caller holds a working token for. A token that is wrong, or names a
   * session of someone else, is a 404 like everywhere else; the person's sessions sent without a
   * token (or whose token expired or was revoked) are left out and named.
   */
  private async open(clientKeyHash: string, held: readonly HeldSession[], o: { staleTokensOpen: boolean }): Promise<Opened> {
    const owned = await this.o.store.owned(clientKeyHash);
    const byId = new Map(owned.map((r) => [r.id, r]));
    const tokens = new Map<string, string>();
    for (const h of held) {
      if (!byId.has(h.id)) throw new ServiceError(404, 'not_found', `no such session for this client key: ${h.id}`);
      await this.o.sessions.authorize(h.id, h.token);
      tokens.set(h.id, h.token);
    }
    const rows: SessionRow[] = [];
    const leftOut: LeftOut[] = [];
    for (const row of owned) {
      if (!tokens.has(row.id)) {
        leftOut.push({ id: row.id, reason: 'no_token' });
        continue;
      }
      if (!o.staleTokensOpen) {
        try {
          await this.o.tokens?.checkSession(row.id);
        } catch (err) {
          const code = (err as { code?: string }).code;
          if (code !== 'token_expired' && code !== 'token_revoked') throw err;
          leftOut.push({ id: row.id, reason: code });
          continue;
        }
      }
      rows.push(row);
    }
    return { rows, leftOut };
  }

  /** The stored report of a finished session (built now if it is missing); none while it runs. */
  private async reportOf(row: SessionRow): Promise<Report | null> {
    if (row.status !== 'ended') return null;
    return this.o.reports.get(row.id);
  }

  /** [PRAC6] The plan from every finished interview the caller holds. */
  async plan(clientKeyHash: string, held: readonly HeldSession[]): Promise<PracticePlan & { leftOut: LeftOut[] }> {
    const { rows, leftOut } = await this.open(clientKeyHash, held, { staleTokensOpen: false });
    const interviews: PlanInterview[] = [];
    for (const row of rows) {
      // A report that cannot be built just now (the scorer busy or failing) leaves that interview out, not the plan.
      const report = await this.reportOf(row).catch(() => undefined);
      if (report === undefined) leftOut.push({ id: row.id, reason: 'no_report' });
      if (!report) continue;
      interviews.push({
        sessionId: row.id,
        at: row.startedAt.getTime(),
        problemId: row.problemId,
        problemTitle: this.o.bank.byId.get(row.problemId)?.title ?? row.problemId,
        level: row.level as Level,
        report,
      });
    }
    return { ...buildPracticePlan({ interviews, problems: this.o.bank.problems, now: this.o.clock.now() }), leftOut };
  }

  /** [PRAC7] Every session the caller holds: its summary, the whole event log and the report. */
  async export(clientKeyHash: string, held: readonly HeldSession[]) {
    const { rows, leftOut } = await this.open(clientKeyHash, held, { staleTokensOpen: false });
    const sessions = [];
    for (const row of rows) {
      const live = await this.o.sessions.current(row.id);
      const report = await this.reportOf(live.row).catch((err: Error) => err);
      sessions.push({
        ...sessionSummary(row, this.o.bank),
        transcript: transcriptExport(live),
        report: report instanceof Error ? null : report,
        ...(report instanceof Error ? { reportError: `the report could not be built just now: ${report.message}` } : {}),
      });
    }
    return { format: HISTORY_EXPORT_FORMAT, version: 1 as const, exportedAt: new Date(this.o.clock.now()).toISOString(), sessions, leftOut };
  }

  /**
   * [PRAC8] Deletes every session the caller holds a token for (an expired or revoked one still
   * proves it is theirs): the token is revoked and its sockets closed first, then the rows go.
   */
  async delete(clientKeyHash: string, held: readonly HeldSession[]): Promise<{ deleted: string[]; leftOut: LeftOut[] }> {
    const { rows, leftOut } = await this.open(clientKeyHash, held, { staleTokensOpen: true });
    const ids = rows.map((r) => r.id);
    for (const id of ids) {
      await this.o.tokens?.revokeSession(id);
      this.o.closeSockets?.(id);
    }
    await this.o.store.delete(ids);
    for (const id of ids) this.o.sessions.forget(id);
    return { deleted: ids, leftOut };
  }
}
