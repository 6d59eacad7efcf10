// A machine with no browser and no way to download one: the end-to-end run
// stops once, before any suite, with one message naming both ways to get a
// browser (not one launch failure per file). The system browser is hidden
// (an empty PATH, CHROMIUM_PATH unset, Playwright's browsers in an empty
// folder) and Playwright's download points at a closed port on this machine.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../harness/server';

interface Run {
  code: number | null;
  output: string;
}

/** The README's e2e command over one small suite, in `env` (without the outer Vitest's own variables). */
function runE2e(env: Record<string, string>): Promise<Run> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_ENV' && k !== 'TEST'));
  const vitest = join(REPO_ROOT, 'node_modules/vitest/vitest.mjs');
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [vitest, 'run', '--config', 'vitest.e2e.config.ts', 'tests/e2e/about.test.ts'], {
      cwd: REPO_ROOT,
      env: { ...base, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('npm run test:e2e on a machine without a browser', () => {
  let empty: string;
  beforeAll(async () => {
    empty = await mkdtemp(join(tmpdir(), 'marginalia-no-browser-'));
  });
  afterAll(async () => {
    if (empty) await rm(empty, { recursive: true, force: true });
  });

  it('tries to install one, then stops once before the suites with the advice', async () => {
    const run = await runE2e({
      PATH: empty,
      CHROMIUM_PATH: '',
      PLAYWRIGHT_BROWSERS_PATH: empty,
      // Offline on any machine: port 9 (discard) on loopback refuses the connection at once.
      PLAYWRIGHT_DOWNLOAD_HOST: 'http://127.0.0.1:9',
    });
    expect(run.code, run.output).toBe(1);
    expect(count(run.output, 'The end-to-end tests need Chromium and found none on this machine.'), run.output).toBe(1);
    expect(run.output).toContain("downloading Playwright's once");
    expect(run.output).toMatch(/Installing one with Playwright failed: .*127\.0\.0\.1:9/);
    expect(run.output).toMatch(/set CHROMIUM_PATH/);
    expect(run.output).toMatch(/`npx playwright(-core)? install chromium` once with internet/);
    // No suite ran: no file reported as passed or failed, no launch error.
    expect(run.output).not.toMatch(/about\.test\.ts|browserType\.launch|Test Files/);
  }, 120_000);

  it('stops at once on a CHROMIUM_PATH that names nothing, without downloading', async () => {
    const run = await runE2e({ CHROMIUM_PATH: join(empty, 'no-such-chrome'), PLAYWRIGHT_DOWNLOAD_HOST: 'http://127.0.0.1:9' });
    expect(run.code, run.output).toBe(1);
    expect(count(run.output, `CHROMIUM_PATH is ${join(empty, 'no-such-chrome')}, which is not an executable file`), run.output).toBe(1);
    expect(run.output).not.toMatch(/downloading|about\.test\.ts|Test Files/);
  }, 60_000);
});
