// Measures the web build's JavaScript: what the start page loads up front (the entry, its
// modulepreloads and their static imports) against everything in the build, raw and gzipped.
// `npm run size:web` prints it; the browser tests assert the start page carries no Excalidraw.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export interface JsSize {
  initial: { files: string[]; bytes: number; gzip: number };
  total: { files: number; bytes: number; gzip: number };
  /** Initial files that contain Excalidraw code (must be none). */
  initialWithExcalidraw: string[];
}

const EXCALIDRAW_MARKER = 'Excalifont';

export function measureJs(dist = resolve(fileURLToPath(import.meta.url), '../../dist')): JsSize {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const roots = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g)].map((m) => m[1]!);
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file) || !existsSync(join(dist, file))) continue;
    seen.add(file);
    const code = readFileSync(join(dist, file), 'utf8');
    // Static imports only (`import x from"./a.js"`, `import"./a.js"`); import() is loaded on demand.
    for (const m of code.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[^"'();]*?\sfrom\s*)?["'](\.\/[^"']+\.js)["']/g)) {
      queue.push(join(file, '..', m[1]!).replace(/\\/g, '/'));
    }
  }
  const size = (file: string) => {
    const buf = readFileSync(join(dist, file));
    return { bytes: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
  };
  const initialFiles = [...seen];
  const initial = initialFiles.map(size).reduce((a, b) => ({ bytes: a.bytes + b.bytes, gzip: a.gzip + b.gzip }), { bytes: 0, gzip: 0 });
  const all = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`);
  const total = all.map(size).reduce((a, b) => ({ bytes: a.bytes + b.bytes, gzip: a.gzip + b.gzip }), { bytes: 0, gzip: 0 });
  return {
    initial: { files: initialFiles, ...initial },
    total: { files: all.length, ...total },
    initialWithExcalidraw: initialFiles.filter((f) => readFileSync(join(dist, f), 'utf8').includes(EXCALIDRAW_MARKER)),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const s = measureJs();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`initial JS (start page): ${s.initial.files.length} files, ${kb(s.initial.bytes)} raw, ${kb(s.initial.gzip)} gzip`);
  console.log(`all JS in the build:     ${s.total.files} files, ${kb(s.total.bytes)} raw, ${kb(s.total.gzip)} gzip`);
  console.log(s.initialWithExcalidraw.length ? `Excalidraw in initial JS: ${s.initialWithExcalidraw.join(', ')}` : 'Excalidraw is not in the initial JS.');
}
