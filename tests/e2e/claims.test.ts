// Issue 3 end to end: a claim in 003 with its claimant, a relation, a note;
// nested spans; and a keyboard-only pass. All checked on disk and after reload.
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openApp } from '../harness/browser';
import { appSuite } from '../harness/suite';
import { SHARED_CORPUS } from '../harness/server';
import { cpOffset } from '../harness/corpus';
import { dragSelect, openDoc, paintedTexts } from './helpers';

const FILE = '003_cf8b7a8682a570d0.txt';
const CLAIM = 'Japan is especially concerned about Russia’s security agreement with North Korea';

async function waitSaved(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toMatch(/^Saved/);
}

async function clickText(page: Page, needle: string, occurrence = 0): Promise<void> {
  const box = await page.evaluate(
    ({ needle, occurrence }) => {
      const root = document.querySelector('.mg-article')!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      let seen = 0;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        let at = (n.textContent ?? '').indexOf(needle);
        while (at >= 0) {
          if (seen++ === occurrence) {
            const r = document.createRange();
            r.setStart(n, at + 1);
            r.setEnd(n, at + 2);
            const rect = r.getBoundingClientRect();
            return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
          }
          at = (n.textContent ?? '').indexOf(needle, at + 1);
        }
      }
      throw new Error(`${needle} not found`);
    },
    { needle, occurrence },
  );
  await page.mouse.click(box.x, box.y);
}

async function sidecarOf(root: string, file: string) {
  return JSON.parse(await readFile(join(root, `${file}.annotations.json`), 'utf8'));
}

describe('claims, claimants, relations and notes', () => {
  const suite = appSuite(SHARED_CORPUS);

  it('tags a claim in 003 with its claimant, a relation, a note and an entity link, and finds them all after reload', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, FILE);

    await dragSelect(page, 'Sheila Smith');
    await page.keyboard.press('1');
    // Link the mention to a new entity in the corpus registry: E focuses the entity box, Enter creates it.
    await page.keyboard.press('e');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('combobox');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.mg-side').getByTestId('entity-name').textContent()).toBe('Sheila Smith');
    await dragSelect(page, 'Council on Foreign Relations');
    await page.keyboard.press('2');

    // Relation by keyboard: select Sheila Smith, R, Tab to the ORG (nearest first), Enter, 1 = member-of.
    await page.getByRole('region', { name: 'Annotations' }).locator('.mg-ann', { hasText: 'Sheila Smith' }).click();
    await page.keyboard.press('r');
    await expect.poll(() => page.getByTestId('pick-bar').textContent()).toContain('Council on Foreign Relations');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Relation type' }).waitFor();
    await page.keyboard.press('1');

    // The claim, and its claimant picked by clicking the highlighted mention.
    await dragSelect(page, CLAIM);
    await page.keyboard.press('7');
    await page.keyboard.press('c');
    await page.getByTestId('pick-bar').waitFor();
    await clickText(page, 'Sheila Smith');
    const details = page.locator('.mg-side [data-testid="annotation-details"]');
    await expect.poll(() => details.getByTestId('claimant').textContent()).toBe('Sheila Smith');
    await details.getByLabel('Stance').selectOption('reported');
    await details.getByLabel('Status').selectOption('disputed');
    await details.getByLabel('Note').fill('Attributed to a CFR article; check the original.');
    await page.keyboard.press('Escape');
    await waitSaved(page);

    const source = await readFile(join(suite.corpus.root, FILE), 'utf8');
    const sidecar = await sidecarOf(suite.corpus.root, FILE);
    const smith = sidecar.annotations.find((a: { text: string }) => a.text === 'Sheila Smith');
    const cfr = sidecar.annotations.find((a: { text: string }) => a.text === 'Council on Foreign Relations');
    const claim = sidecar.annotations.find((a: { type: string }) => a.type === 'claim');
    expect(claim).toMatchObject({
      label: 'CLAIM',
      text: CLAIM,
      start: cpOffset(source, source.indexOf(CLAIM)),
      claimant: smith.id,
      stance: 'reported',
      status: 'disputed',
      note: 'Attributed to a CFR article; check the original.',
    });
    expect(sidecar.relations).toEqual([expect.objectContaining({ type: 'member-of', from: smith.id, to: cfr.id })]);
    const registry = JSON.parse(await readFile(join(suite.corpus.root, '.marginalia/entities.json'), 'utf8'));
    expect(registry.entities).toEqual([expect.objectContaining({ id: smith.entity, name: 'Sheila Smith', label: 'PERSON' })]);

    // Undo the note edit as one step, redo it.
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await sidecarOf(suite.corpus.root, FILE)).annotations.find((a: { type: string }) => a.type === 'claim').note).toBeUndefined();
    await page.keyboard.press('Control+Shift+z');
    // Polled on the file, as the undo above: "Saved" may still be the undo's status when the redo's save has not landed.
    await expect
      .poll(async () => (await sidecarOf(suite.corpus.root, FILE)).annotations.find((a: { type: string }) => a.type === 'claim').note)
      .toBe('Attributed to a CFR article; check the original.');
    await waitSaved(page);

    await page.reload();
    await openDoc(page, FILE);
    await page.getByRole('tab', { name: 'Claims' }).click();
    const claims = page.getByRole('region', { name: 'Claims' });
    await expect.poll(() => claims.locator('.mg-claim').first().textContent()).toContain('Sheila Smith');
    expect(await claims.locator('.mg-claim').first().textContent()).toContain(CLAIM);
    await claims.getByLabel('Filter claims by status').selectOption('supported');
    expect(await claims.locator('.mg-claim').count()).toBe(0);
    await claims.getByLabel('Filter claims by status').selectOption('disputed');
    expect(await claims.locator('.mg-claim').count()).toBe(1);
    await page.getByRole('tab', { name: 'Relations' }).click();
    expect(await page.getByRole('region', { name: 'Relations' }).textContent()).toMatch(/Sheila Smith.*member-of.*Council on Foreign Relations/);
    expect(await paintedTexts(page, 'mg-c6')).toEqual([CLAIM]);
    // The entity link is there too, with its mention listed across the corpus.
    await page.getByRole('tab', { name: 'Annotations' }).click();
    await page.getByRole('region', { name: 'Annotations' }).locator('.mg-ann', { hasText: 'Sheila Smith' }).click();
    await expect.poll(() => page.locator('.mg-side').getByTestId('entity-name').textContent()).toBe('Sheila Smith');
    await page.getByRole('button', { name: 'All mentions' }).click();
    await expect.poll(() => page.getByTestId('entity-view').getByTestId('mention-count').textContent(), { timeout: 10_000 }).toBe('1');
    expect(errors).toEqual([]);
  });

  it('keeps nested spans apart: "US Forces Japan" ORG around "Japan" GPE, each selectable', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, FILE);
    await dragSelect(page, 'US Forces Japan');
    await page.keyboard.press('2');
    await dragSelect(page, 'Japan', 1); // the "Japan" inside "US Forces Japan" on line 2 (first is in line 1's "US-Japan")
    await page.keyboard.press('3');
    await waitSaved(page);
    expect(await paintedTexts(page, 'mg-1')).toContain('US Forces Japan');
    expect(await paintedTexts(page, 'mg-2-n')).toContain('Japan');
    // Click inside "Japan": innermost first, then the organisation around it.
    await page.keyboard.press('Escape');
    await clickText(page, 'Japan (', 0);
    await expect.poll(() => page.getByRole('dialog', { name: 'Annotation' }).locator('.mg-details-text').textContent()).toBe('Japan');
    const popover = page.getByRole('dialog', { name: 'Annotation' });
    await popover.getByLabel('Also here').getByRole('button', { name: /US Forces Japan/ }).click();
    await expect.poll(() => popover.locator('.mg-details-text').textContent()).toBe('US Forces Japan');
    // A second, separate click on the same spot while it is open cycles to the next span outwards.
    await popover.getByLabel('Also here').getByRole('button', { name: /GPE/ }).click();
    await page.waitForTimeout(600); // past the double-click interval, which would select the word instead
    await clickText(page, 'Japan (', 0);
    await expect.poll(() => popover.locator('.mg-details-text').textContent()).toBe('US Forces Japan');
    expect(errors).toEqual([]);
  });
});

describe('keyboard only', () => {
  const suite = appSuite(SHARED_CORPUS);

  it('selects by word and sentence, tags, jumps, deletes, undoes, without the mouse', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, FILE);
    // First word, then extend by two words: "A significant bilateral".
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('6');
    // Next sentence (line 2), tagged as a claim.
    await page.keyboard.press('j');
    await page.keyboard.press('7');
    await waitSaved(page);
    let sidecar = await sidecarOf(suite.corpus.root, FILE);
    expect(sidecar.annotations.map((a: { text: string; label: string }) => [a.label, a.text])).toEqual([
      ['MISC', 'A significant bilateral'],
      ['CLAIM', 'This month, US Forces Japan ( USFJ) announced that the USSF activated its sixth service component, known as the United States Space Forces-Japan ( USSPACEFOR-JPN), at Yokota Air Base.'],
    ]);
    // Escape, . to the first annotation (the article has focus), delete it, undo.
    await page.keyboard.press('Escape');
    await page.keyboard.press('.');
    await expect.poll(() => page.locator('.mg-side .mg-details-text').textContent()).toBe('A significant bilateral');
    await page.keyboard.press('Delete');
    await waitSaved(page);
    expect((await sidecarOf(suite.corpus.root, FILE)).annotations).toHaveLength(1);
    await page.keyboard.press('Control+z');
    await waitSaved(page);
    sidecar = await sidecarOf(suite.corpus.root, FILE);
    expect(sidecar.annotations).toHaveLength(2);
    // The shortcuts sheet opens with ? and closes with Esc.
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    expect(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
