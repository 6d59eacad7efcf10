// A value that follows another one frame late: after the frame that shows the
// change has painted. A tag's keydown then renders and paints the article's
// highlight alone; the toolbar, status bar, arcs and side panel follow in a
// task after that paint. React's useDeferredValue is not enough for this: its
// render is a task that Chromium may run before the frame, delaying the paint.
import { useEffect, useState } from 'react';
import { afterNextPaint } from './after-paint';

export function useAfterPaint<T>(value: T): T {
  const [late, setLate] = useState(value);
  useEffect(() => {
    if (Object.is(late, value)) return;
    return afterNextPaint(() => setLate(() => value));
  }, [value, late]);
  return late;
}
