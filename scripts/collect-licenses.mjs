#!/usr/bin/env node
// Writes resources/licenses.json: every third-party package the app ships,
// with its version, licence, repository and licence text, plus Electron
// itself. "Ships" means what the bundles really contain: the lists the build
// writes (the Rollup output of out/main, out/preload and out/renderer via
// scripts/bundled-packages-plugin.ts, the esbuild metafile of out/cli via
// scripts/build-cli.mjs), so build tools such as tsx and esbuild are never
// listed. The About box (getAbout / getLicenseText) reads it; packaged, it
// sits in the app's resources folder (electron-builder.yml extraResources).
//
//   node scripts/collect-licenses.mjs                 from the bundle lists; before any build (npm run dev), the production dependency tree
//   node scripts/collect-licenses.mjs --from-bundles  the bundle lists or fail (npm run build, after bundling)
//   node scripts/collect-licenses.mjs --check         exit 1 if the file is missing or out of date
//
// Runs offline: it reads node_modules only. The output is deterministic
// (sorted, no timestamps), so an unchanged tree rewrites the same bytes.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const OUTPUT = join(REPO, 'resources', 'licenses.json');

/** The builds whose bundle lists make up what ships (all packed into app.asar from out/). */
export const BUNDLE_TARGETS = ['main', 'preload', 'renderer', 'cli'];

/** Where the builds write their lists of bundled packages (outside out/, so nothing extra is packed). */
export function bundledPackagesDir(root = REPO) {
  return join(root, 'node_modules', '.cache', 'marginalia', 'bundled-packages');
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Node's lookup: <dir>/node_modules/<name>, then in each parent folder. */
function findPackageDir(name, fromDir) {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** The SPDX expression of a package.json, including the old `license: {type}` and `licenses: [...]` forms. */
export function licenseOf(pkg) {
  const l = pkg.license ?? pkg.licenses;
  if (typeof l === 'string' && l.trim()) return l.trim();
  if (l && typeof l === 'object' && !Array.isArray(l) && typeof l.type === 'string') return l.type;
  if (Array.isArray(l)) {
    const types = l.map((x) => (typeof x === 'string' ? x : x?.type)).filter((x) => typeof x === 'string');
    if (types.length) return types.length === 1 ? types[0] : `(${types.join(' OR ')})`;
  }
  return 'UNKNOWN';
}

/** A browsable repository URL from package.json's `repository`, or undefined. */
export function repositoryOf(pkg) {
  const r = pkg.repository;
  let url = typeof r === 'string' ? r : r && typeof r.url === 'string' ? r.url : undefined;
  if (!url) return undefined;
  url = url.trim();
  const shorthand = /^(github|gitlab|bitbucket):(.+)$/.exec(url);
  if (shorthand) {
    const host = { github: 'github.com', gitlab: 'gitlab.com', bitbucket: 'bitbucket.org' }[shorthand[1]];
    return `https://${host}/${shorthand[2].replace(/\.git$/, '')}`;
  }
  if (/^[\w.-]+\/[\w.-]+$/.test(url)) return `https://github.com/${url}`;
  url = url.replace(/^git\+/, '').replace(/^git:\/\//, 'https://').replace(/^ssh:\/\/git@/, 'https://').replace(/^git@([^:]+):/, 'https://$1/');
  url = url.replace(/\.git$/, '').replace(/\.git#/, '#');
  return /^https?:\/\//.test(url) ? url : undefined;
}

const LICENSE_FILE = /^(licen[cs]e|copying|unlicense)([-._].*)?$/i;

/** The licence text(s) a package ships (LICENSE, LICENSE.md, LICENSE-MIT, COPYING…), or undefined. */
export function licenseTextOf(dir) {
  const files = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && LICENSE_FILE.test(e.name))
    .map((e) => e.name)
    .sort();
  if (files.length === 0) return undefined;
  const texts = files.map((f) => readFileSync(join(dir, f), 'utf8').replace(/\r\n?/g, '\n').trim());
  return files.length === 1 ? texts[0] : files.map((f, i) => `${f}:\n\n${texts[i]}`).join('\n\n');
}

/**
 * The production dependency tree of the package in `root`: its
 * `dependencies`, and theirs (with required peer dependencies, and optional
 * dependencies where installed), each name@version once.
 */
export function collectProductionPackages(root = REPO) {
  const top = readJson(join(root, 'package.json'));
  const seen = new Map();
  const missing = [];
  const queue = Object.keys(top.dependencies ?? {}).map((name) => ({ name, from: root, required: true }));
  while (queue.length) {
    const { name, from, required } = queue.shift();
    const dir = findPackageDir(name, from);
    if (dir === null) {
      if (required) missing.push(name);
      continue;
    }
    const pkg = readJson(join(dir, 'package.json'));
    const key = `${pkg.name}@${pkg.version}`;
    if (seen.has(key)) continue;
    seen.set(key, { dir, pkg });
    for (const dep of Object.keys(pkg.dependencies ?? {})) queue.push({ name: dep, from: dir, required: true });
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) queue.push({ name: dep, from: dir, required: false });
    // Optional peers (typescript for Lexical's types, canvas for linkedom) are the user's choice, not shipped.
    for (const dep of Object.keys(pkg.peerDependencies ?? {})) {
      if (pkg.peerDependenciesMeta?.[dep]?.optional !== true) queue.push({ name: dep, from: dir, required: true });
    }
  }
  if (missing.length) throw new Error(`production dependencies not installed (run npm install): ${[...new Set(missing)].sort().join(', ')}`);
  return [...seen.values()];
}

function entry(dir, pkg, extra = {}) {
  const repository = repositoryOf(pkg);
  const text = licenseTextOf(dir);
  return {
    name: pkg.name,
    version: pkg.version,
    license: licenseOf(pkg),
    ...(repository ? { repository } : {}),
    ...extra,
    ...(text ? { text } : {}),
  };
}

/**
 * The packages the bundles contain, as name@version -> the targets holding
 * it, or null when a list is missing (nothing built yet).
 */
export function readBundledPackages(root = REPO) {
  const dir = bundledPackagesDir(root);
  const found = new Map();
  if (BUNDLE_TARGETS.some((target) => !existsSync(join(dir, `${target}.json`)))) return null;
  // Web workers are bundled one by one (worker-<name>.json, scripts/bundled-packages-plugin.ts).
  const workers = readdirSync(dir).filter((f) => /^worker-.+\.json$/.test(f)).map((f) => f.slice(0, -'.json'.length)).sort();
  for (const target of [...BUNDLE_TARGETS, ...workers]) {
    const file = join(dir, `${target}.json`);
    const list = readJson(file);
    if (!Array.isArray(list)) throw new Error(`${file}: expected a list of { name, version }; rebuild (npm run build)`);
    for (const p of list) {
      const key = `${p.name}@${p.version}`;
      found.set(key, [...(found.get(key) ?? []), target]);
    }
  }
  return found;
}

/**
 * The whole licences file as an object. `fromBundles`: 'auto' uses the
 * bundle lists when all are there, else the production dependency tree;
 * 'require' fails without them.
 */
export function buildLicenses(root = REPO, { fromBundles = 'auto' } = {}) {
  const app = readJson(join(root, 'package.json'));
  const production = collectProductionPackages(root);
  const bundled = readBundledPackages(root);
  if (bundled === null && fromBundles === 'require') {
    throw new Error(`no bundle lists in ${bundledPackagesDir(root)} (${BUNDLE_TARGETS.join(', ')}): run electron-vite build and node scripts/build-cli.mjs first`);
  }
  let shipped = production;
  if (bundled !== null) {
    const byKey = new Map(production.map((p) => [`${p.pkg.name}@${p.pkg.version}`, p]));
    // A bundled package outside the production tree is a devDependency being shipped: say so rather than list it quietly.
    const stray = [...bundled].filter(([key]) => !byKey.has(key)).map(([key, targets]) => `${key} (${targets.join(', ')})`);
    if (stray.length) throw new Error(`bundled but not production dependencies (move them to dependencies, or stop importing them): ${stray.sort().join(', ')}`);
    shipped = [...bundled.keys()].map((key) => byKey.get(key));
  }
  const packages = shipped.map(({ dir, pkg }) => entry(dir, pkg));
  // Electron is a devDependency (electron-builder takes its binary from the version
  // named there) but it is what the installers ship as the app's runtime.
  const electronDir = findPackageDir('electron', root);
  if (electronDir) {
    packages.push(
      entry(electronDir, readJson(join(electronDir, 'package.json')), {
        note: "The app's runtime, with Chromium and Node.js: their licences are in LICENSES.chromium.html, installed with the app (beside its executable; on macOS in Contents/Resources).",
      }),
    );
  }
  packages.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
  return {
    generatedBy: 'scripts/collect-licenses.mjs',
    app: { name: app.name, version: app.version, license: licenseOf(app) },
    packages,
  };
}

export function renderLicenses(root = REPO, options = {}) {
  return `${JSON.stringify(buildLicenses(root, options), null, 2)}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = renderLicenses(REPO, { fromBundles: process.argv.includes('--from-bundles') ? 'require' : 'auto' });
  if (process.argv.includes('--check')) {
    const current = existsSync(OUTPUT) ? readFileSync(OUTPUT, 'utf8') : null;
    if (current !== text) {
      console.error(`${OUTPUT} is ${current === null ? 'missing' : 'out of date'}: run node scripts/collect-licenses.mjs`);
      process.exit(1);
    }
  } else {
    const current = existsSync(OUTPUT) ? readFileSync(OUTPUT, 'utf8') : null;
    if (current !== text) writeFileSync(OUTPUT, text);
    const { packages } = JSON.parse(text);
    console.log(`licenses: ${packages.length} packages -> ${OUTPUT} (${Math.round(text.length / 1024)} KB)`);
  }
}
