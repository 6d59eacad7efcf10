// Issue 14 item 3, layout: relation arcs and their type labels stay off the
// label names drawn above spans (brat keeps arcs on rows of their own above
// the span labels), and two arcs' labels never cover each other, at every
// window size the app supports. A shared article with nested spans (a place
// inside an organisation's name), neighbouring names and crossing relations.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { TextIndex } from '../../app/offsets';
import { createAnnotation } from '../../app/annotations';
import { serializeSidecar, sidecarNameFor } from '../../app/sidecar/sidecar-io';
import { SIDECAR_FORMAT, SIDECAR_VERSION, type Annotation, type Sidecar } from '../../app/sidecar/sidecar-schema';
import { sha256Hex } from '../../main/corpus/file-ledger';
import { openApp } from '../harness/browser';
import { SHARED_CORPUS } from '../harness/server';
import { appSuite } from '../harness/suite';
import { openDoc } from './helpers';

const FILE = '003_cf8b7a8682a570d0.txt';

async function writeCrowdedSidecar(root: string): Promise<void> {
  const bytes = await readFile(join(root, FILE));
  const text = bytes.toString('utf8');
  const index = new TextIndex(text);
  const annotations: Annotation[] = [];
  const tag = (id: string, needle: string, label: string, occurrence = 0, extra: Partial<Annotation> = {}) => {
    let at = -1;
    for (let i = 0; i <= occurrence; i++) at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" is not in ${FILE}`);
    const start = index.toCodePoint(at);
    const type = label === 'CLAIM' ? 'claim' : 'entity';
    annotations.push(Object.assign(createAnnotation(index, { type, label, start, end: start + [...needle].length, id, now: '2026-01-01T00:00:00.000Z' }), extra));
  };
  tag('usf', 'US Space Force', 'ORG');
  tag('us', 'US', 'GPE');
  tag('ussf', 'USSF', 'ORG');
  tag('cn', 'China', 'GPE');
  tag('ru', 'Russia', 'GPE');
  tag('nk', 'North Korea', 'GPE');
  tag('usfj', 'US Forces Japan', 'ORG');
  tag('usfj2', 'USFJ', 'ORG');
  tag('yok', 'Yokota Air Base', 'LOC');
  tag('rl', 'Ryan Laughton', 'PERSON');
  tag('sj', 'Stephen Jost', 'PERSON');
  tag('c1', 'Japan’s major advancements in area operations', 'CLAIM', 0, { claimant: 'sj' });
  annotations.sort((a, b) => a.start - b.start || a.end - b.end);
  const sidecar: Sidecar = {
    format: SIDECAR_FORMAT,
    version: SIDECAR_VERSION,
    source: { name: FILE, sha256: sha256Hex(bytes), length: index.length },
    status: 'todo',
    annotations,
    relations: [
      { id: 'r-part', type: 'part-of', from: 'ussf', to: 'usf' },
      { id: 'r-in', type: 'located-in', from: 'usfj', to: 'yok' },
      { id: 'r-member', type: 'member-of', from: 'rl', to: 'usfj' },
      { id: 'r-alias', type: 'alias-of', from: 'usfj2', to: 'usfj' },
      { id: 'r-far', type: 'member-of', from: 'sj', to: 'us' },
      { id: 'r-near', type: 'located-in', from: 'cn', to: 'nk' },
    ],
  };
  await writeFile(join(root, sidecarNameFor(FILE)), serializeSidecar(sidecar));
}

/** Every overlap between an arc's label and a name, the text or another arc's label, a label cut by the article's edge, or an arc's line running through a name, described. */
async function overlaps(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const names = [...document.querySelectorAll('.mg-label-name')].map((el) => ({ what: `name ${el.textContent} of ${(el as HTMLElement).dataset.annotationId}`, r: el.getBoundingClientRect() }));
    const labels = [...document.querySelectorAll('.mg-arc-label')].map((el) => ({ what: `arc label "${el.textContent}"`, r: el.getBoundingClientRect() }));
    const meet = (a: DOMRect, b: DOMRect, inset = 0.5) => a.left + inset < b.right && b.left + inset < a.right && a.top + inset < b.bottom && b.top + inset < a.bottom;
    const text: DOMRect[] = [];
    for (const line of document.querySelectorAll('.mg-article .mg-line')) {
      const range = document.createRange();
      range.selectNodeContents(line);
      text.push(...range.getClientRects());
    }
    const view = document.querySelector('.mg-article-scroll')?.getBoundingClientRect();
    for (const [i, l] of labels.entries()) {
      if (view && l.r.bottom > view.top && l.r.top < view.bottom && (l.r.top < view.top - 0.5 || l.r.bottom > view.bottom + 0.5)) problems.push(`${l.what} is cut by the edge of the article`);
      if (text.some((t) => meet(l.r, t, 1))) problems.push(`${l.what} covers the text`);
      for (const n of names) if (meet(l.r, n.r)) problems.push(`${l.what} covers ${n.what}`);
      for (const other of labels.slice(i + 1)) if (meet(l.r, other.r)) problems.push(`${l.what} covers ${other.what}`);
    }
    for (const path of document.querySelectorAll<SVGPathElement>('.mg-arc-line')) {
      const m = path.getScreenCTM();
      if (!m) continue;
      const id = path.dataset.relationId ?? path.dataset.claimId;
      const hit = new Set<string>();
      for (let at = 0, len = path.getTotalLength(); at <= len; at += 2) {
        const p = path.getPointAtLength(at);
        const x = m.a * p.x + m.c * p.y + m.e;
        const y = m.b * p.x + m.d * p.y + m.f;
        for (const n of names) if (x > n.r.left + 1 && x < n.r.right - 1 && y > n.r.top + 1 && y < n.r.bottom - 1) hit.add(n.what);
      }
      for (const what of hit) problems.push(`the arc of ${id} runs through ${what}`);
    }
    return problems;
  });
}

describe('arcs beside label names', () => {
  const suite = appSuite(SHARED_CORPUS, writeCrowdedSidecar);

  for (const size of [
    { width: 1024, height: 700 },
    { width: 1280, height: 720 },
    { width: 1440, height: 900 },
    { width: 1920, height: 1080 },
  ]) {
    it(`keeps arcs and their labels off the label names and off each other at ${size.width}×${size.height}`, async () => {
      const { page, errors } = await openApp(suite.browser, suite.harness, size);
      await openDoc(page, FILE);
      await expect.poll(() => page.locator('.mg-arcs path[data-relation-id]').count()).toBeGreaterThanOrEqual(5);
      await expect.poll(() => page.locator('.mg-label-name').count()).toBeGreaterThanOrEqual(10);
      // Both layers are drawn for the lines in view: compare them at the top of the article, then further down.
      expect(await overlaps(page)).toEqual([]);
      await page.locator('.mg-article-scroll').evaluate((el) => el.scrollBy(0, el.clientHeight * 0.6));
      await expect.poll(() => overlaps(page)).toEqual([]);
      expect(errors).toEqual([]);
    });
  }

  for (const fontSize of [14, 28]) {
    it(`keeps them apart with the smallest and the largest text too (${fontSize}px)`, async () => {
      const { page, errors } = await openApp(suite.browser, suite.harness, { width: 1280, height: 720 });
      await page.evaluate((size) => localStorage.setItem('marginalia.preferences.v1', JSON.stringify({ askedName: true, fontSize: size })), fontSize);
      await page.reload();
      await openDoc(page, FILE);
      expect(await page.locator('.mg-article').evaluate((el) => getComputedStyle(el).fontSize)).toBe(`${fontSize}px`);
      await expect.poll(() => page.locator('.mg-arcs path[data-relation-id]').count()).toBeGreaterThanOrEqual(3);
      await expect.poll(() => overlaps(page)).toEqual([]);
      await page.locator('.mg-article-scroll').evaluate((el) => el.scrollBy(0, el.clientHeight * 0.6));
      await expect.poll(() => overlaps(page)).toEqual([]);
      expect(errors).toEqual([]);
    });
  }
});
