// What the installers (`npm run dist`) would ship, checked without building
// them. Runs after `npm run build` (npm test builds before the e2e tests):
//
// - the built out/: it imports nothing at run time but Node built-ins and
//   electron, bundles only production dependencies (each in the About box's
//   licence list), has no source maps or absolute paths of this machine, and
//   its index.html carries a strict Content Security Policy;
// - electron-builder itself, run with electron-builder.yml for the `dir`
//   target over a stand-in Electron (the real binary cannot be downloaded
//   offline; electronDist takes an unpacked one, and fuses only need the
//   fuse wire in the binary): app.asar holds exactly out/** and package.json,
//   the extraResources are where the app looks for them, the fuses are set,
//   and the packed main process runs from app.asar's files alone.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { collectProductionPackages } from '../../scripts/collect-licenses.mjs';
import { bundledPackagesDir, type BundledPackage } from '../../scripts/bundled-packages-plugin';
import { REPO_ROOT } from '../harness/server';

const OUT = join(REPO_ROOT, 'out');
const BUILT = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
const require = createRequire(import.meta.url);

function assertBuilt(): void {
  const missing = BUILT.filter((f) => !existsSync(join(REPO_ROOT, f)));
  if (missing.length) {
    throw new Error(`The app is not built (${missing.join(', ')} missing): run \`npm run build\` first (\`npm test\` does, before the e2e tests).`);
  }
}

/** Files under `dir`, as forward-slash paths relative to it, sorted. */
function walk(dir: string): string[] {
  const result: string[] = [];
  const visit = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) visit(full);
      else result.push(relative(dir, full).split(sep).join('/'));
    }
  };
  visit(dir);
  return result.sort();
}

const BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const isBuiltin = (s: string) => BUILTINS.has(s) || (s.startsWith('node:') && BUILTINS.has(s.slice(5)));

/** Every module a bundle loads: static imports and re-exports, import(), require() and Rolldown's __require(). Non-literal arguments are reported as `<dynamic: …>`. */
function moduleReferences(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const found = new Set<string>();
  const visit = (n: ts.Node) => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      found.add(n.moduleSpecifier.text);
    } else if (ts.isCallExpression(n)) {
      const callee = n.expression;
      const loads = callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && (callee.text === 'require' || callee.text === '__require'));
      if (loads) {
        const arg = n.arguments[0];
        found.add(arg && ts.isStringLiteralLike(arg) ? arg.text : `<dynamic: ${arg ? arg.getText(source).slice(0, 80) : ''}>`);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(source);
  return [...found].sort();
}

function parseCsp(html: string): Map<string, string[]> {
  const meta = /<meta\s+http-equiv=["']Content-Security-Policy["']\s+content=(?:"([^"]*)"|'([^']*)')/i.exec(html);
  const policy = meta?.[1] ?? meta?.[2];
  if (!policy) throw new Error('out/renderer/index.html has no Content-Security-Policy meta element');
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

describe('the built bundle (out/)', () => {
  beforeAll(assertBuilt);

  it('loads nothing at run time but Node built-ins and electron: every dependency is bundled', () => {
    // Every script of out/main (index.js, the export worker and the chunks they share).
    const scripts = readdirSync(join(OUT, 'main')).filter((f) => f.endsWith('.js'));
    expect(scripts).toEqual(expect.arrayContaining(['index.js', 'export-worker.js', 'html-extract-worker.js']));
    for (const script of scripts) {
      const refs = moduleReferences(join(OUT, 'main', script));
      expect(refs.filter((m) => !isBuiltin(m) && m !== 'electron' && !m.startsWith('./')), `out/main/${script} loads these from node_modules, which app.asar does not have`).toEqual([]);
      for (const rel of refs.filter((m) => m.startsWith('./'))) expect(existsSync(join(OUT, 'main', rel)), rel).toBe(true);
    }
    // A worker thread cannot load electron.
    expect(moduleReferences(join(OUT, 'main/export-worker.js'))).not.toContain('electron');
    expect(moduleReferences(join(OUT, 'main/html-extract-worker.js'))).not.toContain('electron');

    // A sandboxed preload can require only electron.
    expect(moduleReferences(join(OUT, 'preload/index.cjs'))).toEqual(['electron']);

    for (const asset of walk(join(OUT, 'renderer')).filter((f) => f.endsWith('.js'))) {
      const refs = moduleReferences(join(OUT, 'renderer', asset));
      expect(refs.filter((m) => !m.startsWith('./') && !m.startsWith('../')), `out/renderer/${asset}`).toEqual([]);
    }
  });

  it('bundles only production dependencies, each listed in the About box’s licences', () => {
    const production = new Set(collectProductionPackages(REPO_ROOT).map(({ pkg }) => `${pkg.name}@${pkg.version}`));
    const licensesFile = join(REPO_ROOT, 'resources/licenses.json');
    expect(existsSync(licensesFile), 'resources/licenses.json (written by `npm run build`)').toBe(true);
    const licensed = new Set(
      (JSON.parse(readFileSync(licensesFile, 'utf8')) as { packages: BundledPackage[] }).packages.map((p) => `${p.name}@${p.version}`),
    );
    const devDependencies = Object.keys((JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies);
    // The CLI (out/cli, scripts/build-cli.mjs) and each web worker write their own lists.
    const workers = readdirSync(bundledPackagesDir(REPO_ROOT)).filter((f) => f.startsWith('worker-')).map((f) => f.replace(/\.json$/, ''));
    expect(workers.length, 'web worker bundle lists').toBeGreaterThan(0);
    for (const target of ['main', 'preload', 'renderer', 'cli', ...workers]) {
      const file = join(bundledPackagesDir(REPO_ROOT), `${target}.json`);
      expect(existsSync(file), `${file} (written by the build's bundled-packages plugin)`).toBe(true);
      const bundled = (JSON.parse(readFileSync(file, 'utf8')) as BundledPackage[]).map((p) => `${p.name}@${p.version}`);
      if (target !== 'preload') expect(bundled.length, target).toBeGreaterThan(0);
      const notProduction = bundled.filter((p) => !production.has(p));
      expect(notProduction, `${target} bundles packages that are not production dependencies (devDependencies: ${devDependencies.join(', ')})`).toEqual([]);
      expect(bundled.filter((p) => !licensed.has(p)), `${target} bundles packages missing from resources/licenses.json: run npm run build`).toEqual([]);
    }
  });

  it('has no source maps and no absolute paths of the build machine', () => {
    const files = walk(OUT);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    for (const f of files) {
      const text = readFileSync(join(OUT, f), 'utf8');
      const maps = [...text.matchAll(/[#@]\s*sourceMappingURL=(\S+)/g)].map((m) => m[1] ?? '');
      expect(maps.filter((u) => /^(file:|\/|[A-Za-z]:[\\/])/.test(u) || u.includes(REPO_ROOT)), `${f}: sourceMappingURL`).toEqual([]);
      expect(maps, `${f} points at a source map, and none is shipped`).toEqual([]);
      expect(text.includes(REPO_ROOT), `out/${f} contains the build machine's path ${REPO_ROOT}`).toBe(false);
      expect(text.includes(pathToFileURL(REPO_ROOT).href), `out/${f} contains a file:// URL into the build machine`).toBe(false);
    }
  });

  it('index.html allows only the app’s own scripts and styles (no inline or eval code, no network)', () => {
    const html = readFileSync(join(OUT, 'renderer/index.html'), 'utf8');
    const csp = parseCsp(html);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    for (const [name, sources] of csp) {
      for (const s of sources) {
        expect(s, `${name}`).not.toMatch(/unsafe|^\*$|^(https?|wss?|ftp):|^blob:$/i);
      }
    }
    // Every script is a file of the app; none is inline.
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs = '', body = ''] of scripts) {
      expect(body.trim(), 'inline script').toBe('');
      const src = /\bsrc=["']([^"']+)["']/.exec(attrs)?.[1];
      expect(src, attrs).toMatch(/^\.?\/assets\//);
      expect(existsSync(join(OUT, 'renderer', src ?? ''))).toBe(true);
    }
    expect(html).not.toMatch(/\b(src|href)=["'](https?:)?\/\//i);
  });
});

// ---- electron-builder over a stand-in Electron -------------------------------------------

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** @electron/fuses' FuseV1Options: the position of each fuse on the wire. */
const FUSE_INDEX: Record<string, number> = {
  runAsNode: 0,
  enableCookieEncryption: 1,
  enableNodeOptionsEnvironmentVariable: 2,
  enableNodeCliInspectArguments: 3,
  enableEmbeddedAsarIntegrityValidation: 4,
  onlyLoadAppFromAsar: 5,
  loadBrowserProcessSpecificV8Snapshot: 6,
  grantFileProtocolExtraPrivileges: 7,
};
/** Electron's own defaults ('1' on, '0' off), so the test sees electron-builder flip them. */
const ELECTRON_DEFAULT_WIRE = '10110001';

interface BuilderConfig {
  files: string[];
  extraResources: { from: string; to: string }[];
  electronFuses: Record<string, boolean>;
  asar: boolean;
  linux: { executableName: string; fileAssociations?: { ext: string; mimeType?: string }[] };
}

/** An unpacked "Electron" with what electron-builder touches: the executable (with a fuse wire) and the licence files. */
function makeStandInElectron(dir: string): void {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  const exe = join(dir, 'electron');
  writeFileSync(exe, Buffer.concat([Buffer.from('#!/bin/sh\necho "stand-in Electron"\n'), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.from(ELECTRON_DEFAULT_WIRE)]));
  chmodSync(exe, 0o755);
  writeFileSync(join(dir, 'LICENSE'), 'Electron (stand-in) licence\n');
  writeFileSync(join(dir, 'LICENSES.chromium.html'), '<!doctype html><title>Chromium licences (stand-in)</title>\n');
  writeFileSync(join(dir, 'version'), '45.4.1');
}

interface AsarEntry {
  files?: Record<string, AsarEntry>;
  offset?: string;
  size?: number;
  unpacked?: boolean;
  link?: string;
}

/** The files of an asar archive (https://github.com/electron/asar: a size pickle, a JSON header pickle, then the bytes). */
function readAsar(file: string): Map<string, Buffer | 'unpacked' | 'link'> {
  const buf = readFileSync(file);
  const headerSize = buf.readUInt32LE(4);
  const jsonLength = buf.readUInt32LE(12);
  const header = JSON.parse(buf.toString('utf8', 16, 16 + jsonLength)) as AsarEntry;
  const base = 8 + headerSize;
  const files = new Map<string, Buffer | 'unpacked' | 'link'>();
  const visit = (entry: AsarEntry, path: string) => {
    if (entry.files) {
      for (const [name, child] of Object.entries(entry.files)) visit(child, path ? `${path}/${name}` : name);
    } else if (entry.link !== undefined) files.set(path, 'link');
    else if (entry.unpacked) files.set(path, 'unpacked');
    else {
      const start = base + Number(entry.offset);
      files.set(path, buf.subarray(start, start + (entry.size ?? 0)));
    }
  };
  visit(header, '');
  return files;
}

const STUB_ELECTRON = `
// A stand-in for the electron module: enough for out/main/index.js to start.
const ipc = new Map();
globalThis.__marginaliaIpc = ipc;
const any = () => new Proxy(function () {}, {
  get: (_t, p) => (p === 'then' ? undefined : p === Symbol.toPrimitive ? () => '' : any()),
  apply: () => any(),
  construct: () => any(),
});
const partial = (base) => new Proxy(base, { get: (t, p) => (p in t ? t[p] : p === 'then' ? undefined : any()) });
export const app = partial({
  isPackaged: true,
  getVersion: () => process.env.STUB_APP_VERSION,
  getName: () => 'Marginalia',
  getPath: () => process.env.STUB_USER_DATA,
  setPath: () => {},
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  on() { return app; },
  quit: () => {},
});
export const ipcMain = partial({ handle: (channel, fn) => ipc.set(channel, fn), removeHandler: (c) => ipc.delete(c), on() { return ipcMain; } });
export class BrowserWindow {
  constructor() { return any(); }
  static getFocusedWindow() { return null; }
  static getAllWindows() { return []; }
}
// The folder picker answers with the folder the test gives (the export's destination).
export const dialog = partial({ showOpenDialog: () => Promise.resolve({ canceled: false, filePaths: [process.env.STUB_PICKED_FOLDER] }) });
export const Menu = any(), MenuItem = any(), session = any(), shell = any(), nativeTheme = any(), screen = any(),
  protocol = any(), net = any(), webContents = any(), clipboard = any(), nativeImage = any(), powerMonitor = any(), safeStorage = any(),
  systemPreferences = any(), globalShortcut = any(), Notification = any(), Tray = any(), utilityProcess = any(), crashReporter = any();
export default { app, ipcMain, BrowserWindow, dialog, Menu, MenuItem, session, shell, nativeTheme, screen, protocol, net, webContents,
  clipboard, nativeImage, powerMonitor, safeStorage, systemPreferences, globalShortcut, Notification, Tray, utilityProcess, crashReporter };
`;

const LOADER_HOOKS = `
import { builtinModules } from 'node:module';
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => 'node:' + m)]);
export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: process.env.STUB_ELECTRON_URL, shortCircuit: true };
  if (builtins.has(specifier) || /^(\\.{1,2}\\/|\\/|file:|data:)/.test(specifier)) return next(specifier, context);
  throw new Error('the packed app imports ' + specifier + ', which app.asar does not hold');
}
`;

const RUN_PACKED_MAIN = `
import { register } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
register(pathToFileURL(process.env.STUB_HOOKS).href);
process.resourcesPath = process.env.STUB_RESOURCES;
// Packaged, argv is [executable, ...arguments]: no corpus folder given.
process.argv = [process.argv[0]];
const app = process.env.STUB_APP;
await import(pathToFileURL(join(app, 'out/main/index.js')).href);
await new Promise((r) => setTimeout(r, 50));
const ipc = globalThis.__marginaliaIpc;
// The window's page is served from the app's own scheme (main/shell/app-protocol.ts).
const event = { senderFrame: { url: 'marginalia://app/index.html' } };
const call = (channel, args) => ipc.get('marginalia:' + channel)(event, args);
const result = {
  channels: [...ipc.keys()].sort(),
  about: await call('getAbout', {}),
  licence: await call('getLicenseText', { name: 'electron' }),
  startup: await call('getStartup', {}),
  refused: await ipc.get('marginalia:getAbout')({ senderFrame: { url: 'https://example.com/' } }, {}),
};
// An export from the app, its documents rendered in worker threads (MARGINALIA_EXPORT_WORKERS): the worker script
// must load from the packed files alone.
const started = await call('startExport', { format: 'conll' });
let status;
for (let i = 0; i < 600; i++) {
  status = await call('exportStatus', { jobId: started.value.jobId });
  if (status.value.state !== 'running') break;
  await new Promise((r) => setTimeout(r, 50));
}
result.exported = status;
process.stdout.write('RESULT ' + JSON.stringify(result) + '\\n');
process.exit(0);
`;

describe('electron-builder with electron-builder.yml (dir target, stand-in Electron)', () => {
  const config = parseYaml(readFileSync(join(REPO_ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
  let work: string;
  let appOutDir: string;
  let resources: string;
  let asar: Map<string, Buffer | 'unpacked' | 'link'>;

  beforeAll(() => {
    assertBuilt();
    work = mkdtempSync(join(tmpdir(), 'marginalia-packaging-'));
    const standIn = join(work, 'electron-dist');
    makeStandInElectron(standIn);
    const output = join(work, 'dist');
    const r = spawnSync(
      process.execPath,
      [
        require.resolve('electron-builder/cli.js'),
        '--linux',
        'dir',
        `--${process.arch === 'arm64' ? 'arm64' : 'x64'}`,
        '--publish',
        'never',
        `--config.electronDist=${standIn}`,
        `--config.directories.output=${output}`,
      ],
      // No update check against the npm registry (electron-builder's CLI does one otherwise).
      { cwd: REPO_ROOT, encoding: 'utf8', timeout: 170_000, env: { ...process.env, NO_UPDATE_NOTIFIER: '1' } },
    );
    if (r.status !== 0) throw new Error(`electron-builder failed (${r.status ?? r.signal ?? r.error?.message}):\n${r.stdout}\n${r.stderr}`);
    const unpacked = readdirSync(output).find((d) => /^linux-.*unpacked$/.test(d));
    if (!unpacked) throw new Error(`no linux-*unpacked folder in ${output}: ${readdirSync(output).join(', ')}`);
    appOutDir = join(output, unpacked);
    resources = join(appOutDir, 'resources');
    asar = readAsar(join(resources, 'app.asar'));
  }, 180_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('packs exactly out/** and package.json into app.asar, byte for byte, nothing unpacked', () => {
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(['out/**/*', 'package.json', '!**/*.map']);
    const expected = [...walk(OUT).filter((f) => !f.endsWith('.map')).map((f) => `out/${f}`), 'package.json'].sort();
    expect([...asar.keys()].sort()).toEqual(expected);
    for (const f of expected.filter((x) => x.startsWith('out/'))) {
      expect(Buffer.compare(asar.get(f) as Buffer, readFileSync(join(REPO_ROOT, f))), f).toBe(0);
    }
    expect(existsSync(join(resources, 'app.asar.unpacked'))).toBe(false);
    expect(existsSync(join(resources, 'app'))).toBe(false);
  });

  it('ships a package.json that starts out/main/index.js as an ES module and names no devDependencies', () => {
    const pkg = JSON.parse((asar.get('package.json') as Buffer).toString('utf8')) as Record<string, unknown>;
    expect(pkg.main).toBe('out/main/index.js');
    expect(pkg.type).toBe('module');
    expect(pkg.devDependencies).toBeUndefined();
    expect(pkg.scripts).toBeUndefined();
  });

  it('puts every extraResource where the packaged app looks for it (process.resourcesPath)', () => {
    expect(config.extraResources.map((r) => r.to).sort()).toEqual(['default-schema.json', 'licenses.json', 'sample-corpus', 'sidecar.schema.json']);
    for (const { from, to } of config.extraResources) {
      const source = join(REPO_ROOT, from);
      expect(existsSync(source), `${from} (electron-builder.yml extraResources)`).toBe(true);
      const target = join(resources, to);
      if (statSync(source).isDirectory()) {
        const files = walk(source);
        expect(files.length, from).toBeGreaterThan(0);
        expect(walk(target), to).toEqual(files);
        for (const f of files) expect(readFileSync(join(target, f)).equals(readFileSync(join(source, f))), `${to}/${f}`).toBe(true);
      } else {
        expect(readFileSync(target).equals(readFileSync(source)), to).toBe(true);
      }
    }
    // Electron's and Chromium's licences stay beside the executable.
    expect(existsSync(join(appOutDir, 'LICENSE.electron.txt'))).toBe(true);
    expect(existsSync(join(appOutDir, 'LICENSES.chromium.html'))).toBe(true);
  });

  it('sets the fuses electron-builder.yml names: no run-as-node, asar integrity on, app only from asar', () => {
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true });
    const exe = readFileSync(join(appOutDir, config.linux.executableName));
    const at = exe.indexOf(SENTINEL);
    expect(at).toBeGreaterThan(0);
    const wire = exe.toString('latin1', at + SENTINEL.length + 2, at + SENTINEL.length + 2 + ELECTRON_DEFAULT_WIRE.length);
    for (const [name, on] of Object.entries(config.electronFuses)) {
      const index = FUSE_INDEX[name];
      expect(index, `unknown fuse ${name}`).toBeDefined();
      expect(wire[index ?? -1], name).toBe(on ? '1' : '0');
    }
  });

  it('associates sidecars (*.annotations.json) with the app on Linux', () => {
    expect(config.linux.fileAssociations).toEqual([expect.objectContaining({ ext: 'annotations.json', mimeType: expect.stringMatching(/^application\//) })]);
  });

  it('runs the packed main process from app.asar’s files alone: no node_modules, resources found, IPC answered', () => {
    const run = join(work, 'run');
    const app = join(run, 'app');
    for (const [path, content] of asar) {
      mkdirSync(join(app, path, '..'), { recursive: true });
      writeFileSync(join(app, path), content as Buffer);
    }
    const userData = join(run, 'user-data');
    mkdirSync(userData, { recursive: true });
    writeFileSync(join(run, 'electron-stub.mjs'), STUB_ELECTRON);
    writeFileSync(join(run, 'hooks.mjs'), LOADER_HOOKS);
    writeFileSync(join(run, 'run.mjs'), RUN_PACKED_MAIN);
    const version = (JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as { version: string }).version;
    const exports = join(run, 'exports');
    mkdirSync(exports, { recursive: true });
    const r = spawnSync(process.execPath, [join(run, 'run.mjs')], {
      cwd: run,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        NODE_PATH: '',
        NODE_OPTIONS: '',
        MARGINALIA_RESOURCES: '',
        STUB_APP: app,
        STUB_RESOURCES: resources,
        STUB_USER_DATA: userData,
        STUB_APP_VERSION: version,
        STUB_HOOKS: join(run, 'hooks.mjs'),
        STUB_ELECTRON_URL: pathToFileURL(join(run, 'electron-stub.mjs')).href,
        STUB_PICKED_FOLDER: exports,
        MARGINALIA_EXPORT_WORKERS: '2',
      },
    });
    const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (r.status !== 0 || !line) throw new Error(`the packed main process failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    const result = JSON.parse(line.slice('RESULT '.length)) as {
      channels: string[];
      about: { ok: boolean; value: { name: string; version: string; licenses: { name: string }[]; problem?: string } };
      licence: { ok: boolean; value: { text: string | null } };
      startup: { ok: boolean; value: { corpus: { isSample: boolean; root: string } | null; labelSchema: { entityLabels: unknown[] }; problem?: string } };
      refused: { ok: boolean };
      exported: { ok: boolean; value: { state: string; error?: string; out: string; report?: { documents: number; files: string[]; problems: string[]; workers: number } } };
    };
    expect(result.channels).toContain('marginalia:getAbout');
    expect(result.about.ok).toBe(true);
    expect(result.about.value).toMatchObject({ name: 'Marginalia', version });
    expect(result.about.value.problem).toBeUndefined();
    expect(result.about.value.licenses.map((l) => l.name)).toEqual(expect.arrayContaining(['electron', 'react', 'lexical', 'zod']));
    expect(result.licence).toMatchObject({ ok: true, value: { text: expect.stringContaining('Permission is hereby granted') } });
    expect(result.startup.ok).toBe(true);
    expect(result.startup.value.problem).toBeUndefined();
    expect(result.startup.value.corpus?.isSample).toBe(true);
    expect(result.startup.value.labelSchema.entityLabels.length).toBeGreaterThan(0);
    expect(result.refused.ok).toBe(false);
    // The export ran in two workers started from out/main/export-worker.js, and wrote the dataset.
    expect(result.exported.ok).toBe(true);
    expect(result.exported.value.error).toBeUndefined();
    expect(result.exported.value).toMatchObject({ state: 'done', report: { workers: 2, problems: [] } });
    expect(result.exported.value.report?.documents).toBeGreaterThan(0);
    const conll = readFileSync(result.exported.value.out, 'utf8');
    expect(conll.split('-DOCSTART- -X- O O').length - 1).toBe(result.exported.value.report?.documents);
  });
});
