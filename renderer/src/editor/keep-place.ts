// The reader's place across a change of view (reading view, text size, line
// length, label names, arcs): the character at the top of the view stays
// where it was on screen. Chromium's own scroll anchoring gives up when the
// article's padding or width changes, which is what the reading view does.
import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import type { LineMap } from './line-map';

export interface Place {
  /** The code point at the top of the view. */
  cp: number;
  /** How far below the view's top its box was, in px. */
  offset: number;
}

/** The first line whose box reaches below `top` (binary search over the paragraphs). */
export function firstVisibleLine(lineMap: LineMap, top: number): number {
  let lo = 0;
  let hi = Math.max(0, lineMap.loadedLines - 1); // lines still coming (a long article) have no box yet
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const bottom = lineMap.lineElement(mid)?.getBoundingClientRect().bottom ?? 0;
    if (bottom <= top) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The box of the character at `cp` (of the line start when the line is empty). */
function boxOf(lineMap: LineMap, cp: number): DOMRect | null {
  const a = lineMap.domPoint(cp);
  if (!a) return null;
  const range = document.createRange();
  range.setStart(a.node, a.offset);
  const b = lineMap.domPoint(cp + 1);
  if (b && lineMap.index.codePointToPosition(cp + 1).line === lineMap.index.codePointToPosition(cp).line) range.setEnd(b.node, b.offset);
  const rect = range.getClientRects()[0] ?? null;
  if (rect) return rect;
  const { line } = lineMap.index.codePointToPosition(cp);
  return lineMap.lineElement(line)?.getBoundingClientRect() ?? null;
}

/** The character at the top of the scroll box's view, and where it is. */
export function placeInView(lineMap: LineMap, scroller: HTMLElement): Place | null {
  if (!lineMap.ready) return null;
  const view = scroller.getBoundingClientRect();
  const line = firstVisibleLine(lineMap, view.top);
  const el = lineMap.lineElement(line);
  if (!el) return null;
  const box = el.getBoundingClientRect();
  let cp = lineMap.index.positionToCodePoint(line, 0);
  let rect = boxOf(lineMap, cp);
  // A long paragraph starts above the view: take the first character of its first row wholly in view
  // (a row's box is taller than its letters: the point may fall in the spacing of a row above).
  for (let y = view.top + 2; rect && rect.top < view.top && y < box.bottom; ) {
    const hit = document.caretRangeFromPoint(box.left + 1, y);
    const at = hit ? lineMap.codePointOf(hit.startContainer, hit.startOffset) : null;
    if (at === null) break;
    cp = at;
    rect = boxOf(lineMap, cp);
    y = Math.max(y + 4, (rect?.bottom ?? y) + 2);
  }
  return rect ? { cp, offset: rect.top - view.top } : null;
}

/** Scrolls so that the place's character is again `offset` px below the view's top. */
export function restorePlace(lineMap: LineMap, scroller: HTMLElement, place: Place): void {
  const rect = boxOf(lineMap, place.cp);
  if (!rect) return;
  scroller.scrollTop += rect.top - scroller.getBoundingClientRect().top - place.offset;
}

const SCROLLER = 'mg-article-scroll';

/**
 * Follows the place as the analyst scrolls (one measure a frame at most), and
 * puts it back after a render where any of `view` changed. Other changes of
 * size (the window, rows made taller for the first arc) are left to
 * Chromium's scroll anchoring, which keeps the place unless the article's
 * padding or width changes too.
 */
export function useKeepPlace(lineMapRef: RefObject<LineMap | null>, view: readonly unknown[]): void {
  // With the article it was measured in: a place in the document before is no place in this one.
  const place = useRef<{ lineMap: LineMap; at: Place } | null>(null);
  // Where a restore left the scroll box: its own scroll event keeps the place (measuring again would drift a row per change).
  const restoredAt = useRef<number | null>(null);
  const restore = useRef(() => {
    const lineMap = lineMapRef.current;
    const scroller = document.querySelector<HTMLElement>(`.${SCROLLER}`);
    if (!place.current || place.current.lineMap !== lineMap || !lineMap.ready || !scroller) return;
    restorePlace(lineMap, scroller, place.current.at);
    restoredAt.current = scroller.scrollTop;
  });
  useEffect(() => {
    let frame = 0;
    const onScroll = (e: Event) => {
      const scroller = e.target;
      if (!(scroller instanceof HTMLElement) || !scroller.classList.contains(SCROLLER) || frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        if (restoredAt.current !== null && Math.abs(scroller.scrollTop - restoredAt.current) < 1) return;
        restoredAt.current = null;
        const lineMap = lineMapRef.current;
        const at = lineMap ? placeInView(lineMap, scroller) : null;
        place.current = lineMap && at ? { lineMap, at } : null;
      });
    };
    // Captured: scroll events do not bubble, and the scroll box is replaced with each document.
    document.addEventListener('scroll', onScroll, { capture: true, passive: true });
    return () => {
      document.removeEventListener('scroll', onScroll, { capture: true });
      cancelAnimationFrame(frame);
    };
  }, [lineMapRef]);
  useLayoutEffect(() => {
    restore.current();
    // The view's values are what matter here, not the hook's other inputs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, view);
}
