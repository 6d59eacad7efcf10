// The document list: titles above file names (the shared corpus's names are
// hashes), a status filter and three orders.
import { describe, expect, it } from 'vitest';
import { openApp } from '../harness/browser';
import { appSuite } from '../harness/suite';
import { SHARED_CORPUS } from '../harness/server';
import { dragSelect, openDoc } from './helpers';

describe('the document list', () => {
  const suite = appSuite(SHARED_CORPUS);

  it('shows titles, filters by status and sorts by name, status or annotation count', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    const list = page.getByRole('list', { name: 'Documents' });
    const names = () => list.locator('.mg-doc-name').allTextContents();
    await list.waitFor();
    const first = list.locator('.mg-doc', { hasText: '001_dff90504ed3e313a.txt' });
    expect(await first.locator('.mg-doc-heading').textContent()).toMatch(/^The U\.S\. Space Force is exploring/);
    expect(await list.locator('.mg-doc', { hasText: '002_3d4bb1fe3727f44e.txt' }).locator('.mg-doc-heading').textContent()).toBe(
      'U.S. Space Command strengthens ties with Japan', // its first line, the web page's "Go to contents" skip link, passed over
    );

    // Two annotations in 003, one in 004; 003 marked done.
    await openDoc(page, '003_cf8b7a8682a570d0.txt');
    await dragSelect(page, 'Sheila Smith');
    await page.keyboard.press('1');
    await dragSelect(page, 'Japan');
    await page.keyboard.press('3');
    await page.getByLabel('Status').selectOption('done');
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toMatch(/^Saved/);
    await openDoc(page, '004_7207ac4d332cde6e.txt');
    await dragSelect(page, 'Japan');
    await page.keyboard.press('3');
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toMatch(/^Saved/);

    expect(await names()).toEqual(['000_ff47c45c52b6f32f.txt', '001_dff90504ed3e313a.txt', '002_3d4bb1fe3727f44e.txt', '003_cf8b7a8682a570d0.txt', '004_7207ac4d332cde6e.txt']);
    await page.getByLabel('Sort documents').selectOption('annotations');
    await expect.poll(names).toEqual(['003_cf8b7a8682a570d0.txt', '004_7207ac4d332cde6e.txt', '000_ff47c45c52b6f32f.txt', '001_dff90504ed3e313a.txt', '002_3d4bb1fe3727f44e.txt']);
    await page.getByLabel('Sort documents').selectOption('status');
    await expect.poll(names).toEqual(['000_ff47c45c52b6f32f.txt', '001_dff90504ed3e313a.txt', '002_3d4bb1fe3727f44e.txt', '004_7207ac4d332cde6e.txt', '003_cf8b7a8682a570d0.txt']);

    await page.getByLabel('Show documents').selectOption('done');
    await expect.poll(names).toEqual(['003_cf8b7a8682a570d0.txt']);
    await page.getByLabel('Show documents').selectOption('in-progress');
    await expect.poll(() => page.locator('.mg-sidebar').getByRole('status').textContent()).toBe('No documents in progress.');
    await page.getByLabel('Show documents').selectOption('all');
    await expect.poll(async () => (await names()).length).toBe(5);
    expect(errors).toEqual([]);
  });

  it('moves between documents with the arrow keys, Home and End, as in a file list, and opens one with Enter', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    const list = page.getByRole('list', { name: 'Documents' });
    const focused = () => page.evaluate(() => document.activeElement?.querySelector('.mg-doc-name')?.textContent ?? document.activeElement?.className);
    await list.locator('.mg-doc').first().focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(focused).toBe('001_dff90504ed3e313a.txt');
    await page.keyboard.press('End');
    await expect.poll(focused).toBe('004_7207ac4d332cde6e.txt');
    // At the end it stays; ArrowUp goes back; Home to the first.
    await page.keyboard.press('ArrowDown');
    await expect.poll(focused).toBe('004_7207ac4d332cde6e.txt');
    await page.keyboard.press('ArrowUp');
    await expect.poll(focused).toBe('003_cf8b7a8682a570d0.txt');
    await page.keyboard.press('Home');
    await expect.poll(focused).toBe('000_ff47c45c52b6f32f.txt');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('.mg-doc-title', { hasText: '001_dff90504ed3e313a.txt' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('shows counts per label and per annotator across the corpus in the progress view', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    // The first test left 003 (done: PERSON, GPE, by nobody) and 004 (GPE); erin tags one more.
    await page.getByTestId('annotator').click();
    await page.getByLabel('Your name').fill('erin');
    await page.getByRole('button', { name: 'Save' }).click();
    await openDoc(page, '001_dff90504ed3e313a.txt');
    await dragSelect(page, 'Chance Saltzman');
    await page.keyboard.press('1');
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toMatch(/^Saved/);

    await page.getByRole('button', { name: 'Progress…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Progress' });
    const rows = (table: string) => dialog.getByRole('table', { name: table }).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim()).filter(Boolean).join(' ')));
    await expect.poll(() => rows('Annotations per label')).toEqual(['GPE 2', 'PERSON 2']);
    expect(await rows('Annotations per annotator')).toEqual(['no name recorded 3 2', 'erin 1 1']);
    expect(await dialog.getByTestId('progress-summary').textContent()).toBe('1 of 5 documents done, 0 in progress, 4 to do; 4 annotations in 3 documents.');
    // Both tables fit the dialog side by side: no bar cut at its edge.
    const overflowing = await dialog.locator('.mg-progress-tables').evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflowing, 'the tables run past the dialog by this many px').toBeLessThanOrEqual(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
