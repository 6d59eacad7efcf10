// Work over many items (the scan's thousands of files) done synchronously, a
// slice at a time, yielding to the event loop between slices: blocking reads
// of small files cost a fraction of a promise per file (open, fstat, read,
// close through libuv's threads and back), and yielding every few
// milliseconds keeps main answering IPC meanwhile.

/** Longest stretch of synchronous work between two yields (main must never block 100 ms). */
export const SLICE_MS = 10;

export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The clock of long work done on main a slice at a time (the scan, the
 * search build, the saved index, refreshes): `spent` once a slice has run
 * `sliceMs`, then `next()` yields to the event loop and starts another.
 */
export class TimeSlices {
  private start = performance.now();

  constructor(private readonly sliceMs = SLICE_MS) {}

  get spent(): boolean {
    return performance.now() - this.start >= this.sliceMs;
  }

  async next(): Promise<void> {
    await yieldToEventLoop();
    this.start = performance.now();
  }

  /** next() when the slice is spent: for loops that await at every step anyway. */
  async pause(): Promise<void> {
    if (this.spent) await this.next();
  }
}

/**
 * fn over every item, in order, one at a time; the results in the items'
 * order. fn may return a promise for the rare item that needs one (it is
 * awaited before the next). Yields to the event loop whenever a slice has
 * run `sliceMs` or longer.
 */
export async function mapInSlices<T, R>(items: readonly T[], fn: (item: T) => R | Promise<R>, sliceMs = SLICE_MS): Promise<R[]> {
  const out = new Array<R>(items.length);
  const slices = new TimeSlices(sliceMs);
  for (let i = 0; i < items.length; i++) {
    const result = fn(items[i] as T);
    out[i] = result instanceof Promise ? await result : result;
    if (slices.spent) await slices.next();
  }
  return out;
}
