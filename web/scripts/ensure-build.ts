// Builds the web client when web/dist is missing or older than its sources (`npm start` runs this
// first via `prestart`; the browser tests run it in their global setup).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const WEB_DIST = join(repo, 'web/dist');
const STAMP = join(WEB_DIST, '.build-stamp');

/** What the bundle is made of: the client, and the shared server modules it imports. */
const INPUTS = ['web/index.html', 'web/vite.config.ts', 'web/src', 'server/protocol', 'server/domain', 'server/scoring/types.ts', 'server/scoring/labels.ts', 'package-lock.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

export function webBuildStaleness(): string | undefined {
  if (!existsSync(STAMP) || !existsSync(join(WEB_DIST, 'index.html'))) return 'web/dist is missing';
  const built = statSync(STAMP).mtimeMs;
  const changed = INPUTS.find((p) => newestMtime(join(repo, p)) > built);
  return changed ? `${changed} changed since the last build` : undefined;
}

export function ensureWebBuild(log: (msg: string) => void = console.log, force = false): void {
  const reason = force ? 'asked to build' : webBuildStaleness();
  if (!reason) return;
  log(`Building the web client (${reason})…`);
  const vite = join(repo, 'node_modules/vite/bin/vite.js');
  if (!existsSync(vite)) throw new Error('Cannot build the web client: vite is not installed (a devDependency). Run `npm ci` (without --omit=dev).');
  const started = Date.now();
  const result = spawnSync(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: repo, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status ?? result.signal})`);
  writeFileSync(STAMP, new Date().toISOString());
  log(`Web client built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureWebBuild(console.log, process.argv.includes('--force'));
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
