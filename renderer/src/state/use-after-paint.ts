// A value that follows another one frame late: after the frame that shows the
// change has painted. A tag's keydown then renders and paints the article's
// highlight alone; the toolbar, status bar, arcs and side panel follow in a
// task after that paint. React's useDeferredValue is not enough for this: its
// render is a task that Chromium may run before the frame, delaying the paint.
import { useEffect, useState } from 'react';

export function useAfterPaint<T>(value: T): T {
  const [late, setLate] = useState(value);
  useEffect(() => {
    if (Object.is(late, value)) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The animation frame runs before the paint; a task queued from it runs after.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setLate(() => value), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [value, late]);
  return late;
}
