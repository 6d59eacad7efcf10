import { describe, expect, it } from 'vitest';
import { findBrowser, noBrowserMessage, type BrowserProbe } from './find-browser';

/** A machine whose executables are exactly `files`. */
function machine(files: string[], env: BrowserProbe['env'] = {}, platform: NodeJS.Platform = 'linux', playwright?: string): BrowserProbe {
  const set = new Set(files);
  return { env, platform, isExecutable: (p) => set.has(p), playwrightChromium: () => playwright };
}

const PW = '/home/a/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome';

describe('findBrowser', () => {
  it('takes CHROMIUM_PATH first, even when Chromium is on the PATH', () => {
    const probe = machine(['/opt/cr/chrome', '/usr/bin/chromium'], { CHROMIUM_PATH: '/opt/cr/chrome', PATH: '/usr/bin' });
    expect(findBrowser(probe)).toEqual({ kind: 'found', path: '/opt/cr/chrome', via: 'CHROMIUM_PATH' });
  });

  it('reports a CHROMIUM_PATH that names nothing, rather than quietly using another browser', () => {
    const probe = machine(['/usr/bin/chromium'], { CHROMIUM_PATH: '/nowhere/chrome', PATH: '/usr/bin' });
    expect(findBrowser(probe)).toEqual({ kind: 'bad-override', path: '/nowhere/chrome' });
  });

  it('treats an empty CHROMIUM_PATH as unset', () => {
    expect(findBrowser(machine(['/usr/bin/chromium'], { CHROMIUM_PATH: ' ', PATH: '/usr/bin' }))).toMatchObject({ path: '/usr/bin/chromium' });
  });

  it('prefers chromium to chromium-browser to Chrome on the PATH, searching PATH in order for each name', () => {
    const env = { PATH: '/usr/local/bin:/usr/bin' };
    expect(findBrowser(machine(['/usr/bin/google-chrome', '/usr/bin/chromium-browser'], env))).toEqual({
      kind: 'found',
      path: '/usr/bin/chromium-browser',
      via: 'chromium-browser on the PATH',
    });
    expect(findBrowser(machine(['/usr/bin/chromium', '/usr/local/bin/chromium'], env))).toMatchObject({ path: '/usr/local/bin/chromium' });
    expect(findBrowser(machine(['/usr/bin/google-chrome-stable'], env))).toMatchObject({ path: '/usr/bin/google-chrome-stable' });
  });

  it("finds the snap's chromium when /snap/bin is not on the PATH (non-login shells, CI)", () => {
    expect(findBrowser(machine(['/snap/bin/chromium'], { PATH: '/usr/bin' }))).toMatchObject({ path: '/snap/bin/chromium' });
  });

  it('finds Chrome in its macOS app bundle and under Program Files on Windows, with PATHEXT on the PATH', () => {
    const mac = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(findBrowser(machine([mac], { PATH: '/usr/bin' }, 'darwin'))).toMatchObject({ path: mac });
    const win = 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe';
    expect(findBrowser(machine([win], { PROGRAMFILES: 'C:\\Program Files', PATH: 'C:\\Windows' }, 'win32'))).toMatchObject({ path: win });
    expect(findBrowser(machine(['C:\\tools\\chrome.exe'], { PATH: 'C:\\Windows;C:\\tools', PATHEXT: '.COM;.EXE' }, 'win32'))).toMatchObject({
      path: 'C:\\tools\\chrome.exe',
    });
  });

  it("falls back to Playwright's own Chromium when it is installed, and only then", () => {
    expect(findBrowser(machine([PW], { PATH: '/usr/bin' }, 'linux', PW))).toEqual({ kind: 'found', path: PW, via: "Playwright's browsers" });
    expect(findBrowser(machine(['/usr/bin/chromium', PW], { PATH: '/usr/bin' }, 'linux', PW))).toMatchObject({ path: '/usr/bin/chromium' });
  });

  it('says where it looked when there is nothing', () => {
    const choice = findBrowser(machine([], { PATH: '/usr/bin' }, 'linux', PW));
    expect(choice).toEqual({
      kind: 'none',
      looked: ['CHROMIUM_PATH (not set)', 'chromium, chromium-browser, google-chrome, google-chrome-stable, chrome on the PATH', '/snap/bin/chromium', PW],
    });
  });
});

describe('noBrowserMessage', () => {
  it('names both ways to get a browser, where it looked and why the install failed', () => {
    const message = noBrowserMessage(
      { kind: 'none', looked: ['CHROMIUM_PATH (not set)', PW] },
      { installCommand: 'npx playwright-core install chromium', installProblem: 'Error: getaddrinfo ENOTFOUND cdn.playwright.dev' },
    );
    expect(message).toContain('found none');
    expect(message).toContain(PW);
    expect(message).toContain('ENOTFOUND');
    expect(message).toMatch(/set CHROMIUM_PATH/);
    expect(message).toContain('`npx playwright-core install chromium` once with internet');
  });

  it('names a bad CHROMIUM_PATH', () => {
    const message = noBrowserMessage({ kind: 'bad-override', path: '/nowhere/chrome' }, { installCommand: 'npx playwright install chromium' });
    expect(message).toMatch(/CHROMIUM_PATH is \/nowhere\/chrome, which is not an executable file/);
    expect(message).toContain('npx playwright install chromium');
  });
});
