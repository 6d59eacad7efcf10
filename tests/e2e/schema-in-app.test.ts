// The label schema editor inside the app: edit, save, and tag with the new label at once.
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openApp } from '../harness/browser';
import { appSuite } from '../harness/suite';
import { SHARED_CORPUS } from '../harness/server';
import { dragSelect, openDoc } from './helpers';

describe('editing the label schema in the app', () => {
  const suite = appSuite(SHARED_CORPUS);

  it('renames MISC to WEAPON, saves .marginalia/schema.json, and key 6 tags WEAPON', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, '003_cf8b7a8682a570d0.txt');
    await page.getByRole('button', { name: 'Labels…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Label schema' });
    await dialog.getByLabel('Entity label 6 name').fill('WEAPON');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    const bar = page.getByRole('toolbar', { name: 'Labels' });
    await expect.poll(() => bar.textContent()).toContain('WEAPON');
    const schema = JSON.parse(await readFile(join(suite.corpus.root, '.marginalia/schema.json'), 'utf8'));
    expect(schema.entityLabels.map((l: { name: string }) => l.name)).toContain('WEAPON');

    await dragSelect(page, 'intercontinental ballistic missiles');
    await page.keyboard.press('6');
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toMatch(/^Saved/);
    const sidecar = JSON.parse(await readFile(join(suite.corpus.root, '003_cf8b7a8682a570d0.txt.annotations.json'), 'utf8'));
    expect(sidecar.annotations).toEqual([expect.objectContaining({ label: 'WEAPON', text: 'intercontinental ballistic missiles' })]);
    expect(errors).toEqual([]);
  });
});
