// The REST client. Bodies and response shapes are the shared protocol's types (the server's view
// functions return the same types), so nothing is written out twice.
import type {
  CreateSessionBody,
  ProblemListItem,
  PutDiagramBody,
  ReferenceWalkthrough,
  SceneElement,
  ScoreRequestBody,
  SessionSummary,
  SessionView,
  TranscriptPreview,
} from '../../server/protocol/index.js';
import { clientKey } from './storage.js';

export type { ProblemListItem, SessionSummary, SessionView };
export type CreatedSession = SessionView & { token: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface RequestOptions {
  method?: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

async function send(path: string, o: RequestOptions, accept: string): Promise<Response> {
  const headers: Record<string, string> = { accept, ...o.headers };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method: o.method ?? (o.body !== undefined ? 'POST' : 'GET'),
      headers,
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
      signal: o.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'Cannot reach the server. Check your connection and try again.');
  }
  if (!res.ok) {
    const text = await res.text().catch(() => '');
    let err: { code?: string; message?: string } | undefined;
    try {
      err = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
    } catch {
      /* not JSON */
    }
    throw new ApiError(res.status, err?.code ?? 'http_error', err?.message ?? `request failed (${res.status})`);
  }
  return res;
}

export async function request<T>(path: string, o: RequestOptions = {}): Promise<T> {
  const res = await send(path, o, 'application/json');
  const text = await res.text();
  try {
    return (text ? JSON.parse(text) : undefined) as T;
  } catch {
    throw new ApiError(res.status, 'bad_response', 'The server sent something this page cannot read.');
  }
}

/** A file response (the Markdown report, the whiteboard SVG) as a Blob of the type the server named. */
export async function requestBlob(path: string, o: RequestOptions = {}, accept = 'text/markdown, text/plain;q=0.9, */*;q=0.5'): Promise<Blob> {
  const res = await send(path, o, accept);
  return res.blob();
}

export const api = {
  problems: () => request<{ problems: ProblemListItem[] }>('/api/problems').then((r) => r.problems),
  health: () => request<{ ok: boolean; interviewer: 'offline' | 'openai'; interviewerLabel: string }>('/api/health'),
  createSession: (body: CreateSessionBody) =>
    request<CreatedSession>('/api/sessions', { body, headers: { 'x-client-key': clientKey() } }),
  listSessions: () =>
    request<{ sessions: SessionSummary[] }>('/api/sessions', { headers: { 'x-client-key': clientKey() } }).then((r) => r.sessions),
  session: (id: string, token: string) => request<SessionView>(`/api/sessions/${encodeURIComponent(id)}`, { token }),
  diagram: (id: string, token: string) =>
    request<{ elements: SceneElement[]; hasSvg: boolean }>(`/api/sessions/${encodeURIComponent(id)}/diagram`, { token }),
  /** The final whiteboard as stored by the interview page (Excalidraw's exportToSvg); 404 `no_diagram_svg` without one. */
  diagramSvg: (id: string, token: string) => requestBlob(`/api/sessions/${encodeURIComponent(id)}/diagram.svg`, { token }, 'image/svg+xml'),
  putDiagram: (id: string, token: string, body: PutDiagramBody) =>
    request<{ text: string; changed: boolean }>(`/api/sessions/${encodeURIComponent(id)}/diagram`, { method: 'PUT', token, body }),
  advance: (id: string, token: string) => request<SessionView>(`/api/sessions/${encodeURIComponent(id)}/advance`, { method: 'POST', token }),
  end: (id: string, token: string) => request<SessionView>(`/api/sessions/${encodeURIComponent(id)}/end`, { method: 'POST', token }),
  /**
   * The scored report: 409 `interview_running` while the interview runs; once it has ended the
   * server builds the report on demand (the request waits for it) and never answers 404.
   */
  report: (id: string, token: string, signal?: AbortSignal) =>
    request<unknown>(`/api/sessions/${encodeURIComponent(id)}/report`, { token, signal }),
  /** The problem's reference answer marked against this interview; 409 `session_active` while it runs. */
  reference: (id: string, token: string, signal?: AbortSignal) =>
    request<ReferenceWalkthrough>(`/api/sessions/${encodeURIComponent(id)}/reference`, { token, signal }),
  reportMarkdown: (id: string, token: string) => requestBlob(`/api/sessions/${encodeURIComponent(id)}/report?format=md`, { token }),
  exportTranscript: (id: string, token: string) => request<unknown>(`/api/sessions/${encodeURIComponent(id)}/export`, { token }),
  /** Scores a pasted transcript (nothing is stored): the Report JSON; 422 when it cannot be read. */
  score: (body: ScoreRequestBody, signal?: AbortSignal) => request<unknown>('/api/score', { body, signal }),
  scoreMarkdown: (body: ScoreRequestBody) => requestBlob('/api/score?format=md', { body }),
  /** The turns as the scorer will read them, nothing scored: speakers, roles, times; 422 when none are found. */
  scorePreview: (body: ScoreRequestBody, signal?: AbortSignal) => request<TranscriptPreview>('/api/score/preview', { body, signal }),
};

export function sessionSocketUrl(id: string, token: string): string {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${location.host}/api/sessions/${encodeURIComponent(id)}/ws?token=${encodeURIComponent(token)}`;
}
