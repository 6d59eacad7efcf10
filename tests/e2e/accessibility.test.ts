// Issue 13 item 6: axe-core on the main window with a document open, on every
// dialog, on the shortcuts sheet and on the reading view in each theme: no
// serious or critical violation. axe-core is a devDependency; without it the
// suite says so and is skipped.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp } from '../harness/browser';
import { SHARED_CORPUS } from '../harness/server';
import { appSuite } from '../harness/suite';
import { dragSelect, openDoc } from './helpers';

function axeSource(): string | null {
  try {
    return (createRequire(import.meta.url)('axe-core') as { source: string }).source;
  } catch {
    return null;
  }
}
const AXE = axeSource();
if (!AXE) console.warn('tests/e2e/accessibility.test.ts is skipped: axe-core is not installed (add it as a devDependency: npm install -D axe-core).');

const FILE = '003_cf8b7a8682a570d0.txt';

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** The serious and critical violations axe finds in the page (or in the open dialog only). */
async function violations(page: Page, scope?: string): Promise<string[]> {
  // page.evaluate runs through the debugging protocol, which the app's CSP does not block.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE as string);
  const found = await page.evaluate(async (selector) => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: Violation[] }> } }).axe;
    const context = selector ? { include: [[selector]] } : document;
    const result = await axe.run(context, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations;
  }, scope ?? null);
  return found
    .filter((v: Violation) => v.impact === 'serious' || v.impact === 'critical')
    .map((v: Violation) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')} (${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 160)})`).slice(0, 5).join(', ')}`);
}

describe.skipIf(!AXE)(`accessibility (axe-core)${AXE ? '' : ' (skipped: axe-core is not installed)'}`, () => {
  const suite = appSuite(SHARED_CORPUS);

  it('the main window with a document open and an annotation selected', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, FILE);
    await dragSelect(page, 'Space Force');
    await page.keyboard.press('2');
    await page.locator('.mg-side .mg-details').waitFor();
    expect(await violations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('every dialog and the shortcuts sheet', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, FILE);
    const dialogs: [string, () => Promise<void>][] = [
      ['Keyboard shortcuts', () => page.keyboard.press('?')],
      ['Command palette', () => page.keyboard.press('Control+Shift+P')],
      ['Preferences', () => page.keyboard.press('Control+,')],
      ['Export', () => page.keyboard.press('Control+e')],
      ['Label schema', () => page.getByRole('button', { name: 'Labels…' }).press('Enter')],
      ['Agreement', () => page.getByRole('button', { name: 'Compare…' }).press('Enter')],
      [
        'Tag all occurrences',
        async () => {
          await dragSelect(page, 'Japan');
          await page.keyboard.press('p');
          await page.getByTestId('tag-all-preview').waitFor({ timeout: 10_000 });
        },
      ],
      ['Marginalia', () => page.getByRole('dialog', { name: 'Preferences' }).getByRole('button', { name: 'About Marginalia…' }).press('Enter')],
    ];
    for (const [name, open] of dialogs) {
      if (name === 'Marginalia') await page.keyboard.press('Control+,');
      else await page.locator('.mg-article').focus();
      await open();
      const dialog = page.getByRole('dialog', { name, exact: name !== 'Marginalia' });
      await dialog.waitFor();
      expect(await violations(page, 'dialog[open]'), name).toEqual([]);
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.count()).toBe(0);
    }
    expect(errors).toEqual([]);
  });

  it.each(['light', 'sepia', 'dark'] as const)('the reading view in the %s theme', async (theme) => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, FILE);
    await page.keyboard.press('Control+Shift+L');
    await page.getByRole('toolbar', { name: 'Reading' }).getByLabel('Theme').selectOption(theme);
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
    expect(await violations(page), theme).toEqual([]);
    // And the annotating view in the same theme (statuses, muted text, the side panel).
    await page.keyboard.press('Control+Shift+L');
    expect(await violations(page), `${theme}, annotating`).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('the main window with a relation drawn as an arc and selected (the SVG is hidden; the Relations list is its accessible form)', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, FILE);
    await dragSelect(page, 'Sheila Smith');
    await page.keyboard.press('1');
    await dragSelect(page, 'Council on Foreign Relations');
    await page.keyboard.press('2');
    await page.getByRole('region', { name: 'Annotations' }).locator('.mg-ann', { hasText: 'Sheila Smith' }).click();
    await page.keyboard.press('r');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Relation type' }).waitFor();
    await page.keyboard.press('1');
    await page.locator('.mg-arcs path[data-relation-id]').waitFor();
    await page.getByRole('tab', { name: 'Relations' }).click();
    await page.getByRole('region', { name: 'Relations' }).locator('.mg-rel-type').click();
    await page.locator('.mg-arc.is-selected').waitFor();
    expect(await violations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
