// The model-backed interviewer: asks an OpenAI-compatible chat endpoint to phrase the server's
// turn plan, streaming the reply. Retries are ours, not the SDK's, because only we know whether
// text has already reached the candidate (a retry after that would repeat words on screen).
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { PHASE_LABELS } from '../domain/phases.js';
import type { EstimateFeedback, TurnPlan } from '../domain/turn-plan.js';
import { loadPrompt, renderTemplate } from './prompt-template.js';
import type { Interviewer, RecentTurn, RespondOptions, TurnInput, TurnOutput } from './types.js';

export type ModelErrorKind = 'rate_limited' | 'server' | 'timeout' | 'cut' | 'empty' | 'other';

export class ModelError extends Error {
  override readonly name = 'ModelError';
  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
  }
}

export interface OpenAIInterviewerOptions {
  apiKey?: string;
  baseURL?: string;
  model: string;
  /** Per attempt: until the response starts, and the longest silence while it streams. */
  timeoutMs?: number;
  maxRetries?: number;
  /** Per attempt: the longest wait for the first piece of text. Unset: only timeoutMs applies. */
  firstTokenTimeoutMs?: number;
}

export interface PromptMessage {
  role: 'system' | 'user';
  content: string;
}

const BACKOFF_BASE_MS = 250;
/** A server asking us to wait longer than this is treated as unavailable for this turn. */
const RETRY_AFTER_CAP_MS = 4_000;
const RETRYABLE: ReadonlySet<ModelErrorKind> = new Set(['rate_limited', 'server', 'timeout', 'cut']);

// ---------------------------------------------------------------------------------------------
// Prompt

/**
 * [AI9][AI10] Pure: the system prompt plus ONE user message. Candidate-written text (recent
 * turns, diagram, summary) sits inside that user message as quoted data — turns as JSON strings,
 * so an embedded newline or "SYSTEM:" cannot start a line of its own — never as chat roles.
 */
export function buildMessages(input: TurnInput): PromptMessage[] {
  const system = renderTemplate(loadPrompt('interviewer-system'), {
    level: input.level,
    title: input.problem.title,
  });
  const { plan } = input;
  const user = renderTemplate(loadPrompt('interviewer-turn'), {
    phase: PHASE_LABELS[input.phase],
    phaseGoal: input.phaseGoal,
    minutesLeftInPhase: String(input.minutesLeftInPhase),
    minutesLeftTotal: String(input.minutesLeftTotal),
    statement: fenced(input.problem.statement),
    summary: fenced(input.summary.trim() || '(nothing yet)'),
    diagram: fenced(input.diagramText.trim() || '(the diagram is empty)'),
    facts: renderFacts(plan),
    uncovered: plan.uncoveredQuestion
      ? 'The candidate asked about something you have no information on. Say it is theirs to decide and invite them to state the assumption they would make.'
      : 'None.',
    estimates: plan.estimateFeedback.length ? plan.estimateFeedback.map(renderEstimate).join('\n') : 'None.',
    acknowledged: plan.acknowledged.length
      ? plan.acknowledged.map((label) => `- ${label}`).join('\n')
      : 'None.',
    question: plan.question
      ? `Kind: ${plan.question.kind}. Ask this in your own words, without hinting at the answer:\n${JSON.stringify(plan.question.text)}`
      : 'None: ask no question this turn.',
    advance: plan.suggestAdvance
      ? "This phase's goals look met: suggest moving on to the next phase."
      : 'Do not suggest moving on.',
    recentTurns: renderTurns(input.recentTurns),
  });
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}

function renderFacts(plan: TurnPlan): string {
  if (!plan.factAnswers.length) return 'None. State no fact about the problem this turn.';
  return plan.factAnswers.map((f) => `- On ${f.topic}: ${f.answer}`).join('\n');
}

function renderEstimate(e: EstimateFeedback): string {
  // The candidate's figure is their text: quote it so it reads as data.
  const head = `- ${e.label}: the candidate said ${JSON.stringify(e.stated)}; reference range ${e.reference}.`;
  if (e.verdict === 'in_range') return `${head} Verdict: within range. Confirm it briefly.`;
  const direction = e.factor >= 1 ? 'high' : 'low';
  const times = formatTimes(e.factor >= 1 ? e.factor : 1 / e.factor);
  if (e.verdict === 'close') {
    return `${head} Verdict: close, about ${times} too ${direction} but within an order of magnitude. Say it is in the right ballpark.`;
  }
  return `${head} Verdict: off, about ${times} too ${direction}. Say so plainly and give the reference range.`;
}

function formatTimes(x: number): string {
  return `${x >= 10 ? Math.round(x) : Math.round(x * 10) / 10}x`;
}

function renderTurns(turns: RecentTurn[]): string {
  if (!turns.length) return '(no turns yet)';
  return fenced(turns.map((t) => `${t.role}: ${JSON.stringify(t.text)}`).join('\n'));
}

/** A code fence longer than any backtick run inside, so the text cannot close it early. */
function fenced(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}text\n${text}\n${fence}`;
}

// ---------------------------------------------------------------------------------------------
// Model call

export function createOpenAIInterviewer(options: OpenAIInterviewerOptions): Interviewer {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const maxRetries = options.maxRetries ?? 2;
  // SDK retries off: it would retry a stream whose first bytes we have already shown.
  const client = new OpenAI({
    apiKey: options.apiKey ?? 'not-needed',
    baseURL: options.baseURL,
    maxRetries: 0,
    timeout: timeoutMs,
  });

  return {
    name: 'openai',
    async respond(input: TurnInput, respond: RespondOptions = {}): Promise<TurnOutput> {
      const messages = buildMessages(input);
      const emitted = { value: false };
      for (let attempt = 0; ; attempt++) {
        throwIfAborted(respond.signal);
        try {
          const result = await streamOnce(client, options.model, messages, respond, emitted, {
            timeoutMs,
            firstTokenTimeoutMs: options.firstTokenTimeoutMs,
          });
          return {
            text: result.text,
            source: 'openai',
            usage: result.usage ?? estimateUsage(messages, result.text),
          };
        } catch (err) {
          if (!(err instanceof ModelError)) throw err; // the caller's abort
          // [AI6] Once the candidate has seen text, a retry would repeat it: fail instead.
          if (attempt >= maxRetries || emitted.value || !RETRYABLE.has(err.kind)) throw err;
          await sleep(retryDelay(attempt, err.details.retryAfterMs), respond.signal);
        }
      }
    },
  };
}

interface StreamResult {
  text: string;
  usage?: TurnOutput['usage'];
}

async function streamOnce(
  client: OpenAI,
  model: string,
  messages: PromptMessage[],
  { onDelta, signal }: RespondOptions,
  emitted: { value: boolean },
  limits: { timeoutMs: number; firstTokenTimeoutMs?: number },
): Promise<StreamResult> {
  // One controller per attempt, so our watchdogs can stop it without touching the caller's signal.
  const controller = new AbortController();
  let timedOut: string | undefined;
  const expire = (why: string) => {
    timedOut ??= why;
    controller.abort();
  };
  const onCallerAbort = () => controller.abort();
  signal?.addEventListener('abort', onCallerAbort, { once: true });
  // The SDK's timeout ends when the headers arrive; a server that then goes quiet needs our own.
  let idle: ReturnType<typeof setTimeout> | undefined;
  const resetIdle = () => {
    clearTimeout(idle);
    idle = setTimeout(() => expire(`no data for ${limits.timeoutMs}ms`), limits.timeoutMs);
  };
  const firstToken =
    limits.firstTokenTimeoutMs === undefined
      ? undefined
      : setTimeout(() => expire(`no text within ${limits.firstTokenTimeoutMs}ms`), limits.firstTokenTimeoutMs);

  let streaming = false;
  try {
    const stream = await client.chat.completions.create(
      {
        model,
        messages,
        stream: true,
        stream_options: { include_usage: true },
        temperature: 0.3,
        max_tokens: 300,
      },
      { signal: controller.signal },
    );
    streaming = true;
    resetIdle();
    let text = '';
    let finish: string | null = null;
    let usage: StreamResult['usage'];
    for await (const chunk of stream) {
      resetIdle();
      if (chunk.usage) {
        usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
      }
      const choice = chunk.choices[0];
      if (!choice) continue;
      const delta = choice.delta?.content;
      if (delta) {
        clearTimeout(firstToken);
        text += delta;
        emitted.value = true;
        onDelta?.(delta);
      }
      if (choice.finish_reason) finish = choice.finish_reason;
    }
    // The SDK ends the iteration quietly when aborted, so an early end must be explained here.
    throwIfAborted(signal);
    if (timedOut) throw new ModelError('timeout', `the model stalled: ${timedOut}`);
    if (!finish) throw new ModelError('cut', 'the stream ended before the model finished its reply');
    if (finish === 'content_filter') throw new ModelError('other', 'the reply was withheld by a content filter');
    if (!text.trim()) throw new ModelError('empty', 'the model returned an empty reply');
    return { text: text.trim(), usage };
  } catch (err) {
    throwIfAborted(signal);
    throw toModelError(err, streaming, timedOut);
  } finally {
    clearTimeout(idle);
    clearTimeout(firstToken);
    signal?.removeEventListener('abort', onCallerAbort);
  }
}

function toModelError(err: unknown, streaming: boolean, timedOut: string | undefined): ModelError {
  if (err instanceof ModelError) return err;
  if (timedOut) return new ModelError('timeout', `the model stalled: ${timedOut}`, { cause: err });
  if (err instanceof APIConnectionTimeoutError) {
    return new ModelError('timeout', 'the model did not answer in time', { cause: err });
  }
  if (err instanceof APIError && typeof err.status === 'number') {
    const status = err.status;
    if (status === 429) {
      return new ModelError('rate_limited', 'the model is rate limited', {
        status,
        retryAfterMs: retryAfterMs(err.headers),
        cause: err,
      });
    }
    if (status === 408) return new ModelError('timeout', 'the model server timed out', { status, cause: err });
    if (status >= 500) {
      return new ModelError('server', `the model server failed (${status})`, {
        status,
        retryAfterMs: retryAfterMs(err.headers),
        cause: err,
      });
    }
    return new ModelError('other', `the model request was refused (${status})`, { status, cause: err });
  }
  // Anything breaking the body after it started (socket reset, bad chunk) is a cut stream.
  if (streaming) return new ModelError('cut', 'the stream broke before the reply was complete', { cause: err });
  if (err instanceof APIConnectionError) {
    return new ModelError('server', 'could not reach the model server', { cause: err });
  }
  return new ModelError('other', err instanceof Error ? err.message : String(err), { cause: err });
}

function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms)) return ms;
  const raw = headers?.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number.parseFloat(raw);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : date - Date.now();
}

/** 250ms, 500ms, 1s... with ±25% jitter so many sessions do not retry in step. */
function retryDelay(attempt: number, retryAfter: number | undefined): number {
  const backoff = BACKOFF_BASE_MS * 2 ** attempt * (0.75 + Math.random() * 0.5);
  if (retryAfter === undefined) return backoff;
  return Math.max(backoff, Math.min(retryAfter, RETRY_AFTER_CAP_MS));
}

function estimateUsage(messages: PromptMessage[], text: string): TurnOutput['usage'] {
  const promptChars = messages.reduce((n, m) => n + m.content.length, 0);
  return { promptTokens: Math.ceil(promptChars / 4), completionTokens: Math.ceil(text.length / 4) };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException('The turn was aborted', 'AbortError');
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new DOMException('The turn was aborted', 'AbortError'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new DOMException('The turn was aborted', 'AbortError'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
