// Reports of finished interviews, kept in memory for the page's lifetime: a report never changes
// once built, so the history page and the finished page share what either has fetched.
import { ReportSchema, type Report } from '../../server/protocol/report.js';
import { api, ApiError } from './api.js';

const ready = new Map<string, Report>();
const inflight = new Map<string, Promise<Report>>();

export function cachedReport(id: string): Report | undefined {
  return ready.get(id);
}

export function parseReport(raw: unknown): Report {
  const parsed = ReportSchema.safeParse(raw);
  if (!parsed.success) throw new ApiError(200, 'unreadable', 'The report arrived in a format this page does not understand.');
  return parsed.data;
}

/**
 * The session's report: from memory, or fetched (and remembered) once. Failures are not
 * remembered, so asking again retries. 409 (`interview_running`) rejects like any error.
 */
export function loadReport(id: string, token: string): Promise<Report> {
  const hit = ready.get(id);
  if (hit) return Promise.resolve(hit);
  let job = inflight.get(id);
  if (!job) {
    job = api
      .report(id, token)
      .then((raw) => {
        const report = parseReport(raw);
        ready.set(id, report);
        return report;
      })
      .finally(() => inflight.delete(id));
    inflight.set(id, job);
  }
  return job;
}
