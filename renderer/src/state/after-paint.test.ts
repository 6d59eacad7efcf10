import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AFTER_PAINT_FALLBACK_MS, afterNextPaint } from './after-paint';

// The renderer's unit tests run under Node: animation frames and the page's visibility are stood in for here.
let frames: Map<number, () => void>;
let visibility: 'visible' | 'hidden';

beforeEach(() => {
  vi.useFakeTimers();
  frames = new Map();
  visibility = 'visible';
  let next = 1;
  vi.stubGlobal('requestAnimationFrame', (cb: () => void) => {
    frames.set(next, cb);
    return next++;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => frames.delete(id));
  vi.stubGlobal('document', {
    get visibilityState() {
      return visibility;
    },
  });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** The browser renders a frame: its animation-frame callbacks run, then its style, layout and paint. */
function renderFrame(): void {
  const due = [...frames.values()];
  frames.clear();
  for (const cb of due) cb();
}

describe('afterNextPaint', () => {
  it('runs in a task queued from the next animation frame, i.e. after that frame has painted, once', () => {
    const run = vi.fn();
    afterNextPaint(run);
    vi.advanceTimersByTime(0);
    expect(run).not.toHaveBeenCalled();
    renderFrame();
    expect(run).not.toHaveBeenCalled(); // still inside the frame: its paint comes first
    vi.advanceTimersByTime(0);
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(AFTER_PAINT_FALLBACK_MS);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('does not wait for a frame that does not come: hidden at once, otherwise after the fallback', () => {
    const hidden = vi.fn();
    visibility = 'hidden';
    afterNextPaint(hidden);
    vi.advanceTimersByTime(0);
    expect(hidden).toHaveBeenCalledTimes(1);

    visibility = 'visible';
    const stalled = vi.fn();
    afterNextPaint(stalled);
    vi.advanceTimersByTime(AFTER_PAINT_FALLBACK_MS - 1);
    expect(stalled).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(stalled).toHaveBeenCalledTimes(1);
    renderFrame();
    vi.advanceTimersByTime(0);
    expect(stalled).toHaveBeenCalledTimes(1);
  });

  it('cancelled, never runs', () => {
    const run = vi.fn();
    const cancel = afterNextPaint(run);
    renderFrame();
    cancel();
    vi.advanceTimersByTime(AFTER_PAINT_FALLBACK_MS * 2);
    expect(run).not.toHaveBeenCalled();
  });

  it('waits more frames when asked, and can be cancelled before or after a frame', () => {
    const later = vi.fn();
    afterNextPaint(later, 1);
    renderFrame();
    vi.advanceTimersByTime(1);
    expect(later).not.toHaveBeenCalled();
    renderFrame();
    vi.advanceTimersByTime(1);
    expect(later).toHaveBeenCalledTimes(1);
    const cancelled = vi.fn();
    const cancelBefore = afterNextPaint(cancelled, 1);
    cancelBefore();
    const cancelAfter = afterNextPaint(cancelled, 1);
    renderFrame();
    cancelAfter();
    renderFrame();
    vi.advanceTimersByTime(AFTER_PAINT_FALLBACK_MS * 3);
    expect(cancelled).not.toHaveBeenCalled();
  });
});
