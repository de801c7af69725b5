// `npm run bench`: runs every bench/*.bench-case.ts (or those named on the command line) and
// prints their figures. Benchmarks measure; they never pass or fail on a time.
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';

const dir = new URL('./', import.meta.url).pathname;
const only = process.argv.slice(2);
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.bench-case.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const all: Record<string, Record<string, number | string>> = {};
for (const file of cases) {
  const name = basename(file, '.bench-case.ts');
  process.stdout.write(`\n== ${name}\n`);
  const mod = (await import(new URL(file, import.meta.url).href)) as { run: () => Promise<Record<string, number | string>> };
  const started = performance.now();
  const figures = await mod.run();
  all[name] = figures;
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(width)}  ${typeof v === 'number' ? format(v) : v}`);
  console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
console.log(`\n${JSON.stringify({ node: process.version, at: new Date().toISOString(), results: all })}`);
process.exit(0);

function format(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  return n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toPrecision(3);
}
