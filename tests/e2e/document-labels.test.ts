// Issue 14, item 6: document labels defined in the schema, set by their key
// and from the side panel, saved in the sidecar, undone as one step.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApp } from '../harness/browser';
import { SHARED_CORPUS } from '../harness/server';
import { appSuite } from '../harness/suite';
import { openDoc } from './helpers';

const DOC = '003_cf8b7a8682a570d0.txt';

describe('document labels in the app', () => {
  const suite = appSuite(SHARED_CORPUS);

  it('a key cycles a label, the panel sets another, both are saved, and Ctrl+Z undoes the last', async () => {
    const defaults = JSON.parse(await readFile(join(import.meta.dirname, '../../resources/default-schema.json'), 'utf8'));
    const schema = { ...defaults, documentLabels: [{ name: 'reliability', values: ['high', 'low'], hotkey: 'q' }, { name: 'topic', values: ['space', 'defence'], multiple: true }] };
    await mkdir(join(suite.corpus.root, '.marginalia'), { recursive: true });
    await writeFile(join(suite.corpus.root, '.marginalia/schema.json'), `${JSON.stringify(schema, null, 2)}\n`);
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, DOC);
    // The section shows once the schema with document labels is loaded and the document open: then the key is bound.
    const panel = page.getByRole('region', { name: 'Document labels' });
    await panel.waitFor();
    // Set like the side panel's other sections: its heading as theirs (small capitals), not a page heading.
    const headingSize = (selector: string) => page.locator(selector).first().evaluate((el) => getComputedStyle(el).fontSize);
    expect(await headingSize('.mg-doclabels h3')).toBe(await headingSize('.mg-side .mg-panel h2'));
    await page.locator('.mg-article .mg-line').first().click();
    const sidecar = async () => JSON.parse(await readFile(join(suite.corpus.root, `${DOC}.annotations.json`), 'utf8').catch(() => '{}')) as { categories?: unknown };
    const saved = () => expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toMatch(/^Saved/);

    await page.keyboard.press('q');
    await expect.poll(async () => (await sidecar()).categories, { timeout: 10_000 }).toEqual([{ name: 'reliability', value: 'high' }]);
    await expect.poll(() => panel.getByLabel('reliability (Q)').inputValue()).toBe('high');

    // The side panel renders deferred (a moment after the article): click, then wait for the box to show it.
    const defence = panel.getByRole('checkbox', { name: 'defence' });
    await defence.click();
    await expect.poll(() => defence.isChecked()).toBe(true);
    await expect.poll(async () => (await sidecar()).categories, { timeout: 10_000 }).toEqual([{ name: 'reliability', value: 'high' }, { name: 'topic', value: 'defence' }]);
    await saved();

    await page.locator('.mg-article .mg-line').first().click();
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await sidecar()).categories, { timeout: 10_000 }).toEqual([{ name: 'reliability', value: 'high' }]);
    // The side panel follows the article a frame later (it renders after the paint): wait for it.
    await expect.poll(() => panel.getByRole('checkbox', { name: 'defence' }).isChecked()).toBe(false);
    expect(errors).toEqual([]);
  });
});
