// The About box (renderer/src/components/AboutDialog.tsx) on a test page of
// its own (the real component and stylesheets, built here with Vite, under the
// app's CSP), with getAbout / getLicenseText answered by the real handlers
// over resources/licenses.json as `npm run build` writes it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestPage, removeTestPage } from '../harness/test-page';
import { launchChromium, openApp } from '../harness/browser';
import { REPO_ROOT, startHarness, type Harness } from '../harness/server';

describe('the About box', () => {
  let browser: Browser;
  let pageDir: string;
  let harness: Harness;

  beforeAll(async () => {
    pageDir = await buildTestPage('about-page');
    harness = await startHarness({ rendererDir: pageDir });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
    await removeTestPage(pageDir);
  });

  it('shows the version, the runtime and the bundled licences, searchable, with each text on demand; Escape closes it', async () => {
    const licenses = JSON.parse(await readFile(join(REPO_ROOT, 'resources/licenses.json'), 'utf8')) as { packages: { name: string }[] };
    const version = (JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const { page, errors } = await openApp(browser, harness);
    await page.getByRole('button', { name: 'About' }).click();
    const dialog = page.getByRole('dialog', { name: /Marginalia/ });
    await dialog.waitFor();
    await expect.poll(() => dialog.getByRole('heading', { level: 2 }).textContent()).toBe(`Marginalia version ${version}`);
    // The harness is Node without Electron: only Node's version is known.
    expect(await dialog.getByText(/^Node\.js \d+\.\d+\.\d+$/).count()).toBe(1);
    expect(await dialog.getByText(/Electron \d/).count()).toBe(0);
    await expect.poll(() => dialog.getByText(/^\d+ packages$/).textContent()).toBe(`${licenses.packages.length} packages`);
    const list = dialog.getByRole('list');
    expect(await list.getByRole('listitem').count()).toBe(licenses.packages.length);

    // The search field has the focus: typing filters by name and licence.
    await page.keyboard.type('react mit');
    await expect.poll(() => list.getByRole('button').count()).toBeLessThan(licenses.packages.length);
    const names = await list.locator('.mg-about-name').allTextContents();
    expect(names).toContain('react');
    expect(names).toContain('react-dom');
    expect(names.every((n) => n.includes('react'))).toBe(true);
    expect(await dialog.getByText(/^\d+ of \d+ packages$/).textContent()).toBe(`${names.length} of ${licenses.packages.length} packages`);

    // Opening a package fetches its licence text.
    const react = list.getByRole('button', { name: /^react\s*19/ });
    await react.click();
    expect(await react.getAttribute('aria-expanded')).toBe('true');
    const text = dialog.getByLabel('Licence of react');
    await expect.poll(() => text.textContent()).toMatch(/Permission is hereby granted/);
    expect(harness.calls.filter((c) => c.channel === 'getLicenseText')).toEqual([{ channel: 'getLicenseText', args: { name: 'react', version: expect.any(String) } }]);

    // Nothing matches: said so.
    await dialog.getByRole('searchbox').fill('no-such-package-xyz');
    expect(await dialog.getByText('No package matches “no-such-package-xyz”.').count()).toBe(1);

    // Keys typed in the dialog never reach the app behind it; Escape closes it.
    await dialog.getByRole('searchbox').focus();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    const log = await page.evaluate(() => window.aboutTest);
    expect(log.closed).toBe(1);
    expect(log.leakedKeys).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('closes with its Close button', async () => {
    const { page } = await openApp(browser, harness);
    await page.getByRole('button', { name: 'About' }).click();
    const dialog = page.getByRole('dialog', { name: /Marginalia/ });
    await dialog.getByRole('button', { name: /Close/ }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => window.aboutTest.closed)).toBe(1);
  });
});
