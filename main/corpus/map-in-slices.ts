// Work over many items (the scan's thousands of files) done synchronously, a
// slice at a time, yielding to the event loop between slices: blocking reads
// of small files cost a fraction of a promise per file (open, fstat, read,
// close through libuv's threads and back), and yielding every few
// milliseconds keeps main answering IPC meanwhile.

/** Longest stretch of synchronous work between two yields (main must never block 100 ms). */
export const SLICE_MS = 10;

export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * fn over every item, in order, one at a time; the results in the items'
 * order. fn may return a promise for the rare item that needs one (it is
 * awaited before the next). Yields to the event loop whenever a slice has
 * run `sliceMs` or longer.
 */
export async function mapInSlices<T, R>(items: readonly T[], fn: (item: T) => R | Promise<R>, sliceMs = SLICE_MS): Promise<R[]> {
  const out = new Array<R>(items.length);
  let sliceStart = performance.now();
  for (let i = 0; i < items.length; i++) {
    const result = fn(items[i] as T);
    out[i] = result instanceof Promise ? await result : result;
    if (performance.now() - sliceStart >= sliceMs) {
      await yieldToEventLoop();
      sliceStart = performance.now();
    }
  }
  return out;
}
