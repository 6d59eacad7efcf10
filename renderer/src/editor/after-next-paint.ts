// Work that can wait for the frame in hand to be painted: the rest of the
// window around the view after a jump (highlights, names, arcs). The same
// timing as state/use-after-paint.ts, for code outside React.

/**
 * Runs `fn` in a task after the next frame has painted (a task queued from an
 * animation frame runs after that frame's paint); `frames` more frames later
 * when asked. Returns a cancel function.
 */
export function afterNextPaint(fn: () => void, frames = 0): () => void {
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const wait = (left: number) => {
    frame = requestAnimationFrame(() => {
      frame = 0;
      if (left > 0) wait(left - 1);
      else timer = setTimeout(fn, 0);
    });
  };
  wait(frames);
  return () => {
    cancelAnimationFrame(frame);
    if (timer !== undefined) clearTimeout(timer);
  };
}
