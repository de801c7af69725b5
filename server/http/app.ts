// The REST API (DESIGN section 3). Handlers validate with the shared protocol, call the services,
// and throw; one onError turns every failure into `{ error: { code, message } }`.
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import type { ProblemBank } from '../content/problem-bank.js';
import type { SessionService } from '../app/session-service.js';
import { AppError } from '../platform/errors.js';
import { bearerToken } from '../platform/tokens.js';
import { sessionView, sessionSummary, transcriptExport } from '../app/session-views.js';
import { hintsView } from '../app/coach.js';
import { CreateSessionBody, LIMITS, PostMessageBody, PutDiagramBody, ScoreRequestBody, type TranscriptPreview } from '../protocol/index.js';
import { safeParse } from '../protocol/safe-json.js';
import { type GuardOptions, installGuards } from './guard.js';
import { publicProblem, problemListItem } from '../app/problem-views.js';
import type { ReportService } from '../app/report-service.js';
import { reportToMarkdown } from '../scoring/report/report-markdown.js';
import { buildReference } from '../domain/reference.js';
import { TranscriptError } from '../scoring/reading/transcript-file.js';
import { type Compute, ComputeBudgetError, ComputeBusyError, ComputeWorkerError, inlineCompute } from '../workers/compute-pool.js';
import type { Rubric } from '../scoring/rules/rubric.js';

export interface AppDeps {
  sessions: SessionService;
  reports: ReportService;
  rubric: Rubric;
  bank: ProblemBank;
  health: { db: 'pglite' | 'postgres'; interviewer: 'offline' | 'openai'; interviewerLabel: string };
  /** [SAFE7–SAFE13] Per-client limits and the HTTP guards (absent: no limits, e.g. unit tests). */
  guard?: GuardOptions;
  /** [SAFE19] Reads pasted transcripts off this thread with a time budget (absent: inline). */
  compute?: Compute;
  /** Extra routes (reports, rooms, static files) mounted by their own modules. */
  extend?: (app: Hono) => void;
  log?: (msg: string, err?: unknown) => void;
}

/** [SEC4] Moved to platform/tokens (re-exported for callers not yet moved). */
export { bearerToken };

export async function parseJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new HTTPException(400, { message: 'body must be JSON' });
  }
  // [SAFE1][SAFE2] Strings and keys that can be stored, bounded depth: 400, never a 500 later.
  const result = safeParse(schema, raw);
  if (!result.success) throw new AppError(400, result.code === 'invalid' ? 'bad_request' : result.code, result.message);
  return result.data;
}

/** Inline styles and the data: fonts Excalidraw embeds; nothing else (no script, no fetch). */
export const DIAGRAM_SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; font-src data:";

/** Session and room ids as the server makes them. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const { sessions, bank } = deps;
  const compute = deps.compute ?? inlineCompute(bank);

  app.onError((err, c) => {
    if (err instanceof AppError) return c.json(errorBody(err.code, err.message), err.status);
    // [SAFE19] The scorer or the diagram-to-text ran out of its budget (422), or every worker is busy (503).
    if (err instanceof ComputeBudgetError) return c.json(errorBody('too_complex', err.message), 422);
    if (err instanceof ComputeBusyError) {
      c.header('Retry-After', '5');
      return c.json(errorBody('busy', err.message), 503);
    }
    if (err instanceof ComputeWorkerError) {
      deps.log?.(`compute failed on ${c.req.method} ${c.req.path}`, err);
      return c.json(errorBody('unavailable', err.message), 503);
    }
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      const code = status === 413 ? 'too_large' : status === 401 ? 'unauthorized' : status === 404 ? 'not_found' : 'bad_request';
      return c.json(errorBody(code, err.message || 'request failed'), status);
    }
    deps.log?.(`unhandled error on ${c.req.method} ${c.req.path}`, err);
    return c.json(errorBody('internal', 'internal error'), 500);
  });
  app.notFound((c) => c.json(errorBody('not_found', `no route ${c.req.method} ${c.req.path}`), 404));
  installGuards(app, deps.guard ?? {});

  app.use(
    '/api/*',
    bodyLimit({
      maxSize: LIMITS.bodyBytes,
      onError: (c) => {
        // The rest of the body is not read, so the connection cannot be reused.
        c.header('Connection', 'close');
        return c.json(errorBody('too_large', `body over ${LIMITS.bodyBytes} bytes`), 413);
      },
    }),
  );

  app.get('/api/health', (c) => c.json({ ok: true, ...deps.health }));

  app.get('/api/problems', (c) => c.json({ problems: bank.problems.map(problemListItem) }));
  app.get('/api/problems/:id', (c) => {
    const p = bank.byId.get(c.req.param('id'));
    if (!p) throw new AppError(404, 'unknown_problem', `unknown problem "${c.req.param('id')}"`);
    return c.json(publicProblem(p));
  });

  app.get('/api/rubric', (c) => c.json(deps.rubric));

  // [REP6] A transcript from elsewhere, in any format the scorer reads; `candidate` names the
  // candidate's speaker when the names do not tell (422 `ambiguous_speakers` lists the speakers).
  const pastedProblem = (id: string | undefined) => {
    const problem = id ? bank.byId.get(id) : undefined;
    if (id && !problem) throw new AppError(404, 'unknown_problem', `unknown problem "${id}"`);
    return problem;
  };
  const transcriptError = (c: Context, err: unknown) => {
    if (!(err instanceof TranscriptError)) throw err;
    const speakers = err.code === 'bad_transcript' ? {} : { speakers: err.speakers };
    return c.json({ error: { code: err.code, message: err.message, ...speakers } }, 422);
  };
  app.post('/api/score/preview', async (c) => {
    const body = await parseJson(c, ScoreRequestBody);
    const chosen = pastedProblem(body.problemId);
    let preview;
    try {
      preview = await compute.previewTranscript(body.text, { source: 'the pasted transcript', candidate: body.candidate });
    } catch (err) {
      return transcriptError(c, err);
    }
    const problem = chosen ?? (preview.problemId ? bank.byId.get(preview.problemId) : undefined);
    return c.json({ ...preview, problem: problem ? { id: problem.id, title: problem.title } : null } satisfies TranscriptPreview);
  });

  app.post('/api/score', async (c) => {
    const body = await parseJson(c, ScoreRequestBody);
    const problem = pastedProblem(body.problemId);
    let input;
    try {
      input = (await compute.readTranscript(body.text, { source: 'the pasted transcript', level: body.level, problemId: problem?.id, candidate: body.candidate })).input;
    } catch (err) {
      return transcriptError(c, err);
    }
    const report = await deps.reports.score(input, 'pasted transcript');
    if (c.req.query('format') === 'md') {
      c.header('Content-Type', 'text/markdown; charset=utf-8');
      return c.body(reportToMarkdown(report));
    }
    return c.json(report);
  });

  app.post('/api/sessions', async (c) => {
    const body = await parseJson(c, CreateSessionBody);
    const clientKey = c.req.header('x-client-key') || undefined;
    if (clientKey !== undefined && !/^[A-Za-z0-9_-]{16,128}$/.test(clientKey)) {
      throw new HTTPException(400, { message: 'X-Client-Key: 16-128 characters of A-Z a-z 0-9 _ -' });
    }
    const { id, token } = await sessions.create(body, clientKey);
    const live = await sessions.current(id);
    return c.json({ ...sessionView(sessions, live), token }, 201);
  });

  app.get('/api/sessions', async (c) => {
    const clientKey = c.req.header('x-client-key');
    if (!clientKey) throw new HTTPException(401, { message: 'send X-Client-Key: the key the sessions were created with' });
    const rows = await sessions.listByClient(clientKey);
    return c.json({ sessions: rows.map((r) => sessionSummary(r, bank)) });
  });

  const authed = async (c: Context) => {
    const id = c.req.param('id')!;
    // [SAFE3] Ids are ours (base64url): anything else names no session, and never reaches the database.
    if (!ID_PATTERN.test(id)) throw new AppError(404, 'not_found', 'no such session for this token');
    await sessions.authorize(id, bearerToken(c));
    await deps.guard?.tokens?.checkSession(id);
    return id;
  };

  // [SAFE17] Whoever holds the token can revoke it: from then on it opens nothing (401 token_revoked)
  // and the session's open sockets are closed.
  app.delete('/api/sessions/:id/token', async (c) => {
    const id = await authed(c);
    if (!deps.guard?.tokens) throw new AppError(404, 'not_found', 'token revocation is not enabled');
    await deps.guard.tokens.revokeSession(id);
    deps.guard.onSessionRevoked?.(id);
    return c.json({ revoked: true });
  });

  app.get('/api/sessions/:id', async (c) => {
    const id = await authed(c);
    return c.json(sessionView(sessions, await sessions.current(id)));
  });

  app.get('/api/sessions/:id/export', async (c) => {
    const id = await authed(c);
    // [RPL6] The export keeps the whiteboard timeline beside the event log.
    return c.json({ ...transcriptExport(await sessions.current(id)), timeline: await sessions.boardTimeline(id) });
  });

  // [RPL6] The whiteboard timeline (keyframes and compact changes at interview times), for the replay.
  app.get('/api/sessions/:id/timeline', async (c) => {
    const id = await authed(c);
    return c.json(await sessions.boardTimeline(id));
  });

  app.post('/api/sessions/:id/messages', async (c) => {
    const id = await authed(c);
    const body = await parseJson(c, PostMessageBody);
    const result = await sessions.postMessage(id, body.clientMessageId, body.text);
    const live = await sessions.current(id);
    return c.json(
      { candidate: result.candidate, reply: result.reply ?? null, duplicate: result.duplicate, clock: sessions.clockView(live), phase: live.state.phase, status: live.state.status },
      result.duplicate ? 200 : 201,
    );
  });

  // [COACH4] Coach mode's hints: the ones given, and the next rung of the ladder (409 outside coach
  // mode or after the end; 200 with a message when nothing is open in this phase).
  app.get('/api/sessions/:id/hints', async (c) => {
    const id = await authed(c);
    return c.json(hintsView((await sessions.current(id)).state));
  });

  app.post('/api/sessions/:id/hints', async (c) => {
    const id = await authed(c);
    const { decision, state } = await sessions.requestHint(id);
    if (!decision.ok && (decision.reason === 'not_coach' || decision.reason === 'ended')) throw new AppError(409, decision.reason === 'ended' ? 'session_ended' : 'not_coach_mode', decision.message);
    return c.json(hintsView(state, decision), decision.ok ? 201 : 200);
  });

  app.post('/api/sessions/:id/advance', async (c) => {
    const id = await authed(c);
    await sessions.advance(id);
    return c.json(sessionView(sessions, await sessions.current(id)));
  });

  app.post('/api/sessions/:id/end', async (c) => {
    const id = await authed(c);
    await sessions.end(id);
    return c.json(sessionView(sessions, await sessions.current(id)));
  });

  app.put('/api/sessions/:id/diagram', async (c) => {
    const id = await authed(c);
    const body = await parseJson(c, PutDiagramBody);
    const result = await sessions.putDiagram(id, body.elements, body.svg);
    return c.json({ text: result.text, changed: result.changed });
  });

  // The stored scene, so the web client can restore the whiteboard after a reload; `hasSvg` says
  // whether diagram.svg has something to show (the finished page asks only then).
  app.get('/api/sessions/:id/diagram', async (c) => {
    const id = await authed(c);
    const { elements, svg } = await sessions.scene(id);
    return c.json({ elements, hasSvg: svg !== undefined });
  });

  // The final whiteboard as Excalidraw's own exportToSvg made it in the browser, for the report.
  // The markup is the client's (labels are user text, and a client can store any string), so it
  // is served as an image that can run nothing and fetch nothing, even if something opens it as
  // a document on our origin.
  app.get('/api/sessions/:id/diagram.svg', async (c) => {
    const id = await authed(c);
    const { svg } = await sessions.scene(id);
    if (svg === undefined) throw new AppError(404, 'no_diagram_svg', 'no SVG of the whiteboard is stored for this session');
    c.header('Content-Type', 'image/svg+xml; charset=utf-8');
    c.header('Content-Security-Policy', DIAGRAM_SVG_CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Cache-Control', 'no-store'); // behind a token, and replaced until the interview ends
    return c.body(svg);
  });

  app.get('/api/sessions/:id/report', async (c) => {
    const id = await authed(c);
    const report = await deps.reports.get(id);
    if (c.req.query('format') === 'md') {
      c.header('Content-Type', 'text/markdown; charset=utf-8');
      // [RPL8] Each quote says when it was said in the interview, as the replay shows it.
      const turns = (await sessions.current(id)).state.turns;
      return c.body(reportToMarkdown(report, { turnTime: (n) => turns[n - 1]?.atMs }));
    }
    return c.json(report);
  });

  // [REF7] The problem's reference answer marked against this interview: only once it has ended.
  app.get('/api/sessions/:id/reference', async (c) => {
    const id = await authed(c);
    const live = await sessions.current(id);
    if (live.state.status !== 'ended') throw new AppError(409, 'session_active', 'the reference answer is shown once the interview has ended');
    return c.json(buildReference(live.problem, live.state, live.diagram.text));
  });

  deps.extend?.(app);
  return app;
}
