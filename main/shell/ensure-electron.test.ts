// scripts/ensure-electron.mjs in --check mode (no download is ever attempted here).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupTempDirs, makeTempDir } from '../test-support';

const repo = resolve(import.meta.dirname, '../..');
const script = join(repo, 'scripts/ensure-electron.mjs');

function run(args: string[], env: Record<string, string | undefined>) {
  const merged = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete merged[k];
  const r = spawnSync(process.execPath, [script, ...args], { cwd: repo, env: merged, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

afterEach(cleanupTempDirs);

describe('ensure-electron', () => {
  it('accepts ELECTRON_OVERRIDE_DIST_PATH holding an electron executable', async () => {
    const dist = await makeTempDir();
    const pathTxt = join(repo, 'node_modules/electron/path.txt');
    const exe = existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8') : 'electron';
    await writeFile(join(dist, exe), '#!/bin/sh\n');
    await chmod(join(dist, exe), 0o755);
    const r = run([], { ELECTRON_OVERRIDE_DIST_PATH: dist });
    expect(r.status).toBe(0);
    expect(r.out).toContain(dist);
  });

  it('explains an ELECTRON_OVERRIDE_DIST_PATH without Electron in it, and downloads nothing', async () => {
    const dist = await makeTempDir();
    const r = run([], { ELECTRON_OVERRIDE_DIST_PATH: dist });
    expect(r.status).toBe(1);
    expect(r.out).toContain('ELECTRON_OVERRIDE_DIST_PATH');
    expect(r.out).toContain(dist);
    expect(r.out).not.toContain('downloading');
  });

  it('--check reports whether the downloaded binary is present, without downloading', () => {
    const dir = join(repo, 'node_modules/electron');
    const pathTxt = join(dir, 'path.txt');
    const present = existsSync(pathTxt) && existsSync(join(dir, 'dist', readFileSync(pathTxt, 'utf8')));
    const r = run(['--check'], { ELECTRON_OVERRIDE_DIST_PATH: undefined });
    expect(r.status).toBe(present ? 0 : 1);
    if (!present) expect(r.out).toContain('not present');
    expect(r.out).not.toContain('downloading');
  });
});
