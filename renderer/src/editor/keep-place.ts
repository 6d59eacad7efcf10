// The reader's place across a change of view (reading view, text size, line
// length, label names, arcs): the character at the top of the view stays
// where it was on screen. Chromium's own scroll anchoring gives up when the
// article's padding or width changes, which is what the reading view does.
import { Component, createElement, useLayoutEffect, useState, type ReactElement, type RefObject } from 'react';
import type { LineMap } from './line-map';
import { rangeRects } from './measure-range';

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
  const b = lineMap.domPoint(cp + 1);
  const sameLine = b && lineMap.index.codePointToPosition(cp + 1).line === lineMap.index.codePointToPosition(cp).line;
  const rect = (sameLine ? rangeRects(a.node, a.offset, b.node, b.offset) : rangeRects(a.node, a.offset, a.node, a.offset))[0] ?? null;
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

const sameView = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

/** The place kept for the article of `lineMapRef`, taken before a change of view and put back after it. */
class PlaceKeeper {
  private lineMapRef: RefObject<LineMap | null> | null = null;
  /** With the article it was measured in: a place in the document before is no place in this one. */
  private place: { lineMap: LineMap; at: Place } | null = null;
  /** Where a restore left the scroll box: still there, the place is kept as it was (measuring again would drift a row per change). */
  private restoredAt: number | null = null;

  follow(lineMapRef: RefObject<LineMap | null>): void {
    this.lineMapRef = lineMapRef;
  }

  take(): void {
    const lineMap = this.lineMapRef?.current ?? null;
    const scroller = document.querySelector<HTMLElement>(`.${SCROLLER}`);
    if (!lineMap || !scroller) {
      this.place = null;
      return;
    }
    if (this.place?.lineMap === lineMap && this.restoredAt !== null && Math.abs(scroller.scrollTop - this.restoredAt) < 1) return;
    this.restoredAt = null;
    const at = placeInView(lineMap, scroller);
    this.place = at ? { lineMap, at } : null;
  }

  restore(): void {
    const lineMap = this.lineMapRef?.current ?? null;
    const scroller = document.querySelector<HTMLElement>(`.${SCROLLER}`);
    if (!this.place || this.place.lineMap !== lineMap || !lineMap.ready || !scroller) return;
    restorePlace(lineMap, scroller, this.place.at);
    this.restoredAt = scroller.scrollTop;
  }
}

/**
 * Measures the place in React's "before mutation" phase of a render where the
 * view changes: the article is still laid out as the reader saw it. Only a
 * class component has that phase (getSnapshotBeforeUpdate).
 */
class PlaceSnapshot extends Component<{ view: readonly unknown[]; keeper: PlaceKeeper }> {
  override getSnapshotBeforeUpdate(prev: Readonly<{ view: readonly unknown[] }>): null {
    if (!sameView(prev.view, this.props.view)) this.props.keeper.take();
    return null;
  }

  // React asks for it beside getSnapshotBeforeUpdate; the place is put back in useKeepPlace's layout effect.
  override componentDidUpdate(): void {}

  override render(): null {
    return null;
  }
}

/**
 * Keeps the reader's place across a render where any of `view` changed: the
 * place is measured just before that render changes the DOM (by the element
 * returned, to be rendered anywhere in the caller's tree) and put back in the
 * caller's layout effect, after its earlier layout effects (text size, line
 * length) have applied the change. Measuring on every scroll instead cost a
 * caret hit test and a forced layout per frame (a quarter of the scrolling's
 * main-thread time in the 1 MB article). Other changes of size (the window,
 * rows made taller for the first arc) are left to Chromium's scroll
 * anchoring, which keeps the place unless the article's padding or width
 * changes too.
 */
export function useKeepPlace(lineMapRef: RefObject<LineMap | null>, view: readonly unknown[]): ReactElement {
  const [keeper] = useState(() => new PlaceKeeper());
  useLayoutEffect(() => {
    keeper.follow(lineMapRef);
  }, [keeper, lineMapRef]);
  useLayoutEffect(() => {
    keeper.restore();
    // The view's values are what matter here, not the hook's other inputs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, view);
  return createElement(PlaceSnapshot, { view, keeper });
}
