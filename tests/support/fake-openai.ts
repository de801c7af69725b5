// A real local HTTP server speaking the OpenAI chat-completions wire format, so tests exercise the
// actual `openai` client (headers, SSE parsing, errors, timeouts) rather than a mocked one.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FakeBehaviour =
  /** Streams `text` in chunks of `chunkSize` characters, `delayMs` apart. */
  | { kind: 'reply'; text: string; chunkSize?: number; delayMs?: number; omitUsage?: boolean }
  | { kind: 'status'; status: number; retryAfter?: number }
  /** Accepts the request and never answers until the server closes. */
  | { kind: 'hang' }
  /** Streams some of `text`, then destroys the socket mid-stream. */
  | { kind: 'cut'; text: string; chunkSize?: number }
  /** Streams some of `text`, then goes silent with the connection open until the server closes. */
  | { kind: 'stall'; text: string; chunkSize?: number }
  /** Streams `text` and a clean `[DONE]` but never a finish_reason. */
  | { kind: 'no_finish'; text: string; chunkSize?: number };

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
}

export interface FakeOpenAI {
  /** Base URL including `/v1`, as the client's `baseURL`. */
  url: string;
  requests: RecordedRequest[];
  enqueue(...behaviours: FakeBehaviour[]): void;
  close(): Promise<void>;
}

const DEFAULT_REPLY = (body: any): FakeBehaviour => ({
  kind: 'reply',
  text: `Thanks. Fake reply from ${String(body?.model ?? 'model')} to ${body?.messages?.length ?? 0} messages.`,
});

export async function start(): Promise<FakeOpenAI> {
  const queue: FakeBehaviour[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let counter = 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch((err) => {
      if (!res.headersSent) json(res, 500, { error: { message: String(err), type: 'server_error' } });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (req.method !== 'POST' || (path !== '/v1/chat/completions' && path !== '/chat/completions')) {
      json(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' } });
      return;
    }
    const raw = await readBody(req);
    const body = raw ? JSON.parse(raw) : {};
    requests.push({ path, headers: req.headers, body });
    const behaviour = queue.shift() ?? DEFAULT_REPLY(body);
    const id = `chatcmpl-fake-${++counter}`;

    switch (behaviour.kind) {
      case 'hang':
        return; // the socket is destroyed by close()
      case 'status': {
        const headers: Record<string, string> = {};
        if (behaviour.retryAfter !== undefined) headers['retry-after'] = String(behaviour.retryAfter);
        json(res, behaviour.status, { error: errorBody(behaviour.status) }, headers);
        return;
      }
      case 'reply':
      case 'cut':
      case 'stall':
      case 'no_finish':
        if (body.stream) await streamReply(res, body, id, behaviour);
        else if (behaviour.kind === 'cut') res.socket?.destroy();
        else if (behaviour.kind === 'stall') return;
        else json(res, 200, completion(body, id, behaviour.text, behaviour.kind === 'reply' ? 'stop' : null));
        return;
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...behaviours) => void queue.push(...behaviours),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function streamReply(
  res: ServerResponse,
  body: any,
  id: string,
  behaviour: Extract<FakeBehaviour, { kind: 'reply' | 'cut' | 'stall' | 'no_finish' }>,
): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const created = Math.floor(Date.now() / 1000);
  const model = String(body.model ?? 'fake-model');
  const includeUsage = body.stream_options?.include_usage === true;
  const chunk = (choices: unknown[], usage?: unknown) => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    system_fingerprint: 'fp_fake',
    choices,
    ...(includeUsage ? { usage: usage ?? null } : {}),
  });
  const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);

  const size = behaviour.chunkSize ?? 8;
  const pieces: string[] = [];
  for (let i = 0; i < behaviour.text.length; i += size) pieces.push(behaviour.text.slice(i, i + size));
  // A cut or stalled stream gets about half of its text out before it breaks.
  const partial = behaviour.kind === 'cut' || behaviour.kind === 'stall';
  const toSend = partial ? pieces.slice(0, Math.max(1, Math.ceil(pieces.length / 2))) : pieces;
  const delayMs = behaviour.kind === 'reply' ? (behaviour.delayMs ?? 0) : 0;

  send(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]));
  for (const piece of toSend) {
    if (res.destroyed) return;
    if (delayMs) await wait(delayMs);
    send(chunk([{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }]));
  }
  if (behaviour.kind === 'stall') return; // the socket is destroyed by close()
  if (behaviour.kind === 'cut') {
    await wait(30); // let the sent chunks reach the client before the connection dies
    res.socket?.destroy();
    return;
  }
  if (behaviour.kind === 'reply') send(chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]));
  if (includeUsage && !(behaviour.kind === 'reply' && behaviour.omitUsage)) {
    send(chunk([], usageFor(body, behaviour.text)));
  }
  res.end('data: [DONE]\n\n');
}

function completion(body: any, id: string, text: string, finish: string | null) {
  return {
    id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: String(body.model ?? 'fake-model'),
    choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, logprobs: null, finish_reason: finish }],
    usage: usageFor(body, text),
  };
}

function usageFor(body: any, text: string) {
  const prompt_tokens = Math.ceil(JSON.stringify(body.messages ?? []).length / 4);
  const completion_tokens = Math.ceil(text.length / 4);
  return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
}

function errorBody(status: number) {
  if (status === 429) return { message: 'Rate limit reached (fake)', type: 'requests', code: 'rate_limit_exceeded' };
  if (status >= 500) return { message: 'The server had an error (fake)', type: 'server_error', code: null };
  return { message: `Request failed with ${status} (fake)`, type: 'invalid_request_error', code: null };
}

function json(res: ServerResponse, status: number, data: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(data));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
