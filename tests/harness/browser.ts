// The machine's Chromium (or Playwright's) driven by playwright-core. The
// e2e global setup finds it once and sets CHROMIUM_PATH; scripts that launch
// it outside Vitest (bench, screenshots) find or install it here.
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureBrowser } from './ensure-browser';
import { BRIDGE_SHIM, type Harness } from './server';

export async function launchChromium(): Promise<Browser> {
  const { path } = await ensureBrowser();
  return chromium.launch({
    executablePath: path,
    headless: true,
    // Without these, Chromium keeps trying to reach Google's services on a closed network.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface OpenedPage {
  page: Page;
  /** Console errors and CSP violations seen by the page. */
  errors: string[];
}

/**
 * Preferences of an app started before (renderer/src/state/preferences.ts):
 * the first-start question for the analyst's name is already answered, so it
 * does not cover what a test does. Set only when the page has none, so a
 * reload keeps what the test changed.
 */
const STARTED_BEFORE = `
  if (!localStorage.getItem('marginalia.preferences.v1')) localStorage.setItem('marginalia.preferences.v1', JSON.stringify({ askedName: true }));
`;

export async function openApp(
  browser: Browser,
  harness: Pick<Harness, 'url'>,
  viewport = { width: 1400, height: 900 },
  options: { /** As on the very first start: empty preferences, so the app asks the analyst's name. */ firstStart?: boolean } = {},
): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.addInitScript(BRIDGE_SHIM);
  if (!options.firstStart) await page.addInitScript(STARTED_BEFORE);
  await page.goto(harness.url);
  return { page, errors };
}
