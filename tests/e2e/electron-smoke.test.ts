// The real Electron app, launched with Playwright's _electron where Electron's
// binary exists: it starts with Chromium's OS sandbox where the machine
// allows it, opens the sample corpus, tags one span and finds it in the
// sidecar, opens a dialog from the real menu, and quits cleanly. Electron 45
// downloads its binary on first use, which cannot happen offline: there this
// test is skipped and says why. Whether the binary is there is decided by
// `scripts/ensure-electron.mjs --check`, not by require('electron') (which
// would try to download it). Run it: `npm run build`, then
// `npx vitest run --config vitest.e2e.config.ts tests/e2e/electron-smoke.test.ts`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { probeSandbox, sandboxChoice } from '../../scripts/ensure-electron.mjs';
import { dragSelect, openDoc } from './helpers';

const REPO = resolve(import.meta.dirname, '../..');
/** A document of resources/sample-corpus (the corpus `npm start` opens) and a name in it. */
const FILE = '04-upstream-dam-data-dispute.txt';
const NAME = 'Pim Srisuk';
const SKIP_REASON =
  'Electron binary not present on this machine (offline); run `node scripts/ensure-electron.mjs` where there is internet, or set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron';

const check = spawnSync(process.execPath, [join(REPO, 'scripts/ensure-electron.mjs'), '--check'], { cwd: REPO, encoding: 'utf8' });
/** The check prints the Electron executable's path when it is present. */
const hasElectron = check.status === 0 && existsSync(check.stdout.trim());
if (!hasElectron) console.log(`electron-smoke: skipped: ${SKIP_REASON}`);

/**
 * Electron needs a display on Linux: when there is none (CI), start Xvfb on a
 * free display number (Xvfb -displayfd picks it) and return that DISPLAY.
 */
async function startXvfb(): Promise<{ display: string; server: ChildProcess }> {
  const server = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  const display = await new Promise<string>((resolveDisplay, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('Xvfb did not start within 10 s')), 10_000);
    server.once('error', (e) => reject(new Error(`no display and Xvfb cannot start (${e.message}): install xvfb or set DISPLAY`)));
    (server.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolveDisplay(`:${out.trim()}`);
      }
    });
  });
  return { display, server };
}

describe(hasElectron ? 'the real Electron app' : `the real Electron app (skipped: ${SKIP_REASON})`, () => {
  let app: ElectronApplication | undefined;
  let xvfb: ChildProcess | undefined;
  const temps: string[] = [];

  afterAll(async () => {
    await app?.close().catch(() => {});
    xvfb?.kill();
    await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
  });

  it.skipIf(!hasElectron)(
    `starts sandboxed where it can, tags a span of the sample corpus into its sidecar, opens a dialog, quits cleanly${hasElectron ? '' : ` — skipped: ${SKIP_REASON}`}`,
    async () => {
      const main = join(REPO, 'out/main/index.js');
      expect(existsSync(main), 'out/main/index.js is missing: run `npm run build` first').toBe(true);
      const userData = await mkdtemp(join(tmpdir(), 'marginalia-smoke-userdata-'));
      temps.push(userData);

      const env: Record<string, string> = { ...(process.env as Record<string, string>), MARGINALIA_USER_DATA: userData, ELECTRON_RENDERER_URL: '' };
      if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
        const started = await startXvfb();
        xvfb = started.server;
        env.DISPLAY = started.display;
      }

      // Playwright adds --no-sandbox on Linux unless chromiumSandbox is set: keep Chromium's OS sandbox
      // wherever `npm start` would (user namespaces, or a root-owned setuid helper), and say when it cannot.
      const sandbox = sandboxChoice(probeSandbox(dirname(check.stdout.trim())));
      if (!sandbox.sandbox) console.log(`electron-smoke: running without the OS sandbox on this machine:\n${sandbox.warning}`);
      // No folder argument: the app opens its sample corpus, copied into the user-data folder.
      app = await _electron.launch({ args: [main], cwd: REPO, env, chromiumSandbox: sandbox.sandbox });
      const page = await app.firstWindow();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.waitForLoadState('domcontentloaded');
      // Served from the app's own scheme, not file:// (main/shell/app-protocol.ts).
      expect(page.url()).toBe('marginalia://app/index.html');

      // The page has the bridge and nothing of Node.
      const globals = await page.evaluate(() => {
        const w = window as unknown as Record<string, unknown>;
        return {
          bridge: typeof w.marginalia,
          bridgeKeys: Object.keys((w.marginalia ?? {}) as object).sort(),
          require: typeof w.require,
          process: typeof w.process,
          module: typeof w.module,
        };
      });
      expect(globals).toEqual({ bridge: 'object', bridgeKeys: ['invoke', 'on'], require: 'undefined', process: 'undefined', module: 'undefined' });
      // The renderer cannot reach outside the corpus through the bridge.
      const escape = await page.evaluate(async () => {
        const bridge = (window as unknown as { marginalia: { invoke(c: string, a: unknown): Promise<{ ok: boolean; error?: { code: string } }> } }).marginalia;
        return bridge.invoke('openDocument', { path: '../../../etc/passwd' });
      });
      expect(escape).toMatchObject({ ok: false, error: { code: 'outside-corpus' } });

      // A fresh user-data folder is a first start: the app asks the analyst's name once.
      await page.getByRole('dialog', { name: 'Who is annotating?' }).getByRole('button', { name: 'Skip' }).click();
      // Tag one span; the sidecar in the user-data copy of the sample corpus holds it.
      await openDoc(page, FILE);
      await dragSelect(page, NAME);
      await page.keyboard.press('1');
      await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 20_000 }).toMatch(/^Saved/);
      const sidecar = JSON.parse(await readFile(join(userData, 'sample-corpus', `${FILE}.annotations.json`), 'utf8')) as { annotations: { text: string }[] };
      expect(sidecar.annotations.map((a) => a.text)).toContain(NAME);

      // A dialog, opened from the real application menu (Help › About Marginalia), closed with Escape.
      const clicked = await app.evaluate(({ Menu }) => {
        const find = (items: Electron.MenuItem[]): Electron.MenuItem | undefined => {
          for (const item of items) {
            if (/About Marginalia/.test(item.label)) return item;
            const inner = item.submenu ? find(item.submenu.items) : undefined;
            if (inner) return inner;
          }
          return undefined;
        };
        const item = find(Menu.getApplicationMenu()?.items ?? []);
        item?.click();
        return item !== undefined;
      });
      expect(clicked, 'no "About Marginalia" item in the application menu').toBe(true);
      const dialog = page.getByRole('dialog');
      await dialog.first().waitFor();
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.count()).toBe(0);

      // Quits cleanly: everything is saved, so no unload dialog, and the process exits with 0.
      const exited = new Promise<number | null>((resolveExit) => app?.process().once('exit', (code) => resolveExit(code)));
      await app.close();
      app = undefined;
      expect(await exited).toBe(0);
      expect(errors).toEqual([]);
    },
  );
});
