// Builds the web client into web/dist, which the server serves. Excalidraw's fonts are copied
// into the build (dist/excalidraw/fonts) so the whiteboard never reaches for a CDN.
import { cpSync, existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
// The real path: the bundler names modules by it, also when node_modules is a symbolic link.
const excalidrawLink = resolve(here, '../node_modules/@excalidraw/excalidraw/dist/prod');
const excalidrawDist = existsSync(excalidrawLink) ? realpathSync(excalidrawLink) : excalidrawLink;
const fonts = join(excalidrawDist, 'fonts');

/**
 * Excalidraw subsets fonts in a Web Worker built from its own `subset-worker.chunk.js`. That file
 * and what it imports must stay in chunks of their own: merged with the editor's code (which
 * touches `window` at load), the worker fails and the subsetting falls back to the main thread.
 */
function workerSafeExcalidrawFiles(): Set<string> {
  const files = new Set<string>();
  const visit = (name: string) => {
    const file = join(excalidrawDist, name);
    if (files.has(file) || !existsSync(file)) return;
    files.add(file);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/import\s*(?:[^"';]*?from\s*)?"\.\/([^"]+\.js)"/g)) visit(m[1]!);
  };
  visit('subset-worker.chunk.js');
  files.delete(join(excalidrawDist, 'subset-worker.chunk.js'));
  return files;
}
const workerSafe = workerSafeExcalidrawFiles();

function excalidrawFonts(): Plugin {
  return {
    name: 'excalidraw-fonts',
    apply: 'build',
    writeBundle(options) {
      if (!existsSync(fonts)) throw new Error(`Excalidraw fonts not found at ${fonts}`);
      cpSync(fonts, resolve(options.dir ?? resolve(here, 'dist'), 'excalidraw/fonts'), { recursive: true });
    },
  };
}

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react(), excalidrawFonts()],
  build: {
    outDir: resolve(here, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    sourcemap: false,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [{ debugName: 'excalidraw-worker-shared', name: (id: string) => (workerSafe.has(id) ? 'excalidraw-worker-shared' : null) }],
        },
      },
    },
  },
  server: {
    proxy: { '/api': { target: 'http://localhost:3000', ws: true } },
  },
});
