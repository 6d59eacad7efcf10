import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterNextPaint } from './after-next-paint';

/** Animation frames run by hand: `frame()` runs the callbacks requested before it, as a frame does. */
function frames() {
  let queue = new Map<number, FrameRequestCallback>();
  let next = 1;
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => {
    queue.set(next, cb);
    return next++;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => queue.delete(id));
  return {
    frame() {
      const now = queue;
      queue = new Map();
      for (const cb of now.values()) cb(0);
    },
  };
}

describe('afterNextPaint', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('runs in a task after the next frame, not in it', () => {
    const f = frames();
    const fn = vi.fn();
    afterNextPaint(fn);
    vi.runAllTimers();
    expect(fn).not.toHaveBeenCalled();
    f.frame();
    expect(fn).not.toHaveBeenCalled();
    vi.runAllTimers();
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('waits more frames when asked, and can be cancelled at any point', () => {
    const f = frames();
    const later = vi.fn();
    afterNextPaint(later, 1);
    f.frame();
    vi.runAllTimers();
    expect(later).not.toHaveBeenCalled();
    f.frame();
    vi.runAllTimers();
    expect(later).toHaveBeenCalledTimes(1);

    const cancelled = vi.fn();
    const cancelInFrame = afterNextPaint(cancelled);
    cancelInFrame();
    f.frame();
    vi.runAllTimers();
    const cancelAfterFrame = afterNextPaint(cancelled);
    f.frame();
    cancelAfterFrame();
    vi.runAllTimers();
    expect(cancelled).not.toHaveBeenCalled();
  });
});
