#!/usr/bin/env node
// The `marginalia` command line (package.json "bin"). The CLI is TypeScript
// sharing app/ and main/corpus with the app; tsx (a runtime dependency)
// compiles it on the fly, with a cache, so it runs straight after
// `npm install`, from a checkout or an installed package, with no build step
// and never a stale build. See docs/cli.md.
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

await tsImport('../main/cli/index.ts', {
  parentURL: import.meta.url,
  // Our tsconfig, not whatever tsconfig.json is in the folder the command runs from.
  tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)),
});
