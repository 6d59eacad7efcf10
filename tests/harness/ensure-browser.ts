// Finds the Chromium for the end-to-end tests on this machine, or installs
// Playwright's; where neither works it throws one NoBrowserError whose
// message says both ways to get a browser (see find-browser.ts).
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { findBrowser, noBrowserMessage, type BrowserProbe } from './find-browser';

/** Thrown once, before any suite runs; its stack is its message, so the runner prints the advice and nothing else. */
export class NoBrowserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoBrowserError';
    this.stack = message;
  }
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function machineProbe(env: NodeJS.ProcessEnv = process.env): BrowserProbe {
  return {
    env,
    platform: process.platform,
    isExecutable,
    playwrightChromium: () => {
      try {
        // Honours PLAYWRIGHT_BROWSERS_PATH, like the installer.
        return chromium.executablePath();
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * The Playwright CLI that installs browsers: `playwright`'s when the project has
 * it, else the one playwright-core ships (same installer, same browser builds).
 */
export function playwrightCli(): { cli: string; command: string } {
  const require = createRequire(import.meta.url);
  for (const pkg of ['playwright', 'playwright-core']) {
    try {
      return { cli: join(dirname(require.resolve(`${pkg}/package.json`)), 'cli.js'), command: `npx ${pkg} install chromium` };
    } catch {
      // not installed: try the next
    }
  }
  throw new Error('neither playwright nor playwright-core is installed (run `npm install`)');
}

/**
 * Runs `playwright install chromium`; resolves to undefined on success, else to
 * why it failed. Its output is kept, not shown: offline it is five retries and
 * a stack trace, and the one message after it says what matters.
 */
function installChromium(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  let cli: string;
  try {
    cli = playwrightCli().cli;
  } catch (e) {
    return Promise.resolve((e as Error).message);
  }
  process.stderr.write(`No Chromium on this machine: downloading Playwright's once (${cli} install chromium)…\n`);
  return new Promise((done) => {
    const child = spawn(process.execPath, [cli, 'install', 'chromium'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const keep = (chunk: Buffer) => {
      out += chunk.toString();
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (e) => done(e.message));
    child.on('close', (code) => {
      if (code === 0) return done(undefined);
      // The root cause (a DNS or connection error) is the first "Error:" line among the retries.
      const cause = out.split('\n').find((l) => /^Error:/.test(l.trim())) ?? `exit code ${code}`;
      done(cause.trim());
    });
  });
}

function installAdvice(): string {
  try {
    return playwrightCli().command;
  } catch {
    return 'npx playwright install chromium';
  }
}

/** The executable to launch; installs Playwright's Chromium when the machine has none. */
export async function ensureBrowser(env: NodeJS.ProcessEnv = process.env): Promise<{ path: string; via: string }> {
  const first = findBrowser(machineProbe(env));
  if (first.kind === 'found') return first;
  const installCommand = installAdvice();
  if (first.kind === 'bad-override') throw new NoBrowserError(noBrowserMessage(first, { installCommand }));
  const problem = await installChromium(env);
  const second = findBrowser(machineProbe(env));
  if (second.kind === 'found') return { path: second.path, via: 'installed by Playwright' };
  const installProblem = problem ?? 'it reported success, but its Chromium is not where Playwright looks';
  throw new NoBrowserError(noBrowserMessage(first, { installCommand, installProblem }));
}
