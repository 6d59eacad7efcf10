// Watching the article's size for what must be measured again (label names,
// arcs): a new width or text size moves the text under them. The article
// also grows as the loader appends a chunk of lines (article-chunks.ts), which
// moves nothing already drawn: re-measuring on each chunk laid out every
// chunk twice and redrew the names and arcs 30 times while a 1 MB article
// opened.

/** Calls `onResize` when the scroll box changes size, or the article does other than by lines appended at its end. */
export function observeArticleSize(scroller: HTMLElement, content: HTMLElement | null, loadedLines: () => number, onResize: () => void): () => void {
  let width = -1;
  let lines = -1;
  const observer = new ResizeObserver((entries) => {
    let moved = false;
    for (const entry of entries) {
      if (entry.target !== content) {
        moved = true;
        continue;
      }
      const now = loadedLines();
      if (entry.contentRect.width !== width || now === lines) moved = true;
      width = entry.contentRect.width;
      lines = now;
    }
    if (moved) onResize();
  });
  observer.observe(scroller);
  if (content) observer.observe(content);
  return () => observer.disconnect();
}
