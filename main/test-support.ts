// Helpers for tests over real temporary folders (not itself a test file).
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { codePointLength } from '../app/offsets';
import { emptySidecar } from '../app/sidecar/sidecar-io';
import type { Annotation, Sidecar } from '../app/sidecar/sidecar-schema';
import { CorpusError } from './corpus/paths';

const made: string[] = [];

/** A fresh temporary folder (real path) with `files` written into it; removed by cleanupTempDirs(). */
export async function makeTempDir(files: Record<string, string | Uint8Array> = {}): Promise<string> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'marginalia-test-')));
  made.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    const file = join(dir, rel);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  return dir;
}

export async function cleanupTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

export function sha256(bytes: string | Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** An entity annotation over [start, end) of `text` (code points; the tests use BMP text). */
export function entity(id: string, text: string, start: number, end: number, label = 'PERSON'): Annotation {
  return { id, type: 'entity', label, start, end, text: text.slice(start, end), prefix: '', suffix: '' };
}

/** A valid sidecar for a source file holding `text` (UTF-8, no BOM). */
export function sidecarFor(name: string, text: string, annotations: Annotation[] = [], status: Sidecar['status'] = 'todo'): Sidecar {
  return { ...emptySidecar({ name, sha256: sha256(text), length: codePointLength(text) }), status, annotations };
}

/** The CorpusError `p` rejects with; fails when it resolves or rejects with anything else. */
export async function errorOf(p: Promise<unknown>): Promise<CorpusError> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof CorpusError)) throw new Error(`expected a CorpusError, got ${String(e)}`);
    return e;
  }
  throw new Error('expected a CorpusError');
}

/** A signal-driven wait: resolves when `check` holds, re-tested on each notify. */
export function waiter() {
  const listeners = new Set<() => void>();
  const until = (check: () => boolean, what: string, timeoutMs = 15_000) =>
    new Promise<void>((resolve, reject) => {
      const test = () => {
        if (!check()) return;
        listeners.delete(test);
        clearTimeout(timer);
        resolve();
      };
      // A bound on a signal that never came, not a wait for nothing.
      const timer = setTimeout(() => {
        listeners.delete(test);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      listeners.add(test);
      test();
    });
  return { until, notify: () => [...listeners].forEach((l) => l()) };
}
