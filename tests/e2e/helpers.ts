// Shared steps for end-to-end tests and screenshots: what a person does with the mouse and keyboard.
import type { Page } from 'playwright-core';

/** Drag the mouse over the first occurrence of `needle` in the article, as a person would. */
export async function dragSelect(page: Page, needle: string, occurrence = 0): Promise<void> {
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

