// [SAFE1][SAFE2] What every REST body and WebSocket frame must be before any schema reads it, and
// long before anything is stored: every string and every object key free of NUL and of lone UTF-16
// surrogates (PostgreSQL's text and jsonb refuse both), and no deeper than JSON_MAX_DEPTH. One
// refinement, `SafeJson`, applied at the edge (server/http, server/ws, server/rooms/socket.ts);
// `safeParse(schema, raw)` runs it and then the frame's own schema.
import { z } from 'zod';
import { formatIssues } from '../platform/errors.js';

/** Arrays and objects nested deeper than this are refused (an Excalidraw frame needs about 6). */
export const JSON_MAX_DEPTH = 32;

export const SAFE_JSON_CODES = {
  badString: 'bad_string',
  tooDeep: 'too_deep',
} as const;

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string cannot be stored, or undefined when it can. */
export function badStringReason(s: string): string | undefined {
  if (s.includes('\u0000')) return 'contains a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(s)) return 'contains a lone UTF-16 surrogate (not valid Unicode)';
  return undefined;
}

export interface UnsafeJson {
  code: (typeof SAFE_JSON_CODES)[keyof typeof SAFE_JSON_CODES];
  path: (string | number)[];
  message: string;
}

/**
 * Walks a parsed JSON value once (linear in its size, recursion bounded by JSON_MAX_DEPTH) and
 * returns the first problem found, or undefined.
 */
export function findUnsafeJson(value: unknown, maxDepth = JSON_MAX_DEPTH): UnsafeJson | undefined {
  const path: (string | number)[] = [];
  const walk = (v: unknown, depth: number): UnsafeJson | undefined => {
    if (typeof v === 'string') {
      const why = badStringReason(v);
      return why ? { code: SAFE_JSON_CODES.badString, path: [...path], message: `a string ${why}` } : undefined;
    }
    if (v === null || typeof v !== 'object') return undefined;
    if (depth >= maxDepth) return { code: SAFE_JSON_CODES.tooDeep, path: [...path], message: `nested deeper than ${maxDepth} levels` };
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        const bad = walk(v[i], depth + 1);
        path.pop();
        if (bad) return bad;
      }
      return undefined;
    }
    for (const key of Object.keys(v)) {
      const why = badStringReason(key);
      if (why) return { code: SAFE_JSON_CODES.badString, path: [...path, key], message: `a key ${why}` };
      path.push(key);
      const bad = walk((v as Record<string, unknown>)[key], depth + 1);
      path.pop();
      if (bad) return bad;
    }
    return undefined;
  };
  return walk(value, 0);
}

/** The one refinement: any JSON value whose strings and keys can be stored and whose depth is bounded. */
export const SafeJson = z.unknown().superRefine((value, ctx) => {
  const bad = findUnsafeJson(value);
  if (bad) ctx.addIssue({ code: 'custom', path: bad.path, message: bad.message, params: { safeJson: bad.code } });
});

export type SafeParse<T> = { success: true; data: T } | { success: false; code: 'bad_string' | 'too_deep' | 'invalid'; message: string; tooBig: boolean };

/** SafeJson first, then `schema`; one message naming the paths at fault. */
export function safeParse<S extends z.ZodType>(schema: S, raw: unknown): SafeParse<z.infer<S>> {
  const bad = findUnsafeJson(raw);
  if (bad) {
    const where = bad.path.length ? `${bad.path.join('.')}: ` : '';
    return { success: false, code: bad.code, message: `${where}${bad.message}`, tooBig: false };
  }
  const result = schema.safeParse(raw);
  if (result.success) return { success: true, data: result.data };
  const message = formatIssues(result.error.issues, { max: 5 });
  return { success: false, code: 'invalid', message, tooBig: result.error.issues.some((i) => i.code === 'too_big') };
}
