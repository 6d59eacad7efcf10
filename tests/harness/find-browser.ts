// Which Chromium the end-to-end tests drive: a pure function of the
// environment and a file probe, so every branch is tested without touching
// the machine (find-browser.test.ts). The side effects (probing the disk,
// installing with Playwright) live in ensure-browser.ts.
import { posix, win32 } from 'node:path';

export interface BrowserProbe {
  env: { CHROMIUM_PATH?: string; PATH?: string; PATHEXT?: string; PROGRAMFILES?: string; 'PROGRAMFILES(X86)'?: string; LOCALAPPDATA?: string };
  platform: NodeJS.Platform;
  /** True for an existing file that can be run. */
  isExecutable(path: string): boolean;
  /** Where Playwright keeps (or would install) its own Chromium, if it supports this platform. */
  playwrightChromium(): string | undefined;
}

export type BrowserChoice =
  | { kind: 'found'; path: string; via: string }
  /** CHROMIUM_PATH was set but names nothing runnable: a typo must not silently pick another browser. */
  | { kind: 'bad-override'; path: string }
  | { kind: 'none'; looked: string[] };

/** Names of Chromium and Chrome on the PATH, in order of preference (chromium-browser: Ubuntu before the snap). */
export const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'] as const;

/** Where browsers are installed outside the PATH: the snap bin folder (missing from non-login shells), app bundles, Program Files. */
export function wellKnownPaths(probe: Pick<BrowserProbe, 'env' | 'platform'>): string[] {
  if (probe.platform === 'darwin') {
    return ['/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];
  }
  if (probe.platform === 'win32') {
    const roots = [probe.env.PROGRAMFILES, probe.env['PROGRAMFILES(X86)'], probe.env.LOCALAPPDATA].filter((r): r is string => !!r);
    return roots.map((r) => win32.join(r, 'Google', 'Chrome', 'Application', 'chrome.exe'));
  }
  return ['/snap/bin/chromium'];
}

function onPath(probe: BrowserProbe, name: string): string | undefined {
  const path = probe.platform === 'win32' ? win32 : posix;
  const dirs = (probe.env.PATH ?? '').split(probe.platform === 'win32' ? ';' : ':').filter(Boolean);
  const exts = probe.platform === 'win32' ? (probe.env.PATHEXT ?? '.EXE').split(';').filter(Boolean) : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext.toLowerCase());
      if (probe.isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/** CHROMIUM_PATH, then Chromium or Chrome on the PATH, then well-known install folders, then Playwright's own browser. */
export function findBrowser(probe: BrowserProbe): BrowserChoice {
  const override = probe.env.CHROMIUM_PATH?.trim();
  if (override) {
    return probe.isExecutable(override) ? { kind: 'found', path: override, via: 'CHROMIUM_PATH' } : { kind: 'bad-override', path: override };
  }
  for (const name of PATH_NAMES) {
    const found = onPath(probe, name);
    if (found) return { kind: 'found', path: found, via: `${name} on the PATH` };
  }
  for (const known of wellKnownPaths(probe)) {
    if (probe.isExecutable(known)) return { kind: 'found', path: known, via: known };
  }
  const playwright = probe.playwrightChromium();
  if (playwright && probe.isExecutable(playwright)) return { kind: 'found', path: playwright, via: "Playwright's browsers" };
  const looked = ['CHROMIUM_PATH (not set)', `${PATH_NAMES.join(', ')} on the PATH`, ...wellKnownPaths(probe)];
  if (playwright) looked.push(playwright);
  return { kind: 'none', looked };
}

/** The one message for a machine without a browser: what was looked for, and both ways to get one. */
export function noBrowserMessage(
  choice: Exclude<BrowserChoice, { kind: 'found' }>,
  how: { installCommand: string; installProblem?: string },
): string {
  const ways = [
    '  1. install Chromium or Google Chrome (Debian/Ubuntu: `sudo apt install chromium`; Fedora: `sudo dnf install chromium`;',
    '     macOS: `brew install --cask chromium`) or set CHROMIUM_PATH to a Chromium or Chrome executable, or',
    `  2. run \`${how.installCommand}\` once with internet (it downloads Playwright's own Chromium).`,
  ];
  if (choice.kind === 'bad-override') {
    return [`The end-to-end tests cannot start: CHROMIUM_PATH is ${choice.path}, which is not an executable file.`, 'Fix or unset it; to get a browser:', ...ways].join('\n');
  }
  return [
    'The end-to-end tests need Chromium and found none on this machine.',
    `Looked for: ${choice.looked.join('; ')}.`,
    `Installing one with Playwright failed: ${how.installProblem ?? 'no reason given'}`,
    'To get one, either:',
    ...ways,
  ].join('\n');
}
