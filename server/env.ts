// The only reader of process.env: parsed once with zod; a bad value stops start-up naming it.
import { z } from 'zod';

// [CFG3] An empty variable counts as unset, for every variable ("PORT=" is not port 0).
const unsetIfEmpty = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.string().optional();

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
  }),
);
export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** The model is on when a key or a base URL is given (a local server may need no key). */
export function modelConfigured(env: Env): boolean {
  return Boolean(env.OPENAI_API_KEY || env.OPENAI_BASE_URL);
}
