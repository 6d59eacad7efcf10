// The export worker started from the TypeScript sources (the CLI through tsx, vitest, the bench):
// a worker thread does not inherit its parent's loader, so register tsx's here, then load the worker.
// The built app starts out/main/export-worker.js instead (export-pool.ts, exportWorkerUrl).
import { register } from 'tsx/esm/api';

register();
await import('./export-worker.ts');
