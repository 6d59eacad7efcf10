// scripts/ensure-electron.mjs: no download is ever attempted here.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { electronViteArgs, launchEnv, locate, sandboxChoice } from '../../scripts/ensure-electron.mjs';

const repo = resolve(import.meta.dirname, '../..');
const script = join(repo, 'scripts/ensure-electron.mjs');
const electronDir = join(repo, 'node_modules/electron');
const pathTxtFile = join(electronDir, 'path.txt');
const downloaded = existsSync(pathTxtFile) && existsSync(join(electronDir, 'dist', readFileSync(pathTxtFile, 'utf8')));

function run(args: string[], env: Record<string, string | undefined>, cwd = repo) {
  const merged = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete merged[k];
  const r = spawnSync(process.execPath, args, { cwd, env: merged, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** A stand-in Electron: an executable that writes its arguments, one a line, to `record`. */
async function fakeElectron(record: string): Promise<string> {
  const dist = await makeTempDir();
  const exe = existsSync(pathTxtFile) ? readFileSync(pathTxtFile, 'utf8') : 'electron';
  await writeFile(join(dist, exe), `#!/bin/sh\nfor a in "$@"; do echo "$a"; done > '${record}'\n`);
  await chmod(join(dist, exe), 0o755);
  return dist;
}

afterEach(cleanupTempDirs);

describe('ensure-electron', () => {
  it('accepts ELECTRON_OVERRIDE_DIST_PATH holding an electron executable', async () => {
    const dist = await fakeElectron('/dev/null');
    const r = run([script], { ELECTRON_OVERRIDE_DIST_PATH: dist });
    expect(r.status).toBe(0);
    expect(r.out).toContain(dist);
  });

  it('explains an ELECTRON_OVERRIDE_DIST_PATH without Electron in it, and downloads nothing', async () => {
    const dist = await makeTempDir();
    const r = run([script], { ELECTRON_OVERRIDE_DIST_PATH: dist });
    expect(r.status).toBe(1);
    expect(r.out).toContain('ELECTRON_OVERRIDE_DIST_PATH');
    expect(r.out).toContain(dist);
    expect(r.out).not.toContain('downloading');
  });

  it('--check reports whether the downloaded binary is present, without downloading', () => {
    const r = run([script, '--check'], { ELECTRON_OVERRIDE_DIST_PATH: undefined });
    expect(r.status).toBe(downloaded ? 0 : 1);
    if (!downloaded) expect(r.out).toContain('not present');
    expect(r.out).not.toContain('downloading');
  });
});

describe('the override reaches electron-vite', () => {
  it('hands electron-vite the binary as ELECTRON_EXEC_PATH (it reads no ELECTRON_OVERRIDE_DIST_PATH)', async () => {
    const found = locate(electronDir, { ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron-45' });
    expect(found.override).toBe('/opt/electron-45');
    expect(launchEnv(found, { PATH: '/bin' })).toEqual({ PATH: '/bin', ELECTRON_EXEC_PATH: found.binary });
    // An ELECTRON_EXEC_PATH the user set wins.
    expect(launchEnv(found, { ELECTRON_EXEC_PATH: '/mine/electron' }).ELECTRON_EXEC_PATH).toBe('/mine/electron');
  });

  if (process.platform === 'win32') console.warn(`ensure-electron.test.ts: a test is skipped on Windows: the fake Electron it launches is a shell script`);
  it.skipIf(process.platform === 'win32')(
    '`--launch preview` starts the overriding Electron through the real electron-vite, with the app arguments',
    async () => {
      const work = await makeTempDir({ 'entry.js': '' });
      const record = join(work, 'args.txt');
      const dist = await fakeElectron(record);
      // ELECTRON_ENTRY: electron-vite skips its out/main check and passes this as Electron's first argument.
      const env = { ELECTRON_OVERRIDE_DIST_PATH: dist, ELECTRON_EXEC_PATH: undefined, ELECTRON_ENTRY: join(work, 'entry.js') };
      const r = run([script, '--launch', 'preview', '--skipBuild', '--', '/some/corpus'], env);
      expect(r.status, r.out).toBe(0);
      const args = readFileSync(record, 'utf8').trim().split('\n');
      expect(args[0]).toBe(join(work, 'entry.js'));
      expect(args).toContain('/some/corpus');
      // Before: electron-vite itself, with only the override, does not find it (unless the binary was downloaded).
      if (!downloaded) {
        const bare = run([join(repo, 'node_modules/electron-vite/bin/electron-vite.js'), 'preview', '--skipBuild'], env);
        expect(bare.status).not.toBe(0);
        expect(bare.out).toContain('Electron uninstall');
      }
    },
  );

  it('builds once: npm start lets `electron-vite preview` build, with no separate build before it', () => {
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const start = pkg.scripts.start ?? '';
    expect(start).toContain('ensure-electron.mjs --launch preview');
    expect(start).not.toMatch(/electron-vite build/);
    expect(start).not.toContain('--skipBuild');
  });
});

describe('the Chromium sandbox on Linux', () => {
  const helper = (uid: number, mode: number) => ({ path: '/x/node_modules/electron/dist/chrome-sandbox', uid, mode });

  it('keeps the sandbox wherever it can start', () => {
    expect(sandboxChoice({ platform: 'darwin', usernsAvailable: false, helper: null })).toMatchObject({ sandbox: true });
    expect(sandboxChoice({ platform: 'win32', usernsAvailable: false, helper: null })).toMatchObject({ sandbox: true });
    expect(sandboxChoice({ platform: 'linux', usernsAvailable: true, helper: helper(1000, 0o100755) })).toMatchObject({ sandbox: true, how: 'user namespaces' });
    // Ubuntu 24.04 with the helper set up (sudo chown root + chmod 4755): the setuid sandbox.
    expect(sandboxChoice({ platform: 'linux', usernsAvailable: false, helper: helper(0, 0o104755) })).toMatchObject({ sandbox: true });
  });

  it('turns it off only where Electron would abort, and says how to keep it', () => {
    for (const h of [helper(1000, 0o100755), helper(0, 0o100755), helper(1000, 0o104755), null]) {
      const choice = sandboxChoice({ platform: 'linux', usernsAvailable: false, helper: h });
      expect(choice.sandbox).toBe(false);
      if (!choice.sandbox) {
        expect(choice.warning).toContain('sudo chown root:root');
        expect(choice.warning).toContain('chmod 4755');
      }
    }
  });

  it('as root, Chromium will not start sandboxed at all: off, and said', () => {
    const choice = sandboxChoice({ platform: 'linux', isRoot: true, usernsAvailable: true, helper: helper(0, 0o104755) });
    expect(choice.sandbox).toBe(false);
    if (!choice.sandbox) expect(choice.warning).toMatch(/root/);
  });

  it('passes --noSandbox to electron-vite only then, and the app arguments after --', () => {
    expect(electronViteArgs('preview', [], ['/c'], { sandbox: true, how: 'user namespaces' })).toEqual(['preview', '--', '/c']);
    expect(electronViteArgs('preview', ['--skipBuild'], [], { sandbox: false, warning: '' })).toEqual(['preview', '--skipBuild', '--noSandbox']);
  });
});
