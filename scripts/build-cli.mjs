// Builds the `marginalia` command line into out/cli/: index.js (the CLI) and
// the workers it starts beside it (export-worker.js, html-extract-worker.js:
// main/export/export-pool.ts and main/corpus/html-extractor.ts look there
// once bundled), each one ES module with its dependencies bundled, so a command
// starts by loading one file. Also writes out/cli/inputs.json, the source
// files it was built from with their times, so bin/marginalia.js can tell a
// stale build in a checkout. Run by `npm install` (prepare) and `npm run build`.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_OUT = join(root, 'out', 'cli');

/**
 * What the CLI's bundles really contain (inputs with bytes in an output), as
 * [{ name, version }] in the list scripts/collect-licenses.mjs reads beside
 * those of electron-vite's builds (scripts/bundled-packages-plugin.ts).
 */
async function writeBundledPackages(metafile) {
  const found = new Map();
  for (const output of Object.values(metafile.outputs)) {
    for (const [file, info] of Object.entries(output.inputs)) {
      if (info.bytesInOutput === 0) continue;
      const path = join(root, file).split('\\').join('/');
      const at = path.lastIndexOf('/node_modules/');
      if (at < 0) continue;
      const parts = path.slice(at + '/node_modules/'.length).split('/');
      const name = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
      const manifest = join(path.slice(0, at), 'node_modules', name, 'package.json');
      const version = JSON.parse(await readFile(manifest, 'utf8')).version;
      found.set(`${name}@${version}`, { name, version });
    }
  }
  const list = [...found.values()].sort((a, b) => (a.name === b.name ? (a.version < b.version ? -1 : 1) : a.name < b.name ? -1 : 1));
  const dir = join(root, 'node_modules', '.cache', 'marginalia', 'bundled-packages');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'cli.json'), `${JSON.stringify(list, null, 2)}\n`);
}

export async function buildCli({ quiet = false } = {}) {
  const started = performance.now();
  await mkdir(CLI_OUT, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { index: 'main/cli/index.ts', 'export-worker': 'main/export/export-worker.ts', 'html-extract-worker': 'main/corpus/html-extract-worker.ts' },
    outdir: CLI_OUT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // The bundled branch of export-pool.ts: the worker is the file beside this one.
    define: { __MARGINALIA_BUNDLED__: 'true' },
    // Some bundled packages are CommonJS and call require() for Node's built-ins.
    banner: { js: "import { createRequire as __marginaliaRequire } from 'node:module'; const require = __marginaliaRequire(import.meta.url);" },
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
  });
  const inputs = {};
  for (const file of Object.keys(result.metafile.inputs)) {
    if (file.includes('node_modules')) continue;
    const info = await stat(join(root, file)).catch(() => null);
    if (info) inputs[relative(root, join(root, file)).split('\\').join('/')] = info.mtimeMs;
  }
  await writeBundledPackages(result.metafile);
  const packages = [...new Set(Object.keys(result.metafile.inputs).map((f) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f)?.[1]).filter(Boolean))].sort();
  await writeFile(join(CLI_OUT, 'inputs.json'), `${JSON.stringify({ builtAt: Date.now(), inputs, packages }, null, 2)}\n`);
  if (!quiet) console.error(`marginalia: built the command line in ${Math.round(performance.now() - started)} ms (out/cli/)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildCli();
