// Serves the built web client (web/dist): hashed assets with long caching, gzip for text files,
// and index.html for every other non-API GET so client routes survive a reload. API paths are
// never answered here: they fall through to the API's JSON 404.
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Hono } from 'hono';

export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.map']);

interface Cached {
  mtimeMs: number;
  body: Buffer;
  gzip?: Buffer;
}

export interface WebClientOptions {
  /** The Vite build output; defaults to web/dist in the repository. */
  distDir?: string;
}

export function mountWebClient(app: Hono, options: WebClientOptions = {}): void {
  const root = resolve(options.distDir ?? DEFAULT_WEB_DIST);
  const cache = new Map<string, Cached>();

  async function load(file: string): Promise<Cached | undefined> {
    let info;
    try {
      info = await stat(file);
    } catch {
      return undefined;
    }
    if (!info.isFile()) return undefined;
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === info.mtimeMs) return hit;
    const body = await readFile(file);
    const entry: Cached = { mtimeMs: info.mtimeMs, body };
    if (COMPRESSIBLE.has(extname(file)) && body.length > 1024) entry.gzip = gzipSync(body, { level: 9 });
    cache.set(file, entry);
    return entry;
  }

  app.use('*', async (c, next) => {
    const path = c.req.path;
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || path === '/api' || path.startsWith('/api/')) return next();

    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return next();
    }
    const candidate = resolve(root, `.${decoded}`);
    const insideRoot = candidate === root || candidate.startsWith(root + sep);
    let file = insideRoot && !decoded.endsWith('/') ? await load(candidate) : undefined;
    let name = candidate;
    const looksLikeAsset = extname(decoded) !== '';
    if (!file) {
      // A missing asset is a real 404; anything else is a client route: serve the app shell.
      if (looksLikeAsset) return next();
      name = resolve(root, 'index.html');
      file = await load(name);
      if (!file) {
        return c.text('The web client is not built yet: run `npm run build:web` (npm start does it for you).', 503);
      }
    }

    const ext = extname(name);
    const headers: Record<string, string> = { 'content-type': TYPES[ext] ?? 'application/octet-stream', vary: 'accept-encoding' };
    // Vite fingerprints everything under assets/; fonts are immutable per package version.
    const rel = name.slice(root.length + 1).split(sep).join('/');
    headers['cache-control'] = rel.startsWith('assets/') || rel.startsWith('excalidraw/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    const wantsGzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    const body = wantsGzip && file.gzip ? file.gzip : file.body;
    if (body === file.gzip) headers['content-encoding'] = 'gzip';
    headers['content-length'] = String(body.length);
    if (c.req.method === 'HEAD') return c.body(null, 200, headers);
    return c.body(new Uint8Array(body), 200, headers);
  });
}
