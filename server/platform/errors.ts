// Expected failures of the services, as one error type with a closed set of codes: the HTTP
// adapter turns an AppError into `{ error: { code, message } }` with its status, the socket
// adapters into an `error` frame. `formatIssues` is the one way a zod failure is said in words.

/** Every code an AppError may carry (REST bodies and the sockets' refusals name these). */
export const APP_ERROR_CODES = [
  'bad_request',
  'bad_string',
  'too_deep',
  'unauthorized',
  'token_expired',
  'token_revoked',
  'not_found',
  'unknown_problem',
  'no_diagram_svg',
  'not_an_interview',
  'interview_running',
  'session_active',
  'session_ended',
  'too_large',
  'bad_transcript',
  'problem_missing',
  'not_coach_mode',
] as const;
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export type AppErrorStatus = 400 | 401 | 404 | 409 | 413 | 422 | 500;

export class AppError extends Error {
  constructor(
    readonly status: AppErrorStatus,
    readonly code: AppErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** What formatIssues reads of a zod issue (zod's own type, kept structural). */
export interface IssueLike {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * One line naming each issue's path and message ("a.b: Required; c: Too big"), at most `max`
 * issues; `root` names an issue with an empty path (left out when not given).
 */
export function formatIssues(issues: readonly IssueLike[], opts: { max?: number; root?: string; separator?: string } = {}): string {
  const { max = issues.length, root, separator = '; ' } = opts;
  return issues
    .slice(0, max)
    .map((i) => {
      const where = i.path.map(String).join('.') || root;
      return where ? `${where}: ${i.message}` : i.message;
    })
    .join(separator);
}
