// The export worker when running from the TypeScript sources (the CLI through tsx, vitest, the bench); the
// built app starts out/main/export-worker.js instead (export-pool.ts, exportWorkerUrl). A worker thread does
// not inherit its parent's loader, and tsx's register() in each worker cost it about 0.3 s of CPU transforming
// module by module on a loader thread; esbuild bundles the worker into one script once per process instead
// (tens of ms), and every worker runs that.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

let script = null;

/** A data: URL of the bundled worker. */
export function devWorkerUrl() {
  script ??= build({
    entryPoints: [fileURLToPath(new URL('./export-worker.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    write: false,
    logLevel: 'silent',
  }).then((r) => new URL(`data:text/javascript;base64,${Buffer.from(r.outputFiles[0].contents).toString('base64')}`));
  return script;
}
