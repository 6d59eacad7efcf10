// What an analyst sees when files are broken: a clear message naming the file,
// the article still readable, and nothing on disk overwritten.
import { describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openApp } from '../harness/browser';
import { SHARED_CORPUS } from '../harness/server';
import { appSuite } from '../harness/suite';
import { dragSelect, openDoc } from './helpers';

describe('broken files', () => {
  const BROKEN_SIDECAR = '{ "format": "marginalia-annotations", "version": 1, "annotations": [ oops';
  const suite = appSuite(SHARED_CORPUS, async (root) => {
    await writeFile(join(root, '000_ff47c45c52b6f32f.txt.annotations.json'), BROKEN_SIDECAR);
    await writeFile(join(root, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])); // "café" in Latin-1
    await writeFile(join(root, 'image.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
  });

  it('opens an article whose sidecar is broken read-only, says why, and leaves the file as it was', async () => {
    const { page } = await openApp(suite.browser, suite.harness);
    await expect.poll(() => page.locator('.mg-doc', { hasText: '000_ff47c45c52b6f32f.txt' }).textContent()).toContain('annotations unreadable');
    await openDoc(page, '000_ff47c45c52b6f32f.txt');
    const warning = page.locator('.mg-problem.is-warning');
    await expect.poll(() => warning.textContent()).toMatch(/cannot be read.*not valid JSON/);
    expect(await warning.textContent()).toMatch(/copy kept at .*\.bak/);
    await dragSelect(page, 'Space Force');
    await page.keyboard.press('2');
    expect(await page.getByTestId('save-state').textContent()).toBe('Read-only');
    // Nothing was recorded, so nothing is waiting to be saved: an explicit save (Ctrl+S) writes nothing either.
    await page.keyboard.press('Control+s');
    expect(await page.getByTestId('save-state').textContent()).toBe('Read-only');
    expect(await readFile(join(suite.corpus.root, '000_ff47c45c52b6f32f.txt.annotations.json'), 'utf8')).toBe(BROKEN_SIDECAR);
  });

  it('reports invalid UTF-8 and binary files by name instead of guessing', async () => {
    const { page } = await openApp(suite.browser, suite.harness);
    await page.getByRole('button', { name: /latin1\.txt/ }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/latin1\.txt.*UTF-8/);
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByRole('button', { name: /image\.txt/ }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/image\.txt.*binary/i);
    expect(await page.locator('.mg-article').count()).toBe(0);
  });
});
