// Issue 5 in the main window: a sidecar changed by another program while the
// app had work to save is merged, not overwritten; annotations whose text
// vanished from a changed article are kept as "not placed" and re-attached.
import { describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openApp } from '../harness/browser';
import { SHARED_CORPUS } from '../harness/server';
import { appSuite } from '../harness/suite';
import { dragSelect, openDoc, paintedTexts } from './helpers';

const FILE = '001_dff90504ed3e313a.txt';
type Sidecar = { annotations: { id: string; label: string; text: string; start: number; end: number }[]; orphans?: { id: string; text: string }[]; relations: unknown[] };
const read = async (root: string): Promise<Sidecar> => JSON.parse(await readFile(join(root, `${FILE}.annotations.json`), 'utf8'));

describe('another program edits the sidecar while the app has work to save', () => {
  const suite = appSuite(SHARED_CORPUS);

  it('merges both sides instead of overwriting either', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, FILE);
    await dragSelect(page, 'Chance Saltzman');
    await page.keyboard.press('1');
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toMatch(/^Saved/);

    // A second analyst's tool adds an annotation to the file on disk.
    const disk = await read(suite.corpus.root);
    const source = await readFile(join(suite.corpus.root, FILE), 'utf8');
    const at = source.indexOf('Space Force');
    disk.annotations.push({ id: 'a_fromdisk01', type: 'entity', label: 'ORG', text: 'Space Force', start: at, end: at + 11, prefix: source.slice(Math.max(0, at - 32), at), suffix: source.slice(at + 11, at + 43) } as Sidecar['annotations'][number]);
    await writeFile(join(suite.corpus.root, `${FILE}.annotations.json`), `${JSON.stringify(disk, null, 2)}\n`);

    // The app does not know yet (no watcher in this harness): its next save meets the conflict and merges.
    await dragSelect(page, 'Tokyo');
    await page.keyboard.press('3');
    await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 10_000 }).toMatch(/changed by another program.*merged/);
    await expect.poll(async () => (await read(suite.corpus.root)).annotations.map((a) => a.text).sort(), { timeout: 10_000 }).toEqual(
      ['Chance Saltzman', 'Space Force', 'Tokyo'].sort(),
    );
    await expect.poll(() => paintedTexts(page, 'mg-1')).toContain('Space Force');
    expect(errors).toEqual([]);
  });
});

describe('the article changed under its annotations', () => {
  const suite = appSuite(SHARED_CORPUS, async (root) => {
    const source = await readFile(join(root, FILE), 'utf8');
    const ann = (text: string, label: string, id: string) => {
      const at = source.indexOf(text);
      return { id, type: 'entity', label, start: at, end: at + text.length, text, prefix: source.slice(Math.max(0, at - 32), at), suffix: source.slice(at + text.length, at + text.length + 32) };
    };
    const { createHash } = await import('node:crypto');
    const sidecar = {
      format: 'marginalia-annotations',
      version: 3,
      source: { name: FILE, sha256: createHash('sha256').update(await readFile(join(root, FILE))).digest('hex'), length: Array.from(source).length },
      status: 'in-progress',
      annotations: [ann('Chance Saltzman', 'PERSON', 'a_saltzman01'), ann('Hawaii', 'GPE', 'a_hawaii0001')],
      relations: [],
    };
    await writeFile(join(root, `${FILE}.annotations.json`), `${JSON.stringify(sidecar, null, 2)}\n`);
    // Then the article is edited: a sentence added at the top, and "Hawaii" rewritten.
    await writeFile(join(root, FILE), `Editor's note: updated.\n${source.replaceAll('Hawaii', 'Honolulu')}`);
  });

  it('moves what it can find, keeps the rest as not placed, and re-attaches it to a selection', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, FILE);
    await expect.poll(() => page.getByTestId('reanchor-report').textContent()).toMatch(/1 moved.*1 not found/);
    await expect.poll(() => paintedTexts(page, 'mg-0')).toEqual(['Chance Saltzman']);
    const orphans = page.getByRole('region', { name: 'Orphans' });
    expect(await orphans.textContent()).toContain('Hawaii');
    await dragSelect(page, 'Honolulu');
    await orphans.getByRole('button', { name: 'Attach here' }).click();
    await expect.poll(() => paintedTexts(page, 'mg-2')).toEqual(['Honolulu']);
    await expect.poll(async () => (await read(suite.corpus.root)).annotations.map((a) => [a.id, a.text]), { timeout: 10_000 }).toEqual([
      ['a_saltzman01', 'Chance Saltzman'],
      ['a_hawaii0001', 'Honolulu'],
    ]);
    expect((await read(suite.corpus.root)).orphans ?? []).toEqual([]);
    expect(await orphans.count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
