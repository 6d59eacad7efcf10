import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { covers, nearWindow, needsNewWindow, spansIn, visibleLines, windowAround } from './highlight-window';

/** Lines of the given heights stacked from y = 0, as the article lays them out. */
function layout(heights: number[]) {
  const tops: number[] = [];
  let y = 0;
  for (const h of heights) {
    tops.push(y);
    y += h;
  }
  return { top: (i: number) => tops[i] as number, bottom: (i: number) => (tops[i] as number) + (heights[i] as number) };
}

describe('visibleLines', () => {
  it('finds the lines that intersect the viewport', () => {
    const l = layout([10, 10, 10, 10, 10]);
    expect(visibleLines(5, l.top, l.bottom, 15, 35)).toEqual({ from: 1, to: 4 });
    expect(visibleLines(5, l.top, l.bottom, 0, 10)).toEqual({ from: 0, to: 1 });
    expect(visibleLines(5, l.top, l.bottom, 100, 200)).toEqual({ from: 4, to: 5 });
    expect(visibleLines(0, l.top, l.bottom, 0, 10)).toEqual({ from: 0, to: 0 });
  });

  it('matches a linear scan for any layout and viewport', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 300 }), fc.nat(20_000), fc.integer({ min: 1, max: 3000 }), (heights, top, height) => {
        const l = layout(heights);
        const bottom = top + height;
        const inView = heights.map((_, i) => i).filter((i) => l.bottom(i) > top && l.top(i) < bottom);
        const got = visibleLines(heights.length, l.top, l.bottom, top, bottom);
        if (inView.length === 0) {
          // Scrolled past the end (the article's bottom padding): the last line.
          expect(got).toEqual({ from: heights.length - 1, to: heights.length });
        } else {
          expect(got).toEqual({ from: inView[0], to: (inView[inView.length - 1] as number) + 1 });
        }
      }),
    );
  });
});

describe('windowAround and needsNewWindow', () => {
  it('pads the visible lines by screens, clamped to the document', () => {
    expect(windowAround({ from: 100, to: 120 }, 1000, 2, 10)).toEqual({ from: 60, to: 160 });
    expect(windowAround({ from: 5, to: 25 }, 30, 2, 10)).toEqual({ from: 0, to: 30 });
    expect(windowAround({ from: 100, to: 101 }, 1000, 2, 40)).toEqual({ from: 60, to: 141 });
  });

  it('keeps the window while the visible lines stay inside its margin', () => {
    const w = { from: 60, to: 160 };
    expect(needsNewWindow(null, { from: 0, to: 1 }, 10, 5)).toBe(true);
    expect(needsNewWindow(w, { from: 100, to: 120 }, 1000, 20)).toBe(false);
    expect(needsNewWindow(w, { from: 79, to: 99 }, 1000, 20)).toBe(true);
    expect(needsNewWindow(w, { from: 121, to: 141 }, 1000, 20)).toBe(true);
    // At the document's edges there is nothing more to add.
    expect(needsNewWindow({ from: 0, to: 160 }, { from: 0, to: 20 }, 1000, 20)).toBe(false);
    expect(needsNewWindow({ from: 900, to: 1000 }, { from: 980, to: 1000 }, 1000, 20)).toBe(false);
  });

  it('always leaves the visible lines inside a freshly made window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.nat(), fc.integer({ min: 1, max: 80 }), (count, a, len) => {
        const from = a % count;
        const visible = { from, to: Math.min(count, from + len) };
        const w = windowAround(visible, count);
        expect(w.from).toBeLessThanOrEqual(visible.from);
        expect(w.to).toBeGreaterThanOrEqual(visible.to);
        expect(needsNewWindow(w, visible, count, Math.ceil(visible.to - visible.from))).toBe(false);
      }),
    );
  });
});

describe('spansIn', () => {
  it('keeps exactly the spans that overlap the range, in order', () => {
    const spans = [
      { id: 'a', start: 0, end: 5 },
      { id: 'b', start: 5, end: 10 },
      { id: 'c', start: 8, end: 30 },
      { id: 'd', start: 30, end: 31 },
    ];
    expect(spansIn(spans, 5, 30).map((s) => s.id)).toEqual(['b', 'c']);
    expect(spansIn(spans, 4, 6).map((s) => s.id)).toEqual(['a', 'b']);
    expect(spansIn(spans, 31, 40)).toEqual([]);
  });
});

describe('nearWindow and covers', () => {
  it('draws the visible lines and a few either side first, within the document', () => {
    expect(nearWindow({ from: 100, to: 105 }, 1000)).toEqual({ from: 97, to: 108 });
    expect(nearWindow({ from: 1, to: 5 }, 6)).toEqual({ from: 0, to: 6 });
    // Much smaller than the full window around the same view.
    const full = windowAround({ from: 100, to: 105 }, 1000);
    expect(full.to - full.from).toBeGreaterThan(5 * (108 - 97));
  });

  it('tells a view inside what is drawn from one that jumped past it', () => {
    expect(covers(null, { from: 0, to: 1 })).toBe(false);
    expect(covers({ from: 10, to: 50 }, { from: 10, to: 50 })).toBe(true);
    expect(covers({ from: 10, to: 50 }, { from: 45, to: 51 })).toBe(false);
    expect(covers({ from: 10, to: 50 }, { from: 5, to: 12 })).toBe(false);
    expect(covers({ from: 10, to: 50 }, { from: 200, to: 205 })).toBe(false);
  });
});
