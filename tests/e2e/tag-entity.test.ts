// The working app end to end: the built renderer in Debian's Chromium, the
// real main-process handlers over a temporary copy of a corpus.
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dragSelect, openDoc, paintedTexts } from './helpers';
import { openApp } from '../harness/browser';
import { appSuite } from '../harness/suite';
import { SAMPLE_CORPUS, SHARED_CORPUS } from '../harness/server';
import { cpOffset } from '../harness/corpus';

describe('tag an entity and find it again after reload', () => {
  const suite = appSuite(SHARED_CORPUS);

  it('selects "Chance Saltzman" with the mouse, tags PERSON with key 1, saves code-point offsets, shows it after reload', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    const file = '001_dff90504ed3e313a.txt';
    await openDoc(page, file);
    await dragSelect(page, 'Chance Saltzman');
    await page.keyboard.press('1');
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toMatch(/^Saved/);

    const source = (await readFile(join(suite.corpus.root, file), 'utf8')).replace(/^\uFEFF/, '');
    const sidecar = JSON.parse(await readFile(join(suite.corpus.root, `${file}.annotations.json`), 'utf8'));
    expect(sidecar.format).toBe('marginalia-annotations');
    expect(sidecar.annotations).toHaveLength(1);
    const [a] = sidecar.annotations;
    const at = source.indexOf('Chance Saltzman');
    expect(a).toMatchObject({ type: 'entity', label: 'PERSON', text: 'Chance Saltzman', start: cpOffset(source, at), end: cpOffset(source, at + 15) });
    expect(Array.from(source).slice(a.start, a.end).join('')).toBe('Chance Saltzman');
    expect(a.prefix.endsWith('according to Gen. ')).toBe(true);

    await page.reload();
    await openDoc(page, file);
    await expect.poll(() => paintedTexts(page, 'mg-0')).toEqual(['Chance Saltzman']);
    const listed = page.getByRole('region', { name: 'Annotations' }).locator('.mg-ann');
    expect(await listed.count()).toBe(1);
    expect(await listed.first().textContent()).toContain('Chance Saltzman');

    // Tag a second span, then pick the first from the list and press E at once: the details come from a
    // deferred render, and E must open the entity box of the one just picked, not of the one shown before.
    await dragSelect(page, 'Tokyo');
    await page.keyboard.press('3');
    await expect.poll(() => listed.count()).toBe(2);
    await listed.filter({ hasText: 'Chance Saltzman' }).click();
    await page.keyboard.press('e');
    await expect
      .poll(() => page.evaluate(() => `${document.activeElement?.getAttribute('role')} in ${document.activeElement?.closest<HTMLElement>('[data-annotation-id]')?.dataset.annotationId}`))
      .toBe(`combobox in ${a.id}`);
    expect(errors).toEqual([]);
  });
});

describe("a label key's own frame (issue 15: highlight painted within one frame)", () => {
  const suite = appSuite(SHARED_CORPUS);

  it('shows the highlight, its label name and "Unsaved changes" at the first animation frame after the key; the counts and the save follow after that frame', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, '002_3d4bb1fe3727f44e.txt');
    await dragSelect(page, 'Space Command');
    const stats = () => page.locator('.mg-statusbar .mg-stat').first().textContent();
    expect(await stats()).toBe('0 annotations');
    // Read in the first animation frame after the key: what that frame renders (it runs before the frame's style, layout and paint).
    await page.evaluate(() => {
      const w = window as unknown as { firstFrame?: Promise<{ ranges: number; names: string[]; save: string; stats: string }> };
      w.firstFrame = new Promise((resolve) =>
        window.addEventListener(
          'keydown',
          () =>
            requestAnimationFrame(() => {
              let ranges = 0;
              for (const [name, h] of CSS.highlights) if (name !== 'mg-selected') ranges += h.size;
              resolve({
                ranges,
                names: [...document.querySelectorAll('.mg-label-names .mg-label-name')].map((el) => el.textContent ?? ''),
                save: document.querySelector('[data-testid="save-state"]')?.textContent ?? '',
                stats: document.querySelector('.mg-statusbar .mg-stat')?.textContent ?? '',
              });
            }),
          { capture: true, once: true },
        ),
      );
    });
    await page.keyboard.press('2');
    const frame = await page.evaluate('window.firstFrame');
    // The tag's frame: its highlight and name, and never "Saved" of a change not saved; React's views have not rendered yet.
    expect(frame).toEqual({ ranges: 1, names: ['ORG'], save: 'Unsaved changes', stats: '0 annotations' });
    await expect.poll(stats).toBe('1 annotation');
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toMatch(/^Saved/);
    const sidecar = JSON.parse(await readFile(join(suite.corpus.root, '002_3d4bb1fe3727f44e.txt.annotations.json'), 'utf8'));
    expect(sidecar.annotations.map((a: { label: string; text: string }) => `${a.label} ${a.text}`)).toEqual(['ORG Space Command']);
    expect(await paintedTexts(page, 'mg-selected')).toEqual(['Space Command']);
    expect(errors).toEqual([]);
  });
});

describe('offsets in code points on the bundled sample corpus (astral characters, CRLF, BOM)', () => {
  const suite = appSuite(SAMPLE_CORPUS);

  for (const [file, needle, label, key] of [
    ['01-flood-warning-satellite-launch.txt', '𠮷田遥', 'PERSON', '1'],
    ['04-upstream-dam-data-dispute.txt', 'Lower Basin Water Monitor', 'ORG', '2'],
    // Written with a combining acute (U+0301): the selection must keep the mark with its letter.
    ['02-da-nang-flood-data-pact.txt', 'Võ Thanh Tu\u0301', 'PERSON', '1'],
  ] as const) {
    it(`tags "${needle}" in ${file} at the offsets Python would count`, async () => {
      const { page, errors } = await openApp(suite.browser, suite.harness);
      await openDoc(page, file);
      const bytes = await readFile(join(suite.corpus.root, file));
      const source = bytes.toString('utf8').replace(/^\uFEFF/, '');
      await dragSelect(page, needle);
      await page.keyboard.press(key);
      await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toMatch(/^Saved/);
      const sidecar = JSON.parse(await readFile(join(suite.corpus.root, `${file}.annotations.json`), 'utf8'));
      const at = source.indexOf(needle);
      expect(at).toBeGreaterThanOrEqual(0);
      const a = sidecar.annotations.find((x: { text: string }) => x.text === needle);
      expect(a, JSON.stringify(sidecar.annotations)).toBeDefined();
      expect(a.label).toBe(label);
      expect(a.start).toBe(cpOffset(source, at));
      expect(a.end).toBe(cpOffset(source, at + needle.length));
      expect(errors).toEqual([]);
    });
  }
});

describe('a tag’s frame', () => {
  const suite = appSuite(SAMPLE_CORPUS);

  it('paints the new highlight in the first frame after the key; the side panel’s list follows after that paint', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, '01-flood-warning-satellite-launch.txt');
    await dragSelect(page, '𠮷田遥');
    // In the first animation frame after the key (before it paints): what the highlights and the side panel's list show.
    await page.evaluate(() => {
      const w = window as unknown as { firstFrame?: Promise<{ painted: string[]; list: string }> };
      w.firstFrame = new Promise((resolve) => {
        window.addEventListener(
          'keydown',
          () =>
            requestAnimationFrame(() => {
              const painted = [...(CSS.highlights.get('mg-0') ?? [])].map((r) => {
                const range = document.createRange();
                range.setStart(r.startContainer, r.startOffset);
                range.setEnd(r.endContainer, r.endOffset);
                return range.toString();
              });
              resolve({ painted, list: String(document.querySelectorAll('.mg-side .mg-ann').length) });
            }),
          { capture: true, once: true },
        );
      });
    });
    const before = String(await page.locator('.mg-side .mg-ann').count());
    await page.keyboard.press('1');
    const first = await page.evaluate(() => (window as unknown as { firstFrame: Promise<{ painted: string[]; list: string }> }).firstFrame);
    expect(first.painted).toContain('𠮷田遥');
    expect(first.list).toBe(before);
    await expect.poll(async () => String(await page.locator('.mg-side .mg-ann').count())).not.toBe(before);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
