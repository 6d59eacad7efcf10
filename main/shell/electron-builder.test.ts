// The packaged app's Electron fuses (electron-builder.yml) must stay set: no
// ELECTRON_RUN_AS_NODE, no NODE_OPTIONS or --inspect, asar integrity checked,
// app code only from the asar. A tiny reader of the `electronFuses:` block,
// no YAML dependency.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupTempDirs, makeTempDir } from '../test-support';

const YML = readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8');
const readJson = (rel: string) => JSON.parse(readFileSync(new URL(`../../${rel}`, import.meta.url), 'utf8')) as Record<string, unknown>;

/** The lowest version a `>=x.y[.z]` range admits (the only form these packages use), as [major, minor, patch]. */
export function minimumNode(range: string): number[] {
  const m = /^\s*>=\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(range);
  if (!m) throw new Error(`unexpected engines.node range ${JSON.stringify(range)}`);
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}
const atLeast = (a: number[], b: number[]) => a[0]! !== b[0]! ? a[0]! > b[0]! : a[1]! !== b[1]! ? a[1]! > b[1]! : a[2]! >= b[2]!;

/** The `key: value` lines indented under a top-level `name:` key (values as written). */
export function topLevelBlock(yaml: string, name: string): Record<string, string> {
  const lines = yaml.split(/\r?\n/);
  const start = lines.findIndex((l) => l === `${name}:` || l.startsWith(`${name}: `) || l.startsWith(`${name}:#`));
  if (start === -1) return {};
  const out: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break; // the next top-level key
    const m = /^\s+([A-Za-z][\w]*)\s*:\s*([^#]*?)\s*(?:#.*)?$/.exec(line);
    if (m) out[m[1] as string] = m[2] as string;
  }
  return out;
}

afterEach(cleanupTempDirs);

describe('electron-builder.yml', () => {
  const fuses = topLevelBlock(YML, 'electronFuses');

  it('sets the security fuses', () => {
    expect(fuses).toMatchObject({
      runAsNode: 'false',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      enableCookieEncryption: 'true',
      // file:// pages get no extra privileges: the renderer is served from marginalia://app/.
      grantFileProtocolExtraPrivileges: 'false',
    });
  });

  it('packs the app in an asar (which the integrity fuse checks)', () => {
    expect(YML).toMatch(/^asar:\s*true\s*$/m);
  });

  it('reads the block it is meant to read, and nothing after it', () => {
    const sample = ['a: 1', 'electronFuses:', '  runAsNode: false # no', '  onlyLoadAppFromAsar: true', 'linux:', '  target: x'].join('\n');
    expect(topLevelBlock(sample, 'electronFuses')).toEqual({ runAsNode: 'false', onlyLoadAppFromAsar: 'true' });
    expect(topLevelBlock(sample, 'missing')).toEqual({});
  });
});

describe('package.json', () => {
  const pkg = readJson('package.json') as { engines: { node: string }; productName?: string; desktopName?: string };

  it('asks for at least the Node that electron and @electron/get require (npm start runs both)', () => {
    const ours = minimumNode(pkg.engines.node);
    for (const dep of ['node_modules/electron/package.json', 'node_modules/@electron/get/package.json']) {
      const theirs = minimumNode((readJson(dep) as { engines: { node: string } }).engines.node);
      expect(atLeast(ours, theirs), `${pkg.engines.node} admits a Node older than ${dep} needs`).toBe(true);
    }
    expect(minimumNode('>= 22.12.0')).toEqual([22, 12, 0]);
    expect(atLeast([20, 19, 0], [22, 12, 0])).toBe(false);
  });

  it('names the product as the installers do, and the desktop entry Linux matches windows with', () => {
    expect(pkg.productName).toBe(/^productName:\s*(.+)$/m.exec(YML)?.[1]);
    // Electron on Linux reads desktopName (app.getDesktopName) for the taskbar; electron-builder names the entry after the executable.
    expect(pkg.desktopName).toBe(`${topLevelBlock(YML, 'linux').executableName}.desktop`);
    // Windows: the shell's AppUserModelID is the installer's appId.
    const appId = /^appId:\s*(\S+)\s*$/m.exec(YML)?.[1];
    expect(readFileSync(new URL('./index.ts', import.meta.url), 'utf8')).toContain(`app.setAppUserModelId('${appId}')`);
  });
});

describe('the deb', () => {
  it('recommends a CJK font (and keeps electron-builder’s default recommendation)', () => {
    expect(topLevelBlock(YML, 'deb').recommends).toBe('[libappindicator3-1, fonts-noto-cjk]');
  });
});

describe('the AppImage and Chromium’s sandbox (Ubuntu 24.04+)', () => {
  it('does not put --no-sandbox in the desktop entry: electron-builder’s default for the legacy toolset does', () => {
    expect(topLevelBlock(YML, 'appImage').executableArgs).toBe('[]');
    expect(YML).not.toMatch(/^\s*executableArgs:.*no-sandbox/m);
  });

  /** Runs the AppRun electron-builder writes into the AppImage, with a stand-in app and `unshare`; returns the app's arguments. */
  async function runAppRun(usernsWorks: boolean, args: string[]): Promise<string[]> {
    const require = createRequire(import.meta.url);
    const { generateAppRunScript } = require('app-builder-lib/out/targets/appimage/appImageUtil.js') as {
      generateAppRunScript(config: Record<string, string>): string;
    };
    const dir = await makeTempDir();
    const appDir = join(dir, 'AppDir');
    const bin = join(dir, 'bin');
    await mkdir(appDir);
    await mkdir(bin);
    const script = generateAppRunScript({
      DesktopFileName: 'marginalia.desktop',
      ExecutableName: 'marginalia',
      ProductName: 'Marginalia',
      ProductFilename: 'Marginalia',
      ResourceName: 'appimagekit-marginalia',
    });
    await writeFile(join(appDir, 'AppRun'), script, { mode: 0o755 });
    await writeFile(join(appDir, 'marginalia'), `#!/bin/sh\nfor a in "$@"; do echo "$a"; done > '${dir}/args.txt'\n`, { mode: 0o755 });
    await writeFile(join(bin, 'unshare'), `#!/bin/sh\nexit ${usernsWorks ? 0 : 1}\n`, { mode: 0o755 });
    const r = spawnSync(join(appDir, 'AppRun'), args, {
      env: { PATH: `${bin}:/usr/bin:/bin`, HOME: dir, APPDIR: appDir, APPIMAGE: join(dir, 'Marginalia.AppImage') },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    return (await readFile(join(dir, 'args.txt'), 'utf8')).split('\n').filter((a) => a !== '');
  }

  if (process.platform === 'win32') console.warn(`electron-builder.test.ts: a test is skipped on Windows: AppRun is a Linux shell script, run with sh`);
  it.skipIf(process.platform === 'win32')('AppRun adds --no-sandbox only where user namespaces are refused', async () => {
    expect(await runAppRun(true, ['/corpus'])).toEqual(['/corpus']);
    expect(await runAppRun(false, ['/corpus'])).toEqual(['--no-sandbox', '/corpus']);
  });
});
