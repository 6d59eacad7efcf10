#!/usr/bin/env node
// Electron hardening check: runs @doyensec/electronegativity over the app's
// Electron-facing sources (main/ and renderer/, tests left out) and fails on
// any finding that electronegativity-accepted.json does not accept with a
// reason. Electronegativity itself exits 0 whatever it finds, so this script
// reads its findings and decides.
//
// Offline by construction: electronegativity fetches translations and
// Electron's release list over the network (through `got`); here `got` is
// replaced by a stub that fails at once, and the one check that needs the
// release list (AvailableSecurityFixesGlobalCheck) is excluded. The Electron
// version is taken from package.json.
//
// Usage: node scripts/check-electronegativity.mjs [--json] [--root <folder>]
//   --json   print the findings as JSON (for tooling) instead of a summary
//   --root   check another tree (with its own allow-list); default: this repository
// Exit codes: 0 no unaccepted findings, 1 unaccepted findings or a problem
// with the scan or the allow-list.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ACCEPTED_FILE = 'electronegativity-accepted.json';
/** Folders scanned, relative to the repository root. */
export const SCANNED = ['main', 'renderer'];
/** Checks left out, with why. */
export const EXCLUDED_CHECKS = {
  // Needs Electron's release list from github.com; the scan must work offline.
  AvailableSecurityFixesGlobalCheck: 'needs the network',
};

/** Sources worth scanning: code and HTML, not tests or test helpers. */
export function isScannedSource(rel) {
  if (!/\.(ts|tsx|js|mjs|cjs|html)$/.test(rel)) return false;
  if (/\.test\.(ts|tsx)$/.test(rel) || /\.d\.ts$/.test(rel)) return false;
  if (/(^|\/)test-support\.ts$/.test(rel)) return false;
  return true;
}

function listFiles(dir, rel = '') {
  const out = [];
  for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const childRel = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) out.push(...listFiles(dir, childRel));
    else if (entry.isFile()) out.push(childRel);
  }
  return out;
}

/**
 * Validates the allow-list: { "accepted": [ { "id", "file", "description"?, "reason" } ] }.
 * An entry accepts the findings of check `id` in `file` (and, when given,
 * with exactly that `description`, so another kind of finding of the same
 * check is not waved through). Returns the entries, or throws with what is wrong.
 */
export function parseAccepted(text, name = ACCEPTED_FILE) {
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${name} is not valid JSON: ${e.message}`);
  }
  if (typeof json !== 'object' || json === null || !Array.isArray(json.accepted)) {
    throw new Error(`${name} must be an object with an "accepted" array`);
  }
  return json.accepted.map((entry, i) => {
    const where = `${name}: accepted[${i}]`;
    if (typeof entry !== 'object' || entry === null) throw new Error(`${where} is not an object`);
    for (const key of ['id', 'file', 'reason']) {
      if (typeof entry[key] !== 'string' || entry[key].trim() === '') throw new Error(`${where} needs a non-empty "${key}"`);
    }
    if (entry.reason.trim().length < 10) throw new Error(`${where} ("${entry.id}" in ${entry.file}) needs a real reason, not "${entry.reason}"`);
    if (entry.description !== undefined && typeof entry.description !== 'string') throw new Error(`${where}: "description" must be a string`);
    return { id: entry.id, file: entry.file, reason: entry.reason, ...(entry.description !== undefined ? { description: entry.description } : {}) };
  });
}

/** A finding as plain data: check id, file (forward slashes, relative to the repository), line, column, severity, description. */
export function normalizeIssue(issue) {
  return {
    id: String(issue.id),
    file: String(issue.file).split(sep).join('/'),
    line: issue.location?.line ?? 0,
    column: issue.location?.column ?? 0,
    severity: issue.severity?.name ?? String(issue.severity ?? ''),
    confidence: issue.confidence?.name ?? String(issue.confidence ?? ''),
    description: String(issue.description ?? ''),
    manualReview: Boolean(issue.manualReview),
  };
}

/** Splits findings into accepted and not, and lists allow-list entries that matched nothing. */
export function triage(findings, accepted) {
  const used = new Set();
  const unaccepted = [];
  const acceptedFindings = [];
  for (const f of findings) {
    const k = accepted.findIndex((a) => a.id === f.id && a.file === f.file && (a.description === undefined || a.description === f.description));
    if (k === -1) unaccepted.push(f);
    else {
      used.add(k);
      acceptedFindings.push({ ...f, reason: accepted[k].reason });
    }
  }
  const stale = accepted.filter((_, k) => !used.has(k));
  return { unaccepted, accepted: acceptedFindings, stale };
}

let networkAttempts = 0;
/** How many times electronegativity tried the network (each refused by the stub). */
export function refusedNetworkAttempts() {
  return networkAttempts;
}

/** Makes `got` (electronegativity's HTTP client) fail at once, so the scan never touches the network. */
function stubNetwork(require) {
  const electronegativityDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
  const gotPath = createRequire(join(electronegativityDir, 'dist', 'index.js')).resolve('got');
  const offline = () => {
    networkAttempts++;
    return Promise.reject(new Error('offline: network disabled by check-electronegativity'));
  };
  const stub = Object.assign(offline, { head: offline, get: offline, default: offline });
  const mod = new Module(gotPath);
  mod.filename = gotPath;
  mod.loaded = true;
  mod.exports = stub;
  require.cache[gotPath] = mod;
}

/** Copies the scanned sources into a temporary folder and runs electronegativity over it. */
export async function scan({ root = ROOT } = {}) {
  const require = createRequire(import.meta.url);
  stubNetwork(require);
  const run = require('@doyensec/electronegativity');
  let electronVersion;
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    electronVersion = pkg.devDependencies?.electron ?? pkg.dependencies?.electron;
  } catch {
    electronVersion = undefined; // electronegativity then guesses (and warns)
  }
  const work = mkdtempSync(join(tmpdir(), 'marginalia-electronegativity-'));
  try {
    let count = 0;
    for (const folder of SCANNED) {
      if (!statSync(join(root, folder), { throwIfNoEntry: false })?.isDirectory()) continue;
      for (const rel of listFiles(join(root, folder))) {
        const repoRel = `${folder}/${rel}`;
        if (!isScannedSource(repoRel)) continue;
        cpSync(join(root, repoRel), join(work, repoRel));
        count++;
      }
    }
    if (count === 0) throw new Error(`no sources found under ${SCANNED.join(', ')}`);
    // Electronegativity logs chatter (translations, progress) on console.log; keep the output ours.
    const log = console.log;
    console.log = () => {};
    let result;
    try {
      result = await run(
        {
          input: work,
          isSarif: false,
          customScan: [],
          excludeFromScan: Object.keys(EXCLUDED_CHECKS).map((c) => c.toLowerCase()),
          isRelative: true,
          isVerbose: false,
          electronVersionOverride: electronVersion ? electronVersion.replace(/^[^\d]*/, '') : undefined,
          parserPlugins: [],
        },
        false,
      );
    } finally {
      console.log = log;
    }
    const findings = result.issues.map((issue) => normalizeIssue({ ...issue, file: relative(work, join(work, issue.file)) }));
    const errors = result.errors.map((e) => ({ file: relative(work, e.file).split(sep).join('/'), message: e.message, tolerable: e.tolerable }));
    return { scannedFiles: count, findings, errors, checks: result.globalChecks + result.atomicChecks };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main() {
  const asJson = process.argv.includes('--json');
  const rootAt = process.argv.indexOf('--root');
  const root = rootAt === -1 ? ROOT : process.argv[rootAt + 1];
  if (!root) {
    console.error('check:electron: --root needs a folder');
    return 1;
  }
  let accepted;
  try {
    accepted = parseAccepted(readFileSync(join(root, ACCEPTED_FILE), 'utf8'));
  } catch (e) {
    console.error(`check:electron: ${e.message}`);
    return 1;
  }
  const result = await scan({ root });
  const { unaccepted, accepted: ok, stale } = triage(result.findings, accepted);
  const fatal = result.errors.filter((e) => !e.tolerable);
  if (asJson) {
    console.log(JSON.stringify({ ...result, unaccepted, accepted: ok, stale }, null, 2));
  } else {
    console.log(
      `electronegativity: ${result.checks} checks over ${result.scannedFiles} files; ` +
        `${result.findings.length} findings, ${ok.length} accepted, ${unaccepted.length} not accepted`,
    );
    for (const f of unaccepted) {
      console.log(`  NOT ACCEPTED ${f.id} (${f.severity}, ${f.confidence}) ${f.file}:${f.line}:${f.column}\n    ${f.description}`);
    }
    for (const s of stale) console.log(`  note: accepted entry ${s.id} in ${s.file} matched nothing; remove it from ${ACCEPTED_FILE}`);
    for (const e of fatal) console.log(`  could not parse ${e.file}: ${e.message}`);
  }
  if (unaccepted.length > 0) {
    console.error(
      `check:electron: ${unaccepted.length} finding(s) not accepted. Fix them, or add each to ${ACCEPTED_FILE} as { "id", "file", "reason" }.`,
    );
    return 1;
  }
  if (fatal.length > 0) {
    console.error(`check:electron: ${fatal.length} file(s) could not be parsed, so they were not checked.`);
    return 1;
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(`check:electron: the scan failed: ${e.stack ?? e}`);
      process.exit(1);
    },
  );
}
