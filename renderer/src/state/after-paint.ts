// "After the next frame has painted": a task queued from the next animation
// frame runs after that frame's rendering step. A tag uses it to paint its
// highlight alone in the keydown's frame and tell everything else afterwards;
// a scroll jump draws the lines near the view first and the rest after it.

/** How long a change may wait for an animation frame that does not come (a window being hidden). */
export const AFTER_PAINT_FALLBACK_MS = 100;

/**
 * Runs `run` once the next frame has painted (at once, in a task, when the page is hidden); `frames` more
 * frames later when asked (the arcs wait for the names, their obstacles). Returns a cancel.
 */
export function afterNextPaint(run: () => void, frames = 0): () => void {
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let done = false;
  const fire = () => {
    if (done) return;
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(fallback);
    run();
  };
  // A hidden page gets no animation frames: the change (and its save) must not wait for the window to come back.
  const fallback = setTimeout(fire, document.visibilityState === 'hidden' ? 0 : AFTER_PAINT_FALLBACK_MS * (frames + 1));
  const wait = (left: number) => {
    frame = requestAnimationFrame(() => {
      if (left > 0) wait(left - 1);
      else timer = setTimeout(fire, 0);
    });
  };
  wait(frames);
  return () => {
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(fallback);
    if (timer !== undefined) clearTimeout(timer);
  };
}
