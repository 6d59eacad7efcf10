import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { bundledPackagesPlugin } from './scripts/bundled-packages-plugin';

export default defineConfig({
  main: {
    // Each build records the npm packages it bundled (checked by tests/e2e/packaging.test.ts).
    plugins: [bundledPackagesPlugin('main', import.meta.dirname)],
    // Code that runs differently from the sources tests for it (main/export/export-pool.ts and main/corpus/html-extractor.ts: the workers).
    define: { __MARGINALIA_BUNDLED__: 'true' },
    build: {
      outDir: 'out/main',
      // Bundle the dependencies (electron-store, zod…) into out/main: the packaged
      // app.asar holds only out/** and package.json, no node_modules (electron-builder.yml, docs/packaging.md).
      externalizeDeps: false,
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'main/shell/index.ts'),
          // Export worker threads (main/export/export-pool.ts starts out/main/export-worker.js, beside index.js).
          'export-worker': resolve(import.meta.dirname, 'main/export/export-worker.ts'),
          // HTML extraction worker threads (main/corpus/html-extractor.ts starts out/main/html-extract-worker.js).
          'html-extract-worker': resolve(import.meta.dirname, 'main/corpus/html-extract-worker.ts'),
        },
        // Shared chunks beside the entries too, so each module's import.meta.url is in out/main/.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    plugins: [bundledPackagesPlugin('preload', import.meta.dirname)],
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can only require('electron'): bundle everything into one CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'main/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    plugins: [react(), bundledPackagesPlugin('renderer', import.meta.dirname)],
    // Web workers are separate bundles (the suggestions' NLP library is only in one): list theirs too.
    worker: { plugins: () => [bundledPackagesPlugin('worker', import.meta.dirname)] },
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'renderer/index.html') } },
    },
  },
});
