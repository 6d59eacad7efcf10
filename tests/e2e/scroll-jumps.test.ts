// Scrolling a long article of long paragraphs with arcs and label names, as
// the benchmark's scroll section does (wheel steps, then jumps as dragging the
// scroll bar): after every jump the arcs of the relations in view are drawn
// at their ends, and scrolling does none of the work that made its long
// frames: no caret hit test to follow the reader's place (it is measured
// only when the view changes), no new live Range per measurement (Chromium
// updates every live Range on each DOM removal until they are collected).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { TextIndex } from '../../app/offsets';
import { createAnnotation } from '../../app/annotations';
import { serializeSidecar, sidecarNameFor } from '../../app/sidecar/sidecar-io';
import { SIDECAR_FORMAT, SIDECAR_VERSION, type Annotation, type Relation, type Sidecar } from '../../app/sidecar/sidecar-schema';
import { sha256Hex } from '../../main/corpus/file-ledger';
import { openApp } from '../harness/browser';
import { SAMPLE_CORPUS } from '../harness/server';
import { appSuite } from '../harness/suite';
import { openDoc } from './helpers';

const FILE = 'long-paragraphs.txt';
const LINES = 240;
const FILLER = 'The committee met again in the afternoon and went through the minutes, the budget, the schedule and the letters one by one. ';
/** A paragraph of several rows: "Agent n" works for "Bureau n" (a relation), long text around them; the last one short, wholly in view at the end. */
const lineText = (n: number) =>
  n === LINES - 1 ? `Agent ${n} of Bureau ${n} signed the report. Later Courier ${n} took it away.` : `${FILLER}Agent ${n} of Bureau ${n} signed the report. ${FILLER.repeat(3)}Later Courier ${n} took it away.`;

async function writeArticle(root: string): Promise<void> {
  const text = Array.from({ length: LINES }, (_, n) => lineText(n)).join('\n');
  const index = new TextIndex(text);
  const annotations: Annotation[] = [];
  const relations: Relation[] = [];
  const tag = (id: string, line: number, needle: string, label: string) => {
    const start = index.toCodePoint(text.indexOf(needle, index.lines[line]?.start ?? 0));
    annotations.push(createAnnotation(index, { type: 'entity', label, start, end: start + needle.length, id, now: '2026-01-01T00:00:00.000Z' }));
  };
  for (let n = 0; n < LINES; n++) {
    tag(`a${n}`, n, `Agent ${n} `, 'PERSON');
    tag(`b${n}`, n, `Bureau ${n}`, 'ORG');
    tag(`c${n}`, n, `Courier ${n}`, 'PERSON');
    // Within a row, and across rows of one paragraph.
    relations.push({ id: `r-in-${n}`, type: 'member-of', from: `a${n}`, to: `b${n}` });
    relations.push({ id: `r-rows-${n}`, type: 'member-of', from: `c${n}`, to: `b${n}` });
  }
  const sidecar: Sidecar = {
    format: SIDECAR_FORMAT,
    version: SIDECAR_VERSION,
    source: { name: FILE, sha256: sha256Hex(new TextEncoder().encode(text)), length: index.length },
    status: 'todo',
    annotations: annotations.sort((a, b) => a.start - b.start),
    relations,
  };
  await writeFile(join(root, FILE), text);
  await writeFile(join(root, sidecarNameFor(FILE)), serializeSidecar(sidecar));
}

/** Counts, in the page, the calls that made scrolling slow. */
const COUNTERS = `(() => {
  const counts = { createRange: 0, caretRangeFromPoint: 0 };
  window.__scrollCounts = counts;
  // The test's own measuring goes uncounted.
  const plain = Document.prototype.createRange;
  window.__plainRange = () => plain.call(document);
  for (const name of Object.keys(counts)) {
    const original = Document.prototype[name];
    Document.prototype[name] = function (...args) {
      counts[name]++;
      return original.apply(this, args);
    };
  }
})()`;

/**
 * For every relation with both ends in view: whether its arc is drawn, starting over its source span and ending
 * over its target (the middle of the span's first box, at or above the span's top, below the one above it).
 */
function misplacedArcs(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const scroller = document.querySelector('.mg-article-scroll') as HTMLElement;
    const view = scroller.getBoundingClientRect();
    /** The first box of `needle` in paragraph `line`. */
    const box = (line: Element, needle: string): DOMRect | null => {
      const node = line.querySelector('span')?.firstChild;
      const at = node?.textContent?.indexOf(needle) ?? -1;
      if (!node || at < 0) return null;
      const r = (window as unknown as { __plainRange?(): Range }).__plainRange?.() ?? document.createRange();
      r.setStart(node, at);
      r.setEnd(node, at + needle.length);
      return r.getClientRects()[0] ?? null;
    };
    const ends = (id: string) => {
      const path = document.querySelector<SVGPathElement>(`.mg-arcs path.mg-arc-line[data-relation-id="${id}"]`);
      const m = path?.getScreenCTM();
      if (!path || !m) return null;
      const at = (p: DOMPoint) => new DOMPoint(p.x, p.y).matrixTransform(m);
      return { from: at(path.getPointAtLength(0)), to: at(path.getPointAtLength(path.getTotalLength())) };
    };
    const over = (p: DOMPoint, r: DOMRect) => Math.abs(p.x - (r.left + r.width / 2)) <= 10 && p.y <= r.top + 1 && p.y >= r.top - 40;
    const problems: string[] = [];
    let checked = 0;
    for (const line of document.querySelectorAll('.mg-article .mg-line')) {
      const n = /Agent (\d+) /.exec(line.textContent ?? '')?.[1];
      if (n === undefined) continue;
      for (const [id, fromText, toText] of [
        [`r-in-${n}`, `Agent ${n} `, `Bureau ${n}`],
        [`r-rows-${n}`, `Courier ${n}`, `Bureau ${n}`],
      ] as const) {
        const from = box(line, fromText);
        const to = box(line, toText);
        if (!from || !to || from.top < view.top || to.top < view.top || from.bottom > view.bottom || to.bottom > view.bottom) continue;
        checked++;
        const arc = ends(id);
        if (!arc) problems.push(`${id}: no arc`);
        else if (!over(arc.from, from) || !over(arc.to, to)) problems.push(`${id}: drawn from (${Math.round(arc.from.x)}, ${Math.round(arc.from.y)}) to (${Math.round(arc.to.x)}, ${Math.round(arc.to.y)}), its ends are at (${Math.round(from.left)}, ${Math.round(from.top)}) and (${Math.round(to.left)}, ${Math.round(to.top)})`);
      }
    }
    if (checked === 0) problems.push('no relation with both ends in view');
    return problems;
  });
}

describe('scrolling a long article with arcs and names', () => {
  const suite = appSuite(SAMPLE_CORPUS, writeArticle);

  it('draws the arcs in view at their ends after every jump, with no hit test and no new Range while scrolling', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness, { width: 1200, height: 800 });
    await page.addInitScript(COUNTERS);
    await page.reload();
    await openDoc(page, FILE);
    const scroller = page.locator('.mg-article-scroll');
    await expect.poll(() => scroller.getAttribute('data-painted-annotations')).toBe(String(3 * LINES));
    await expect.poll(() => misplacedArcs(page)).toEqual([]);
    // The paragraphs are several rows each: the reader's place inside one needed a caret hit test when it was followed on every scroll.
    expect(await page.locator('.mg-article .mg-line').first().evaluate((el) => el.getClientRects().length === 1 && el.getBoundingClientRect().height > 100)).toBe(true);
    await page.evaluate(() => {
      const counts = (window as unknown as { __scrollCounts: Record<string, number> }).__scrollCounts;
      for (const k of Object.keys(counts)) counts[k] = 0;
    });

    await page.mouse.move(400, 400);
    for (let i = 0; i < 15; i++) await page.mouse.wheel(0, 900);
    await expect.poll(() => scroller.evaluate((el) => el.scrollTop)).toBeGreaterThan(5000);
    await expect.poll(() => misplacedArcs(page)).toEqual([]);
    // Jumps as dragging the scroll bar makes them, the last to the very end.
    for (const f of [0.9, 0.35, 0.6, 0.1, 1]) {
      await scroller.evaluate((el, at) => el.scrollTo(0, at * (el.scrollHeight - el.clientHeight)), f);
      await expect.poll(() => misplacedArcs(page), { message: `arcs after a jump to ${f * 100}% of the article` }).toEqual([]);
    }
    const last = LINES - 1;
    expect(await page.locator(`.mg-arcs path[data-relation-id="r-in-${last}"]`).count()).toBe(1);
    const counts = await page.evaluate(() => (window as unknown as { __scrollCounts: Record<string, number> }).__scrollCounts);
    expect(counts).toEqual({ createRange: 0, caretRangeFromPoint: 0 });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("paints an article's first screen with the highlights and names of the lines near it, the rest after that frame", async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness, { width: 1200, height: 800 });
    // Every highlight range made, counted: the ranges of lines out of view cost the first frame even when unregistered before it paints.
    await page.addInitScript(() => {
      const Base = window.StaticRange;
      const w = window as unknown as { madeRanges: number };
      w.madeRanges = 0;
      window.StaticRange = class extends Base {
        constructor(init: StaticRangeInit) {
          super(init);
          w.madeRanges++;
        }
      };
    });
    await page.reload();
    // What the frame that paints the first screen holds: counted in its animation frame.
    await page.evaluate(() => {
      const w = window as unknown as { firstFrame?: Promise<{ ranges: number; made: number; names: number }>; madeRanges: number };
      w.firstFrame = new Promise((resolve) => {
        const seen = new MutationObserver(() => {
          if (!document.querySelector('.mg-article .mg-line')) return;
          seen.disconnect();
          requestAnimationFrame(() => {
            let ranges = 0;
            for (const h of CSS.highlights.values()) ranges += h.size;
            resolve({ ranges, made: w.madeRanges, names: document.querySelectorAll('.mg-label-name').length });
          });
        });
        seen.observe(document.body, { childList: true, subtree: true });
      });
    });
    await page.getByRole('button', { name: new RegExp(FILE.replace('.', '\\.')) }).click();
    const first = await page.evaluate(() => (window as unknown as { firstFrame: Promise<{ ranges: number; made: number; names: number }> }).firstFrame);
    // Three spans a paragraph: the few paragraphs in view and three either side (12 here), not the window around them.
    expect(first.ranges).toBeGreaterThan(0);
    expect(first.made).toBeLessThan(30);
    expect(first.ranges).toBeLessThan(30);
    expect(first.names).toBeLessThan(30);
    await page.locator('.mg-article:not([aria-busy])').waitFor();
    await expect.poll(() => page.locator('.mg-label-name').count()).toBeGreaterThan(100);
    await expect.poll(() => misplacedArcs(page)).toEqual([]);
    // The rows grew for the arcs (a change of view): a reader at the top of the article stays at its top.
    await page.locator('.mg-article-wrap.has-arcs').waitFor();
    expect(await page.locator('.mg-article-scroll').evaluate((el) => el.scrollTop)).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('draws the names near the view in the frame of a jump, and the rest of the window after that frame', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness, { width: 1200, height: 800 });
    await openDoc(page, FILE);
    const scroller = page.locator('.mg-article-scroll');
    await expect.poll(() => scroller.getAttribute('data-painted-annotations')).toBe(String(3 * LINES));
    const names = () => page.locator('.mg-label-name').count();
    await expect.poll(names).toBeGreaterThan(100);
    // In the animation frame of the jump (its scroll event came first): the names of the lines in view, few others.
    const inFrame = await scroller.evaluate(
      (el) =>
        new Promise<{ names: number; missing: string[] }>((resolve) => {
          el.scrollTop = el.scrollHeight / 2;
          requestAnimationFrame(() => {
            const view = el.getBoundingClientRect();
            const drawn = new Set([...document.querySelectorAll<HTMLElement>('.mg-label-name')].map((n) => n.dataset.annotationId));
            const missing: string[] = [];
            for (const line of document.querySelectorAll('.mg-article .mg-line')) {
              const r = line.getBoundingClientRect();
              const n = /Agent (\d+) /.exec(line.textContent ?? '')?.[1];
              if (r.bottom > view.top && r.top < view.bottom && n !== undefined && !drawn.has(`b${n}`)) missing.push(`b${n}`);
            }
            resolve({ names: drawn.size, missing });
          });
        }),
    );
    expect(inFrame.missing).toEqual([]);
    expect(inFrame.names).toBeLessThan(60);
    // Then the whole window: two screens and more either side.
    await expect.poll(names).toBeGreaterThan(100);
    await expect.poll(() => misplacedArcs(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
