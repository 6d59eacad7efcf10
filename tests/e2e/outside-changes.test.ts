// Issue 17, items 5 and 7 in the main window: a sidecar deleted by another
// program while its document is open does not make the next save delete the
// app's annotations; an article deleted while open can still be saved (the
// app says where) and the app can switch to another document.
import { describe, expect, it } from 'vitest';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { openApp } from '../harness/browser';
import { SHARED_CORPUS } from '../harness/server';
import { appSuite } from '../harness/suite';
import { dragSelect, openDoc } from './helpers';

const FILE = '001_dff90504ed3e313a.txt';
const OTHER = '002_3d4bb1fe3727f44e.txt';
type Sidecar = { annotations: { text: string }[] };
const read = async (root: string, file = FILE): Promise<Sidecar> => JSON.parse(await readFile(join(root, `${file}.annotations.json`), 'utf8'));

describe('changes from outside while a document is open', () => {
  const suite = appSuite(SHARED_CORPUS);

  it('a deleted sidecar: the next tag saves every annotation the app had, and says the file was deleted', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, FILE);
    await dragSelect(page, 'Chance Saltzman');
    await page.keyboard.press('1');
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toMatch(/^Saved/);
    await rm(join(suite.corpus.root, `${FILE}.annotations.json`));

    await dragSelect(page, 'Tokyo');
    await page.keyboard.press('3');
    await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 10_000 }).toMatch(/deleted by another program/);
    await expect.poll(async () => (await read(suite.corpus.root).catch(() => ({ annotations: [] }))).annotations.map((a) => a.text).sort(), { timeout: 10_000 }).toEqual(
      ['Chance Saltzman', 'Tokyo'].sort(),
    );
    expect(errors).toEqual([]);
  });

  it('an article deleted while open: the next tag is saved beside where it was, the app says so, and switching documents works', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, OTHER);
    const before = (await read(suite.corpus.root, OTHER).catch(() => ({ annotations: [] }))).annotations.length;
    await rm(join(suite.corpus.root, OTHER));
    await dragSelect(page, 'Japan');
    await page.keyboard.press('3');
    await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 10_000 }).toMatch(/was deleted or renamed by another program\. Its annotations were saved to/);
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toMatch(/^Saved/);
    expect((await read(suite.corpus.root, OTHER)).annotations.length).toBe(before + 1);
    await openDoc(page, FILE);
    expect(errors).toEqual([]);
  });
});
