// Issue 13, item 3: one undo history for the workspace. Tag all (P) over the
// five documents of a copy of the shared corpus is one step: Ctrl+Z puts every
// sidecar back byte for byte (files the step created are removed again), and
// Ctrl+Shift+Z writes the same bytes as the tag-all did.
import { createHash } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAnnotation } from '../../app/annotations';
import { TextIndex } from '../../app/offsets';
import { emptySidecar, serializeSidecar } from '../../app/sidecar/sidecar-io';
import { openApp } from '../harness/browser';
import { cpOffset } from '../harness/corpus';
import { SHARED_CORPUS } from '../harness/server';
import { appSuite } from '../harness/suite';
import { dragSelect, openDoc, paintedTexts } from './helpers';

/** Two of the five documents start with a sidecar of their own (one LOC and a status); the other three have none. */
async function seed(root: string, file: string): Promise<void> {
  const bytes = await readFile(join(root, file));
  const text = bytes.toString('utf8');
  const index = new TextIndex(text);
  const start = cpOffset(text, text.indexOf('Japan'));
  const annotation = createAnnotation(index, { type: 'entity', label: 'LOC', start, end: start + 5, id: 'seeded', now: '2024-05-01T00:00:00.000Z' });
  const sidecar = {
    ...emptySidecar({ name: file, sha256: createHash('sha256').update(bytes).digest('hex'), length: index.length }),
    status: 'in-progress' as const,
    annotations: [annotation],
  };
  await writeFile(join(root, `${file}.annotations.json`), serializeSidecar(sidecar));
}

/** Every document's sidecar bytes, null where there is none. */
async function sidecars(root: string): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  for (const name of (await readdir(root)).filter((n) => n.endsWith('.txt')).sort()) {
    out[name] = await readFile(join(root, `${name}.annotations.json`), 'utf8').catch(() => null);
  }
  return out;
}

describe('one undo history for the workspace', () => {
  const suite = appSuite(SHARED_CORPUS, async (root) => {
    await seed(root, '001_dff90504ed3e313a.txt');
    await seed(root, '003_cf8b7a8682a570d0.txt');
  });

  it('tag all over five documents, undo: every sidecar byte-identical to before; redo: byte-identical to after', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    const root = suite.corpus.root;
    const before = await sidecars(root);
    expect(Object.values(before).filter((s) => s !== null)).toHaveLength(2);

    const open = '000_ff47c45c52b6f32f.txt';
    await openDoc(page, open);
    await dragSelect(page, 'Japan');
    await page.keyboard.press('p');
    const preview = page.getByTestId('tag-all-preview');
    await preview.waitFor({ timeout: 10_000 });
    await page.getByLabel('Tag all as').selectOption('GPE');
    for (const name of Object.keys(before)) await expect.poll(() => preview.textContent(), { timeout: 10_000 }).toContain(name);
    await preview.getByTestId('tag-all-apply').click();
    await expect.poll(() => preview.count()).toBe(0);
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toMatch(/^Saved/);

    const after = await sidecars(root);
    for (const [name, text] of Object.entries(after)) {
      expect(text, name).not.toBeNull();
      const gpe = (JSON.parse(text!) as { annotations: { label: string; text: string }[] }).annotations.filter((a) => a.label === 'GPE');
      expect(gpe.length, name).toBeGreaterThan(0);
      expect(gpe.every((a) => a.text === 'Japan'), name).toBe(true);
    }
    expect(await page.getByRole('button', { name: /^Undo$/ }).getAttribute('title')).toMatch(/^Undo Tag \d+ occurrences as GPE/u);
    // GPE is the third label: its highlights are mg-2.
    const paintedGpe = async () => [...(await paintedTexts(page, 'mg-2')), ...(await paintedTexts(page, 'mg-2-n'))];
    expect(await paintedGpe()).toContain('Japan');

    await page.keyboard.press('Control+z');
    await expect.poll(() => sidecars(root), { timeout: 10_000 }).toEqual(before);
    // The open document shows it too, and the step is ready to redo.
    await expect.poll(paintedGpe).toEqual([]);

    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => sidecars(root), { timeout: 10_000 }).toEqual(after);
    expect(errors).toEqual([]);
  });
});

describe('undo across documents', () => {
  const suite = appSuite(SHARED_CORPUS);

  it('tag in one document, then in another, go back: Ctrl+Z opens each document in turn and undoes its tag there', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    const root = suite.corpus.root;
    const [first, second] = ['002_3d4bb1fe3727f44e.txt', '004_7207ac4d332cde6e.txt'];
    const sidecar = (file: string) => readFile(join(root, `${file}.annotations.json`), 'utf8').catch(() => null);
    const saved = () => expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toMatch(/^Saved/);
    for (const file of [first, second]) {
      await openDoc(page, file);
      await dragSelect(page, 'Japan');
      await page.keyboard.press('3');
      await saved();
      expect(await sidecar(file)).toContain('"label": "GPE"');
    }
    await openDoc(page, first);
    const title = page.locator('.mg-doc-title');

    await page.keyboard.press('Control+z');
    await expect.poll(() => title.textContent()).toContain(second);
    await expect.poll(() => sidecar(second)).toBeNull();
    await page.keyboard.press('Control+z');
    await expect.poll(() => title.textContent()).toContain(first);
    await expect.poll(() => sidecar(first)).toBeNull();

    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => sidecar(first)).toContain('"label": "GPE"');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => title.textContent()).toContain(second);
    await expect.poll(() => sidecar(second)).toContain('"label": "GPE"');
    expect(errors).toEqual([]);
  });

  it('an entity rename is a step of the same history: Ctrl+Z in the article puts the old name back in entities.json, Ctrl+Shift+Z the new one', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    const registry = async () => JSON.parse(await readFile(join(suite.corpus.root, '.marginalia/entities.json'), 'utf8').catch(() => '{"entities":[]}')) as { entities: { name: string }[] };
    const names = async () => (await registry()).entities.map((e) => e.name);
    const file = '001_dff90504ed3e313a.txt';
    await openDoc(page, file);
    await dragSelect(page, 'Japan', 1);
    await page.keyboard.press('3');
    // Link the new mention to a new entity (the picker offers to create it), then rename it in the entity view.
    const combo = page.getByRole('combobox', { name: 'Link to entity' });
    await combo.focus();
    await page.keyboard.press('Enter');
    // Named after the mention (the drag snapped to its whole word).
    await expect.poll(async () => (await names()).length, { timeout: 10_000 }).toBe(1);
    const [created] = await names();
    expect(created).toMatch(/^Japan/);
    await page.getByRole('button', { name: 'All mentions' }).click();
    const name = page.getByRole('textbox', { name: 'Entity name' });
    await name.fill('Nippon');
    await name.press('Enter');
    await expect.poll(names, { timeout: 10_000 }).toEqual(['Nippon']);

    await page.locator('.mg-article').focus();
    await page.keyboard.press('Control+z');
    await expect.poll(names, { timeout: 10_000 }).toEqual([created]);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(names, { timeout: 10_000 }).toEqual(['Nippon']);
    expect(errors).toEqual([]);
  });
});
