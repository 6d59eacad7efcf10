// Shared steps for end-to-end tests and screenshots: what a person does with the mouse and keyboard.
import type { Page } from 'playwright-core';

/** Drag the mouse over the first occurrence of `needle` in the article, as a person would. */
export async function dragSelect(page: Page, needle: string, occurrence = 0): Promise<void> {
  // The text can move between measuring it and dragging over it (rows grow a frame after a change, when arcs or
  // label names arrive): the drag is checked by what it selected, and made again on the moved text if it missed.
  for (let attempt = 1; ; attempt++) {
    await dragOnce(page, needle, occurrence);
    // Hit when the selection (snapped to words, so not always the needle itself) overlaps the needle's text.
    const { hit, selected } = await page.evaluate(
      ({ needle, occurrence }) => {
        const sel = window.getSelection();
        const root = document.querySelector('.mg-article');
        if (!sel || sel.rangeCount === 0 || !root) return { hit: false, selected: '' };
        const picked = sel.getRangeAt(0);
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        let seen = 0;
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const text = n.textContent ?? '';
          for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            if (seen++ !== occurrence) continue;
            const target = document.createRange();
            target.setStart(n, at);
            target.setEnd(n, at + needle.length);
            const overlaps = picked.compareBoundaryPoints(Range.START_TO_END, target) > 0 && picked.compareBoundaryPoints(Range.END_TO_START, target) < 0;
            return { hit: overlaps, selected: sel.toString() };
          }
        }
        return { hit: false, selected: sel.toString() };
      },
      { needle, occurrence },
    );
    if (hit) return;
    if (attempt === 3) throw new Error(`dragging over "${needle}" selected "${selected}" three times`);
  }
}

async function dragOnce(page: Page, needle: string, occurrence: number): Promise<void> {
  const box = await page.evaluate(
    ({ needle, occurrence }) => {
      const root = document.querySelector('.mg-article');
      if (!root) throw new Error('no article');
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      let seen = 0;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.textContent ?? '';
        let at = text.indexOf(needle);
        while (at >= 0) {
          if (seen++ === occurrence) {
            const range = document.createRange();
            range.setStart(n, at);
            range.setEnd(n, at + needle.length);
            range.startContainer.parentElement?.scrollIntoView({ block: 'center' });
            const rects = range.getClientRects();
            const first = rects[0];
            const last = rects[rects.length - 1];
            if (!first || !last) throw new Error('no rects');
            return { x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2 };
          }
          at = text.indexOf(needle, at + 1);
        }
      }
      throw new Error(`"${needle}" not found in the article`);
    },
    { needle, occurrence },
  );
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move((box.x1 + box.x2) / 2, box.y2, { steps: 4 });
  await page.mouse.move(box.x2, box.y2, { steps: 4 });
  await page.mouse.up();
}

/** Texts of the ranges painted for a highlight name (CSS Custom Highlight API). */
export async function paintedTexts(page: Page, name: string): Promise<string[]> {
  return page.evaluate((n) => {
    const h = CSS.highlights.get(n);
    if (!h) return [];
    return [...h].map((r) => {
      const range = document.createRange();
      range.setStart(r.startContainer, r.startOffset);
      range.setEnd(r.endContainer, r.endOffset);
      return range.toString();
    });
  }, name);
}

export async function openDoc(page: Page, path: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).click();
  // Wait for this document, not the one open before it.
  await page.locator('.mg-doc-title', { hasText: path }).waitFor();
  await page.locator('.mg-article .mg-line').first().waitFor();
  // A long article comes in a chunk of lines per frame: wait for the last one.
  await page.locator('.mg-article:not([aria-busy])').waitFor();
}

