// Writers of one process with lock queues of their own (two windows' services
// and an import): the lock file a writer has just created, contents written
// but its creation not yet returned, must not be taken for one this process
// left behind and broken. It was: both writers then passed the conflict check
// and one's tags were overwritten (concurrent-writers.test.ts lost 2 or 3 tags
// in about one run of 60 on a loaded machine). Here the gap is made wide: the
// lock file's close is slowed down.
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { LockQueue } from './file-lock';

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof fs.open = async (...args) => {
    const handle = await fs.open(...args);
    if (args[1] !== 'wx') return handle;
    const close = handle.close.bind(handle);
    // Only the lock file is opened 'wx': its close returns a few ms later than it would.
    handle.close = () => new Promise<void>((resolve) => setTimeout(resolve, 3)).then(close);
    return handle;
  };
  return { ...fs, default: { ...fs, open }, open };
});

afterEach(cleanupTempDirs);

describe('writers of one process with queues of their own', () => {
  it('never hold the lock of a file at once, however slowly a lock file is created', async () => {
    const root = await makeTempDir({ f: 'x' });
    const file = join(root, 'f');
    let inside = 0;
    let most = 0;
    let done = 0;
    const writer = async () => {
      const queue = new LockQueue();
      for (let i = 0; i < 40; i++) {
        await queue.run(file, 'f', async () => {
          inside++;
          most = Math.max(most, inside);
          // Held across turns of the event loop, as a save's check and rename are.
          await new Promise((resolve) => setImmediate(resolve));
          inside--;
          done++;
        });
      }
    };
    await Promise.all([writer(), writer(), writer(), writer()]);
    expect(done).toBe(160);
    expect(most).toBe(1);
  }, 60_000);
});
