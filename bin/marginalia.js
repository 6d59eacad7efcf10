#!/usr/bin/env node
// The `marginalia` command line (package.json "bin"). It runs the built CLI,
// out/cli/index.js (scripts/build-cli.mjs: one bundled file, so it starts
// fast). `npm install` builds it (prepare); in a checkout whose sources are
// newer than the build, or where it is missing, it is built again first.
// See docs/cli.md.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = new URL('../out/cli/index.js', import.meta.url);

/** True when the build is missing, or a source it was built from changed since (only checked where the sources are). */
function stale() {
  if (!existsSync(cli)) return true;
  let record;
  try {
    record = JSON.parse(readFileSync(new URL('../out/cli/inputs.json', import.meta.url), 'utf8'));
  } catch {
    return false; // built without a record (an installed package): nothing to compare
  }
  for (const [file, mtime] of Object.entries(record.inputs ?? {})) {
    try {
      if (statSync(root + file).mtimeMs !== mtime) return true;
    } catch {
      return true; // a source was removed or renamed
    }
  }
  return false;
}

if (stale()) {
  let buildCli;
  try {
    ({ buildCli } = await import(pathToFileURL(`${root}scripts/build-cli.mjs`).href));
  } catch (e) {
    process.stderr.write(`marginalia: the command line is not built (out/cli/index.js) and cannot be built here: ${e.message}\nRun \`npm install\` or \`npm run build\` in ${root}\n`);
    process.exit(2);
  }
  await buildCli({ quiet: true });
}
await import(cli.href);
