// The HTML extraction worker when running from the TypeScript sources (the CLI through tsx, vitest, the
// bench); the built app starts out/main/html-extract-worker.js instead (html-extractor.ts, htmlWorkerUrl).
// As for the export worker (main/export/export-worker-dev.mjs): a worker thread does not inherit its
// parent's loader, so esbuild bundles the worker into one script once per process.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

let script = null;

/** A data: URL of the bundled worker. */
export function devWorkerUrl() {
  script ??= build({
    entryPoints: [fileURLToPath(new URL('./html-extract-worker.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    write: false,
    logLevel: 'silent',
  }).then((r) => new URL(`data:text/javascript;base64,${Buffer.from(r.outputFiles[0].contents).toString('base64')}`));
  return script;
}
