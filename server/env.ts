// The only reader of process.env: parsed once with zod; a bad value stops start-up naming it.
import { z } from 'zod';
import { formatIssues } from './platform/errors.js';

// [CFG3] An empty variable counts as unset, for every variable ("PORT=" is not port 0).
const unsetIfEmpty = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.string().optional();
const positiveInt = z.coerce.number().int().positive();
const bool = z
  .union([z.boolean(), z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])], { message: 'must be true or false (1/0, yes/no)' })
  .transform((v) => v === true || v === '1' || v === 'true' || v === 'yes' || v === 'on');

export const EnvSchema = z.preprocess(
  (raw) => (raw && typeof raw === 'object' ? Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, unsetIfEmpty(v)])) : raw),
  z.object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    DATA_DIR: z.string().min(1).default('./.data'),
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
    OPENAI_API_KEY: optionalString,
    OPENAI_BASE_URL: z.string().url('must be a URL').optional(),
    OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
    OPENAI_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
    CLOCK_SPEED: z.coerce.number().positive().max(10_000).default(1),
    LOG_LEVEL: z.enum(['silent', 'error', 'info', 'debug']).default('info'),
    // ---- open to the internet (server/SPEC.md SAFE7–SAFE19; README "Limits") ----
    /** Trust X-Forwarded-For (its last entry) as the client's address: only behind your own proxy. */
    TRUST_PROXY: bool.default(false),
    /** The public origin (https://interviews.example.com): WebSocket upgrades from another Origin are refused. */
    PUBLIC_ORIGIN: z
      .string()
      .url('must be a URL such as https://interviews.example.com')
      .transform((u) => new URL(u).origin)
      .optional(),
    LIMIT_SESSIONS_PER_MINUTE: positiveInt.default(60),
    LIMIT_ROOMS_PER_MINUTE: positiveInt.default(60),
    LIMIT_MESSAGES_PER_SECOND: positiveInt.default(10),
    LIMIT_FRAMES_PER_SECOND: positiveInt.default(200),
    LIMIT_SOCKETS_PER_IP: positiveInt.default(64),
    LIMIT_SOCKETS_PER_SESSION: positiveInt.default(8),
    HELLO_TIMEOUT_MS: positiveInt.default(5_000),
    HEARTBEAT_MS: positiveInt.default(30_000),
    /** [SAFE19] Time budget of one scoring / transcript-reading / diagram-to-text call (422 too_complex past it). */
    COMPUTE_BUDGET_MS: positiveInt.default(10_000),
    /** [SAFE19] Worker threads for those calls (default: the cores less one, 1 to 4). */
    COMPUTE_WORKERS: positiveInt.max(16).optional(),
    /** Session and room tokens stop working this long after they were issued. */
    TOKEN_TTL_HOURS: z.coerce.number().positive().default(24 * 30),
  }),
);
export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    throw new EnvError(`Invalid configuration:\n  ${formatIssues(result.error.issues, { separator: '\n  ' })}`);
  }
  return result.data;
}

/** The model is on when a key or a base URL is given (a local server may need no key). */
export function modelConfigured(env: Env): boolean {
  return Boolean(env.OPENAI_API_KEY || env.OPENAI_BASE_URL);
}
