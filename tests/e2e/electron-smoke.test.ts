// The real Electron app, launched with Playwright's _electron where Electron's
// binary exists. Electron 45 downloads its binary on first use, which cannot
// happen offline: there this test is skipped and says why. Whether the binary
// is there is decided by `scripts/ensure-electron.mjs --check`, not by
// require('electron') (which would try to download it).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');
const SHARED_CORPUS = resolve(REPO, '../shared/corpus/space-force-japan');
const SAMPLE_CORPUS = join(REPO, 'resources/sample-corpus');
const SKIP_REASON =
  'Electron binary not present on this machine (offline); run `node scripts/ensure-electron.mjs` where there is internet';

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
    `launches on a corpus folder, lists its documents and keeps the page sandboxed${hasElectron ? '' : ` — skipped: ${SKIP_REASON}`}`,
    async () => {
      const main = join(REPO, 'out/main/index.js');
      expect(existsSync(main), 'out/main/index.js is missing: run `npm run build` first').toBe(true);
      const source = existsSync(SHARED_CORPUS) ? SHARED_CORPUS : SAMPLE_CORPUS;
      const corpus = await mkdtemp(join(tmpdir(), 'marginalia-smoke-corpus-'));
      const userData = await mkdtemp(join(tmpdir(), 'marginalia-smoke-userdata-'));
      temps.push(corpus, userData);
      await cp(source, corpus, { recursive: true });
      const first = (await readdir(corpus)).filter((n) => /\.(txt|md)$/.test(n)).sort()[0];
      expect(first, `no .txt or .md document in ${source}`).toBeDefined();

      const env: Record<string, string> = { ...(process.env as Record<string, string>), MARGINALIA_USER_DATA: userData, ELECTRON_RENDERER_URL: '' };
      if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
        const started = await startXvfb();
        xvfb = started.server;
        env.DISPLAY = started.display;
      }

      // Playwright finds the binary through electron/index.js, which downloads nothing once
      // the check above found it. (On Linux it adds --no-sandbox, Chromium's OS sandbox; the
      // renderer's own sandbox, no Node in the page, is what is checked below.)
      app = await _electron.launch({
        args: [main, corpus],
        cwd: REPO,
        env,
      });
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');

      const documents = page.getByRole('list', { name: 'Documents' });
      await expect.poll(() => documents.getByText(first as string).count(), { timeout: 20_000 }).toBeGreaterThan(0);

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

      const listed = await page.evaluate(async () => {
        const bridge = (window as unknown as { marginalia: { invoke(c: string, a: unknown): Promise<{ ok: boolean; value?: { path: string }[] }> } }).marginalia;
        const result = await bridge.invoke('listDocuments', {});
        return result.ok ? (result.value ?? []).map((d) => d.path) : [];
      });
      expect(listed).toContain(first);
      // The renderer cannot reach outside the corpus through the bridge.
      const escape = await page.evaluate(async () => {
        const bridge = (window as unknown as { marginalia: { invoke(c: string, a: unknown): Promise<{ ok: boolean; error?: { code: string } }> } }).marginalia;
        return bridge.invoke('openDocument', { path: '../../../etc/passwd' });
      });
      expect(escape).toMatchObject({ ok: false, error: { code: 'outside-corpus' } });

      await app.close();
      app = undefined;
    },
  );
});
