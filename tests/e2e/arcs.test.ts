// Issue 14 item 3: relations and claimant links drawn as arcs over the text.
// A relation added by keyboard gets its arc; clicking the arc selects the
// relation in the side panel, selecting it there highlights the arc; the
// toolbar hides them; and in a long article only the arcs around the view are
// in the DOM.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { TextIndex } from '../../app/offsets';
import { createAnnotation } from '../../app/annotations';
import { serializeSidecar, sidecarNameFor } from '../../app/sidecar/sidecar-io';
import { SIDECAR_FORMAT, SIDECAR_VERSION, type Sidecar } from '../../app/sidecar/sidecar-schema';
import { sha256Hex } from '../../main/corpus/file-ledger';
import { openApp } from '../harness/browser';
import { SHARED_CORPUS } from '../harness/server';
import { appSuite } from '../harness/suite';
import { dragSelect, openDoc } from './helpers';

const FILE = '003_cf8b7a8682a570d0.txt';
const LONG = 'long-arcs.txt';
const LINES = 600;
const lineText = (n: number) => `Entry ${n}: Officer ${n} of Unit ${n} filed the report, and Unit ${n} said it was late. Nothing else happened.`;

/** A long article: on each of lines 0, 1 and 598 a person, an organisation and a claim; relations within and between lines. */
async function writeLongArticle(root: string): Promise<void> {
  const text = Array.from({ length: LINES }, (_, n) => lineText(n)).join('\n');
  const index = new TextIndex(text);
  const annotations: ReturnType<typeof createAnnotation>[] = [];
  const tag = (id: string, line: number, needle: string, label: string, type: 'entity' | 'claim' = 'entity', extra: { claimant?: string } = {}) => {
    const at = text.indexOf(needle, index.lines[line]?.start ?? 0);
    const start = index.toCodePoint(at);
    const a = createAnnotation(index, { type, label, start, end: start + needle.length, id, now: '2026-01-01T00:00:00.000Z' });
    annotations.push(Object.assign(a, extra));
  };
  for (const n of [0, 1, LINES - 2]) {
    tag(`p${n}`, n, `Officer ${n}`, 'PERSON');
    tag(`o${n}`, n, `Unit ${n}`, 'ORG');
  }
  tag(`c${LINES - 2}`, LINES - 2, 'it was late', 'CLAIM', 'claim', { claimant: `o${LINES - 2}` });
  const sidecar: Sidecar = {
    format: SIDECAR_FORMAT,
    version: SIDECAR_VERSION,
    source: { name: LONG, sha256: sha256Hex(new TextEncoder().encode(text)), length: index.length },
    status: 'todo',
    annotations: annotations.sort((a, b) => a.start - b.start),
    relations: [
      { id: 'r-top', type: 'member-of', from: 'p0', to: 'o0' },
      { id: 'r-rows', type: 'member-of', from: 'p1', to: 'o0' },
      { id: 'r-bottom', type: 'member-of', from: `p${LINES - 2}`, to: `o${LINES - 2}` },
    ],
  };
  await writeFile(join(root, LONG), text);
  await writeFile(join(root, sidecarNameFor(LONG)), serializeSidecar(sidecar));
}

/** Clicks the middle of an arc's stroke (its box's centre is the empty space under it). */
async function clickArc(page: Page, selector: string): Promise<void> {
  const at = await page.locator(selector).evaluate((el) => {
    const path = el as SVGPathElement;
    const p = path.getPointAtLength(path.getTotalLength() / 2);
    const m = path.getScreenCTM();
    if (!m) throw new Error('the arc is not rendered');
    return { x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f };
  });
  await page.mouse.click(at.x, at.y);
}

const arcIds = (page: Page) => page.locator('.mg-arcs path[data-relation-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-relation-id')));

describe('relation arcs', () => {
  const suite = appSuite(SHARED_CORPUS, writeLongArticle);

  it('draws a new relation as an arc; clicking it selects the relation, the list selects its arc, the toolbar hides them', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, FILE);
    await expect.poll(() => page.locator('.mg-arcs').count()).toBe(0);

    await dragSelect(page, 'Sheila Smith');
    await page.keyboard.press('1');
    await dragSelect(page, 'Council on Foreign Relations');
    await page.keyboard.press('2');
    await page.getByRole('region', { name: 'Annotations' }).locator('.mg-ann', { hasText: 'Sheila Smith' }).click();
    await page.keyboard.press('r');
    await expect.poll(() => page.getByTestId('pick-bar').textContent()).toContain('Council on Foreign Relations');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Relation type' }).waitFor();
    await page.keyboard.press('1');

    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toMatch(/^Saved/);
    const sidecar = JSON.parse(await readFile(join(suite.corpus.root, sidecarNameFor(FILE)), 'utf8'));
    const id = sidecar.relations[0].id as string;
    const arc = `.mg-arcs path[data-relation-id="${id}"]`;
    await expect.poll(() => page.locator(arc).count()).toBe(1);
    // The type is written on the arc, and the layer is hidden from assistive technology.
    expect(await page.locator('.mg-arc', { has: page.locator(`path[data-relation-id="${id}"]`) }).locator('text').textContent()).toBe('member-of');
    expect(await page.locator('.mg-arcs').getAttribute('aria-hidden')).toBe('true');

    // Click the arc: the relation is selected, its row shown and marked in the Relations tab.
    await page.keyboard.press('Escape');
    await clickArc(page, arc);
    await expect.poll(() => page.locator('.mg-arc.is-selected path[data-relation-id]').getAttribute('data-relation-id')).toBe(id);
    const row = page.getByRole('region', { name: 'Relations' }).locator(`.mg-relrow[data-relation-id="${id}"]`);
    await expect.poll(() => row.getAttribute('class')).toContain('is-selected');
    expect(await row.getByRole('button', { name: '—member-of→' }).getAttribute('aria-pressed')).toBe('true');
    // The click went to the arc, not the text under it: no annotation popover opened.
    expect(await page.locator('.mg-popover').count()).toBe(0);

    // Escape clears it; choosing the relation in the list (keyboard) highlights its arc again.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.mg-arc.is-selected').count()).toBe(0);
    await row.getByRole('button', { name: '—member-of→' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.mg-arc.is-selected path[data-relation-id]').getAttribute('data-relation-id')).toBe(id);

    // The toolbar hides the arcs (and the extra room between rows), and shows them again.
    const lineHeight = () => page.locator('.mg-article').evaluate((el) => getComputedStyle(el).lineHeight);
    const withArcs = await lineHeight();
    await page.getByRole('button', { name: 'Arcs', exact: true }).click();
    await expect.poll(() => page.locator('.mg-arcs').count()).toBe(0);
    expect(await lineHeight()).not.toBe(withArcs);
    await page.getByRole('button', { name: 'Arcs', exact: true }).click();
    await expect.poll(() => page.locator(arc).count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('keeps only the arcs around the view in the DOM: scrolling far away removes them, scrolling back draws them again', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, LONG);
    await expect.poll(() => arcIds(page)).toEqual(expect.arrayContaining(['r-top', 'r-rows']));
    expect(await arcIds(page)).not.toContain('r-bottom');
    // Between two lines the arc runs right of the text (in the gutter), not across it.
    const crossing = await page.evaluate(() => {
      const path = document.querySelector('.mg-arcs path[data-relation-id="r-rows"]') as SVGPathElement;
      const article = document.querySelector('.mg-article .mg-line') as HTMLElement;
      return { arcRight: path.getBoundingClientRect().right, textRight: article.getBoundingClientRect().right };
    });
    expect(crossing.arcRight).toBeGreaterThan(crossing.textRight);

    await page.locator('.mg-article-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect.poll(() => arcIds(page)).toEqual(['r-bottom']);
    // The claim's link to its claimant is an arc too (dashed), clickable to select the claim.
    const claimArc = `.mg-arcs path[data-claim-id="c${LINES - 2}"]`;
    await expect.poll(() => page.locator(claimArc).count()).toBe(1);
    await clickArc(page, claimArc);
    await expect.poll(() => page.locator('.mg-side [data-testid="annotation-details"]').getByTestId('claimant').textContent()).toBe(`Unit ${LINES - 2}`);

    await page.locator('.mg-article-scroll').evaluate((el) => el.scrollTo(0, 0));
    await expect.poll(() => arcIds(page)).toEqual(expect.arrayContaining(['r-top', 'r-rows']));
    expect(await arcIds(page)).not.toContain('r-bottom');
    expect(errors).toEqual([]);
  });
});
