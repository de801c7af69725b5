// [STR1–STR4] The shape of the house, checked on every run: the import graph of server/ and
// web/src (plain TypeScript import / export statements, read as text: no compiler, no dependency)
// has no circle, no import from a lower layer up to a higher one, and no source file over
// MAX_LINES lines. What does not hold yet is listed below with a reason, one line each; a line
// that no longer applies fails the test (STR4), so the lists only shrink: delete the line.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const MAX_LINES = 400;

/**
 * Layers, low to high: a file may import its own folder, its own layer and any lower layer.
 * The longest matching prefix names a file's folder. Keep README.md "Find your way" in step.
 */
const LAYERS: ReadonlyArray<readonly [number, readonly string[]]> = [
  [0, ['server/platform/', 'server/understanding/']],
  [1, ['server/domain/', 'server/protocol/', 'server/content/']],
  [2, ['server/interviewer/', 'server/scoring/']],
  [3, ['server/db/', 'server/workers/', 'server/env.ts']],
  [4, ['server/app/']],
  [5, ['server/rooms/', 'server/ws/']],
  [6, ['server/http/']],
  [7, ['server/server.ts', 'server/main.ts', 'server/cli/']],
];

/** The web is a separate program: of the server it may import only the shared protocol. */
const WEB = 'web/src/';
const WEB_MAY_IMPORT = ['server/protocol/'];

/** [STR2][STR3] Imports that break the layer map or the web's rule today: `from -> to`, with why and where it goes. */
const LAYER_ALLOW: Record<string, string> = {
};

/** [STR1] Import circles known today, each as its files in order from the smallest path. */
const CIRCLE_ALLOW: Record<string, string> = {
};

/** [STR4] Source files over MAX_LINES lines, with why. */
const SIZE_ALLOW: Record<string, string> = {
  'server/app/session-service.ts': 'sessions: create, append, stream, tick in one service; parts go with the Hono sub-apps (issue 10)',
  'server/cli/eval.ts': 'the eval command: arguments, comparison and printing; wants read / compare / print modules',
  'server/domain/plan-turn.ts': 'the turn plan of every phase; wants one module per phase',
  'server/interviewer/openai-interviewer.ts': 'the model adapter: request, stream, retry, reply check; the stream and retry can leave',
  'server/scoring/reading/transcript-formats.ts': 'one reader per transcript format; wants a file per format (scoring folders, issue 10)',
  'web/src/components/report-view.tsx': 'every section of the report page; wants a component per section',
  'web/src/rooms/room-live.ts': 'repeats the socket lifecycle of session-live.ts: one socket link (issue 10) replaces both',
  'web/src/rooms/room-page.tsx': 'the room page with its own chat panel: the shared chat component (issue 10) shrinks it',
};

// ---------------------------------------------------------------------------------------------

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(join(ROOT, dir))) {
    const rel = `${dir}/${name}`;
    if (statSync(join(ROOT, rel)).isDirectory()) {
      if (name !== 'node_modules' && name !== 'dist') sourceFiles(rel, out);
    } else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** Module specifiers of `import … from`, `export … from`, `import '…'` and `import('…')`. */
export function specifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found: string[] = [];
  const re = /(?:^|[;\s])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"\n]+)['"]|\bimport\(\s*['"]([^'"\n]+)['"]\s*\)/g;
  for (const m of code.matchAll(re)) found.push((m[1] ?? m[2])!);
  return found;
}

function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined; // packages
  const base = join(dirname(from), spec);
  const stem = base.replace(/\.(js|mjs|jsx)$/, '');
  for (const c of [`${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, base, `${base}/index.ts`, `${base}/index.tsx`]) {
    if (existsSync(join(ROOT, c)) && statSync(join(ROOT, c)).isFile()) return relative(ROOT, join(ROOT, c));
  }
  return `?${base}`; // unresolved: reported by STR0
}

interface Graph {
  files: string[];
  edges: Map<string, string[]>;
}

function importGraph(): Graph {
  const files = [...sourceFiles('server'), ...sourceFiles('web/src')].sort();
  const edges = new Map<string, string[]>();
  for (const f of files) {
    const targets = specifiers(readFileSync(join(ROOT, f), 'utf8'))
      .map((s) => resolveImport(f, s))
      .filter((t): t is string => t !== undefined);
    edges.set(f, [...new Set(targets)].sort());
  }
  return { files, edges };
}

/** Strongly connected components of more than one file (or a file importing itself), by Tarjan. */
export function circles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1 || (edges.get(v) ?? []).includes(v)) out.push(scc.sort());
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return out;
}

function layerOf(file: string): { layer: number; prefix: string } | undefined {
  let best: { layer: number; prefix: string } | undefined;
  for (const [layer, prefixes] of LAYERS) {
    for (const p of prefixes) if (file.startsWith(p) && (!best || p.length > best.prefix.length)) best = { layer, prefix: p };
  }
  return best;
}

/** [STR2][STR3] Every import that breaks the layer map or the web's rule, as `from -> to`. */
export function layerViolations(edges: ReadonlyMap<string, readonly string[]>): string[] {
  const out: string[] = [];
  for (const [from, targets] of edges) {
    for (const to of targets) {
      if (from.startsWith(WEB)) {
        if (to.startsWith('server/') && !WEB_MAY_IMPORT.some((p) => to.startsWith(p))) out.push(`${from} -> ${to}`);
        continue;
      }
      if (to.startsWith(WEB)) {
        out.push(`${from} -> ${to}`);
        continue;
      }
      const a = layerOf(from);
      const b = layerOf(to);
      if (!a || !b) continue; // unmapped files are reported by STR0
      if (a.prefix !== b.prefix && b.layer > a.layer) out.push(`${from} -> ${to}`);
    }
  }
  return out.sort();
}

function lineCount(file: string): number {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

const graph = importGraph();

describe('structure of server/ and web/src', () => {
  it('[STR0] every relative import resolves and every server file sits in a declared layer', () => {
    const unresolved = [...graph.edges].flatMap(([f, ts]) => ts.filter((t) => t.startsWith('?')).map((t) => `${f} -> ${t.slice(1)}`));
    expect(unresolved).toEqual([]);
    const unmapped = graph.files.filter((f) => f.startsWith('server/') && !layerOf(f));
    expect(unmapped, 'add the folder to LAYERS (and to README "Find your way")').toEqual([]);
    // The reader must see the graph: a few edges every version of the house has.
    expect(graph.edges.get('server/main.ts')?.length).toBeGreaterThan(0);
    expect(graph.files.length).toBeGreaterThan(100);
  });

  it('[STR1] no import circle (type-only imports count)', () => {
    const found = circles(graph.edges).map((c) => c.join(' <-> '));
    expect(found.filter((c) => !(c in CIRCLE_ALLOW))).toEqual([]);
    expect(Object.keys(CIRCLE_ALLOW).filter((c) => !found.includes(c)), 'a listed circle is gone: delete its line').toEqual([]);
  });

  it('[STR2][STR3] no import from a lower layer up to a higher one; the web imports only server/protocol/', () => {
    const found = layerViolations(graph.edges);
    expect(found.filter((v) => !(v in LAYER_ALLOW))).toEqual([]);
    expect(Object.keys(LAYER_ALLOW).filter((v) => !found.includes(v)), 'a listed import is gone: delete its line').toEqual([]);
  });

  it(`[STR4] no source file over ${MAX_LINES} lines without a stated reason`, () => {
    const over = graph.files.filter((f) => lineCount(f) > MAX_LINES);
    expect(over.filter((f) => !(f in SIZE_ALLOW)).map((f) => `${f}: ${lineCount(f)} lines`)).toEqual([]);
    expect(Object.keys(SIZE_ALLOW).filter((f) => !over.includes(f)), 'a listed file is now small enough (or gone): delete its line').toEqual([]);
  });

  it('[STR1][STR2] the checks find what they look for (a circle, an upward import, a web import outside protocol/)', () => {
    expect(specifiers("import type { A } from './a.js';\nexport { b } from \"../b.js\";\nconst c = await import('./c.js');\n// import x from './commented.js'\nimport './side-effect.js';")).toEqual([
      './a.js',
      '../b.js',
      './c.js',
      './side-effect.js',
    ]);
    const edges = new Map<string, string[]>([
      ['server/domain/a.ts', ['server/domain/b.ts']],
      ['server/domain/b.ts', ['server/app/c.ts']],
      ['server/app/c.ts', ['server/domain/a.ts']],
      ['web/src/x.ts', ['server/scoring/types.ts', 'server/protocol/index.ts', 'web/src/y.ts']],
    ]);
    expect(circles(edges)).toEqual([['server/app/c.ts', 'server/domain/a.ts', 'server/domain/b.ts']]);
    expect(layerViolations(edges)).toEqual(['server/domain/b.ts -> server/app/c.ts', 'web/src/x.ts -> server/scoring/types.ts']);
  });
});
