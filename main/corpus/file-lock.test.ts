import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import { spawnSync } from 'node:child_process';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { LockQueue, fileIdentity, isLockArtifact } from './file-lock';

afterEach(cleanupTempDirs);

/** A pid that is certainly not running: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid ?? 999_999;
}

describe('LockQueue (a lock file beside the target, as git index.lock)', () => {
  it('holds <file>.lock while the task runs and removes it after', async () => {
    const root = await makeTempDir({ f: 'x' });
    const seen = await new LockQueue().run(join(root, 'f'), 'f', async () => readdir(root));
    expect(seen.sort()).toEqual(['f', 'f.lock']);
    expect(await readdir(root)).toEqual(['f']);
  });

  it('breaks a lock left by a process that died, at once', async () => {
    const root = await makeTempDir({ f: 'x' });
    await writeFile(join(root, 'f.lock'), JSON.stringify({ pid: deadPid(), host: hostname(), time: Date.now(), token: 'gone' }));
    expect(await new LockQueue().run(join(root, 'f'), 'f', async () => 'ran', { timeoutMs: 200 })).toBe('ran');
    expect(await readdir(root)).toEqual(['f']);
  });

  it('waits for a live holder and, past the time limit, says who holds it and that nothing changed', async () => {
    const root = await makeTempDir({ f: 'x' });
    // The test runner's parent process stands for another live process holding the lock.
    await writeFile(join(root, 'f.lock'), JSON.stringify({ pid: process.ppid, host: hostname(), time: Date.now(), token: 'live' }));
    await expect(new LockQueue().run(join(root, 'f'), 'docs/f', async () => 'ran', { timeoutMs: 100 })).rejects.toMatchObject({
      code: 'io',
      message: expect.stringContaining(`Could not save docs/f: another program (process ${process.ppid}) is writing it (docs/f.lock exists). Nothing was changed`),
    });
    expect((await readdir(root)).sort()).toEqual(['f', 'f.lock']);
  });

  it('breaks a lock of another host older than the bound', async () => {
    const root = await makeTempDir({ f: 'x' });
    await writeFile(join(root, 'f.lock'), JSON.stringify({ pid: 1, host: 'elsewhere', time: Date.now() - 60_000, token: 'old' }));
    expect(await new LockQueue().run(join(root, 'f'), 'f', async () => 'ran', { staleMs: 30_000, timeoutMs: 200 })).toBe('ran');
  });

  it('never breaks the lock of a live process on this host, however old (a long import)', async () => {
    const root = await makeTempDir({ f: 'x' });
    await writeFile(join(root, 'f.lock'), JSON.stringify({ pid: process.ppid, host: hostname(), time: Date.now() - 3_600_000, token: 'long' }));
    await expect(new LockQueue().run(join(root, 'f'), 'f', async () => 'ran', { staleMs: 1000, timeoutMs: 100 })).rejects.toMatchObject({ code: 'io' });
  });

  it('runs the tasks of one file one at a time, in order', async () => {
    const root = await makeTempDir({ f: 'x' });
    const queue = new LockQueue();
    const order: string[] = [];
    let inside = 0;
    const task = (name: string) => async () => {
      inside++;
      expect(inside).toBe(1);
      await Promise.resolve();
      order.push(name);
      inside--;
    };
    await Promise.all(['a', 'b', 'c'].map((n) => queue.run(join(root, 'f'), 'f', task(n))));
    expect(order).toEqual(['a', 'b', 'c']);
  });
});

describe('fileIdentity', () => {
  it('changes when the file is rewritten or replaced, and is null when it is gone', async () => {
    const root = await makeTempDir({ f: 'x' });
    const file = join(root, 'f');
    const first = await fileIdentity(file);
    await writeFile(file, 'y');
    expect(await fileIdentity(file)).not.toBe(first);
    expect(await fileIdentity(join(root, 'none'))).toBeNull();
  });
});

describe('isLockArtifact', () => {
  it('names sidecar lock files and locks moved aside, not documents that happen to end in .lock', () => {
    expect(isLockArtifact('a.txt.annotations.json.lock')).toBe(true);
    expect(isLockArtifact('a.txt.annotations.json.lock.0123456789ab.stale')).toBe(true);
    expect(isLockArtifact('notes.lock')).toBe(false);
    expect(isLockArtifact('a.txt')).toBe(false);
  });
});
