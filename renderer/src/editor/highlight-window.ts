// Which lines get their highlights registered. Chromium rebuilds the markers
// of every registered highlight range after any DOM or style change anywhere
// in the page (HighlightRegistry::ValidateHighlightMarkers) and invalidates
// the paint of every text node they touch, so the cost of each frame that
// changes anything grew with the number of annotations in the document (35 ms
// of pre-paint per tag with 1,000). Registering only the ranges of the lines
// around the viewport keeps that cost to a few screens' worth, whatever the
// document's length. Pure functions: the DOM is read through callbacks.

/** Lines [from, to), half-open. */
export interface LineWindow {
  from: number;
  to: number;
}

/**
 * The lines that intersect [top, bottom) (in the same coordinates as
 * `lineTop`/`lineBottom`, which must be ascending as lines are laid out one
 * below another). Binary search: a few layout reads, however many lines.
 */
export function visibleLines(count: number, lineTop: (i: number) => number, lineBottom: (i: number) => number, top: number, bottom: number): LineWindow {
  if (count === 0) return { from: 0, to: 0 };
  // First line whose bottom is below `top`.
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lineBottom(mid) <= top) lo = mid + 1;
    else hi = mid;
  }
  const from = Math.min(lo, count - 1);
  // First line whose top is at or below `bottom`.
  lo = from;
  hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lineTop(mid) < bottom) lo = mid + 1;
    else hi = mid;
  }
  return { from, to: Math.max(lo, from + 1) };
}

/**
 * The window to register for what is visible: `screens` times the visible
 * line count above and below it (at least `minPad` lines), clamped to the
 * document. Wheel steps and page jumps then land on lines already painted.
 */
export function windowAround(visible: LineWindow, count: number, screens = 2, minPad = 40): LineWindow {
  const pad = Math.max(minPad, Math.ceil((visible.to - visible.from) * screens));
  return { from: Math.max(0, visible.from - pad), to: Math.min(count, visible.to + pad) };
}

/** Lines each side of the view drawn at once after a jump; the full window follows after that frame's paint. */
export const NEAR_PAD = 3;

/**
 * The lines drawn in the frame of a jump (or of an article's first screen): the
 * visible ones and a few either side. Names, arcs and highlights for the whole
 * window in that frame made it the longest while scrolling (names and arcs are
 * styled, laid out and routed per span); the rest is drawn after the paint
 * (`afterNextPaint`), where scrolling on would reach it.
 */
export function nearWindow(visible: LineWindow, count: number, pad = NEAR_PAD): LineWindow {
  return windowAround(visible, count, 0, pad);
}

/** Whether every visible line is in `current`: otherwise the view jumped past what is drawn. */
export function covers(current: LineWindow | null, visible: LineWindow): boolean {
  return current !== null && visible.from >= current.from && visible.to <= current.to;
}

/**
 * Whether `current` must be replaced: the visible lines are outside it or
 * within `margin` lines of an edge that is not the document's. Inside that
 * band scrolling changes nothing, so most scroll events cost two binary
 * searches and no highlight work.
 */
export function needsNewWindow(current: LineWindow | null, visible: LineWindow, count: number, margin: number): boolean {
  if (!current) return true;
  if (current.from > 0 && visible.from < current.from + margin) return true;
  if (current.to < count && visible.to > current.to - margin) return true;
  return false;
}

/** Spans (code points, half-open) that overlap [start, end): what a window of lines must paint. */
export function spansIn<T extends { start: number; end: number }>(spans: readonly T[], start: number, end: number): T[] {
  const out: T[] = [];
  for (const s of spans) if (s.start < end && s.end > start) out.push(s);
  return out;
}
