import { describe, expect, it } from 'vitest';
import { Autosaver, SAVING_SHOWN_AFTER_MS, type Clock } from './autosaver';

/** Time that moves only when the test says so. */
class FakeClock implements Clock {
  now = 0;
  #timers = new Map<number, { at: number; run: () => void }>();
  #next = 1;
  setTimeout(run: () => void, ms: number): unknown {
    const id = this.#next++;
    this.#timers.set(id, { at: this.now + ms, run });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }
  get pending(): number {
    return this.#timers.size;
  }
  /** Moves time on, running each timer that falls due, in order. */
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.#timers].filter(([, t]) => t.at <= until).sort(([, a], [, b]) => a.at - b.at)[0];
      if (!due) break;
      this.#timers.delete(due[0]);
      this.now = due[1].at;
      due[1].run();
    }
    this.now = until;
  }
}

/** A document whose state is a number, with saves the test resolves or rejects by hand. */
class FakeHost {
  state = 0;
  saved = 0;
  statusShown = 0;
  writes: number[] = [];
  #pending: { state: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  isDirty = () => this.state !== this.saved;
  persist = () =>
    new Promise<{ savedAt: string }>((resolve, reject) => {
      const state = this.state;
      this.writes.push(state);
      this.#pending.push({
        state,
        resolve: () => {
          this.saved = state;
          resolve({ savedAt: `t${state}` });
        },
        reject,
      });
    });
  statusChanged = () => void this.statusShown++;
  get inFlight(): number {
    return this.#pending.length;
  }
  finish(error?: Error): void {
    const p = this.#pending.shift();
    if (!p) throw new Error('no save in flight');
    if (error) p.reject(error);
    else p.resolve();
  }
}

/** Lets queued microtasks and promise callbacks run (a signal, not a wait: nothing here depends on time). */
const drain = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

function setup(delayMs?: number) {
  const clock = new FakeClock();
  const host = new FakeHost();
  const saver = new Autosaver(host, { clock, ...(delayMs !== undefined ? { delayMs } : {}) });
  const edit = () => {
    host.state++;
    saver.changed();
  };
  return { clock, host, saver, edit };
}

describe('Autosaver', () => {
  it('saves right after the views hear of a change, once for a burst of changes', async () => {
    const { host, saver, edit } = setup();
    edit();
    edit();
    expect(saver.status).toEqual({ kind: 'unsaved' });
    await drain();
    expect(host.writes).toEqual([]); // not before the change was emitted
    saver.afterEmit();
    await drain();
    expect(host.writes).toEqual([2]);
    expect(saver.status).toEqual({ kind: 'saving' });
    host.finish();
    await drain();
    expect(saver.status).toEqual({ kind: 'saved', savedAt: 't2' });
    expect(host.statusShown).toBe(1);
  });

  it('with a delay, saves once that long after the last change', async () => {
    const { clock, host, saver, edit } = setup(500);
    edit();
    clock.advance(400);
    edit();
    clock.advance(499);
    await drain();
    expect(host.writes).toEqual([]);
    clock.advance(1);
    await drain();
    expect(host.writes).toEqual([2]);
    host.finish();
    await drain();
    expect(saver.status.kind).toBe('saved');
  });

  it('runs one save at a time: changes made while one is written go out together after it', async () => {
    const { host, saver, edit } = setup();
    edit();
    saver.afterEmit();
    await drain();
    edit();
    edit();
    saver.afterEmit();
    await drain();
    expect(host.inFlight).toBe(1);
    host.finish();
    await drain();
    // The save that waited for it now writes both changes made meanwhile, in one write.
    expect(host.writes).toEqual([1, 3]);
    expect(saver.status).toEqual({ kind: 'saving' });
    host.finish();
    await drain();
    expect(host.writes).toEqual([1, 3]);
    expect(saver.status).toEqual({ kind: 'saved', savedAt: 't3' });
  });

  it('a failed save keeps the change and says why; flush resolves, and the next save succeeds', async () => {
    const { host, saver, edit } = setup();
    edit();
    const flushed = saver.flush();
    await drain();
    host.finish(new Error('Could not save a.txt.annotations.json: the disk is full. The previous version of the file is intact'));
    await flushed;
    expect(saver.status).toEqual({ kind: 'failed', message: expect.stringContaining('the disk is full') });
    expect(host.isDirty()).toBe(true);
    const again = saver.flush();
    await drain();
    host.finish();
    await again;
    expect(saver.status.kind).toBe('saved');
    expect(host.isDirty()).toBe(false);
  });

  it('says "Saving…" only for a save still running after a moment', async () => {
    const { clock, host, saver, edit } = setup();
    edit();
    void saver.saveNow();
    await drain();
    expect(host.statusShown).toBe(0);
    clock.advance(SAVING_SHOWN_AFTER_MS - 1);
    expect(host.statusShown).toBe(0);
    clock.advance(1);
    expect(host.statusShown).toBe(1);
    host.finish();
    await drain();
    expect(host.statusShown).toBe(2);
    expect(clock.pending).toBe(0);
  });

  it('moved() after undo back to the saved state is saved again, without a write', async () => {
    const { host, saver, edit } = setup();
    edit();
    host.state--;
    saver.moved();
    expect(saver.status).toEqual({ kind: 'saved' });
    await saver.flush();
    expect(host.writes).toEqual([]);
  });

  it('dispose stops every timer', () => {
    const { clock, saver, edit } = setup(1000);
    edit();
    expect(clock.pending).toBe(1);
    saver.dispose();
    expect(clock.pending).toBe(0);
  });
});
