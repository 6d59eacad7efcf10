// The watcher over real temporary folders: changes by other programs are
// reported once, debounced; the app's own saves and same-bytes rewrites are not.
import { mkdir, rename, rm, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CorpusFileEvent } from '../../app/ipc/contract';
import { serializeSidecar } from '../../app/sidecar/sidecar-io';
import { cleanupTempDirs, entity, makeTempDir, sha256, sidecarFor } from '../test-support';
import { CorpusService } from './corpus-service';
import { isIgnoredPath, watchCorpus, type CorpusWatcher } from './corpus-watcher';

const TEXT = 'Kim Min-jun met Li Wei in Tokyo.';
const watchers: CorpusWatcher[] = [];

afterEach(async () => {
  await Promise.all(watchers.splice(0).map((w) => w.close()));
  await cleanupTempDirs();
});

async function setup(files: Record<string, string> = {}) {
  const root = await makeTempDir({
    'a.txt': TEXT,
    'a.txt.annotations.json': serializeSidecar(sidecarFor('a.txt', TEXT, [entity('k', TEXT, 0, 3)])),
    'sub/b.md': '# B\n',
    ...files,
  });
  const corpus = await CorpusService.open(root);
  const events: CorpusFileEvent[] = [];
  const watcher = await watchCorpus({ root: corpus.root, ledger: corpus.ledger, onEvent: (e) => events.push(e), debounceMs: 200, stabilityMs: 40 });
  watchers.push(watcher);
  return { root, corpus, events, watcher };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, what: string, timeoutMs = 4000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Waits long enough for any (wrong) event to have arrived. */
const settle = () => sleep(800);

describe('watchCorpus', () => {
  it('reports a sidecar of a document the app opened, changed by another program, once, with its new hash', async () => {
    const { root, corpus, events } = await setup();
    await corpus.readDocument('a.txt');
    const theirs = serializeSidecar(sidecarFor('a.txt', TEXT, [entity('k', TEXT, 0, 3), entity('t', TEXT, 16, 22)]));
    // Written in pieces, the way a sync tool might: one event for the finished file.
    await writeFile(join(root, 'a.txt.annotations.json'), theirs.slice(0, 40));
    await writeFile(join(root, 'a.txt.annotations.json'), theirs);
    await until(() => events.length > 0, 'the sidecar event');
    await settle();
    expect(events).toEqual([
      { kind: 'documents-changed', root }, // its annotation count in the list may have changed
      { kind: 'sidecar-changed', root, path: 'a.txt', sidecarPath: 'a.txt.annotations.json', sidecarSha256: sha256(theirs) },
    ]);
  });

  it("does not report the app's own saves, nor a rewrite with the same bytes", async () => {
    const { root, corpus, events } = await setup();
    const doc = await corpus.readDocument('a.txt');
    const saved = await corpus.writeSidecar('a.txt', { ...sidecarFor('a.txt', TEXT, [entity('mine', TEXT, 16, 22)]) }, { expectedSha256: doc.sidecarSha256 ?? null });
    // A brand-new sidecar written by the app is not news either.
    await corpus.writeSidecar('sub/b.md', sidecarFor('b.md', '# B\n'));
    const file = join(root, 'a.txt.annotations.json');
    const { readFile } = await import('node:fs/promises');
    await writeFile(file, await readFile(file)); // same bytes (a sync tool re-downloading)
    await utimes(join(root, 'a.txt'), new Date(), new Date()); // touch
    await settle();
    expect(events).toEqual([]);
    expect(saved.sidecarSha256).toBe(sha256(await readFile(file)));
  });

  it('reports a rewritten article as source-changed, and a deleted sidecar with a null hash', async () => {
    const { root, corpus, events } = await setup();
    await corpus.readDocument('a.txt');
    await writeFile(join(root, 'a.txt'), `UPDATED. ${TEXT}`);
    await until(() => events.length > 1, 'the source event');
    await unlink(join(root, 'a.txt.annotations.json'));
    await until(() => events.length > 3, 'the deletion event');
    await settle();
    expect(events).toEqual([
      { kind: 'documents-changed', root },
      { kind: 'source-changed', root, path: 'a.txt', sha256: sha256(`UPDATED. ${TEXT}`) },
      { kind: 'documents-changed', root },
      { kind: 'sidecar-changed', root, path: 'a.txt', sidecarPath: 'a.txt.annotations.json', sidecarSha256: null },
    ]);
  });

  it('folds changes to files the app never opened into one documents-changed (a git pull over many files)', async () => {
    const { root, events } = await setup({ 'c.txt': 'c', 'c.txt.annotations.json': serializeSidecar(sidecarFor('c.txt', 'c')) });
    for (let i = 0; i < 20; i++) await writeFile(join(root, `n${i}.txt`), `new ${i}`);
    await writeFile(join(root, 'c.txt'), 'c, edited');
    await writeFile(join(root, 'c.txt.annotations.json'), serializeSidecar(sidecarFor('c.txt', 'c, edited')));
    await until(() => events.length > 0, 'the event');
    await settle();
    expect(events).toEqual([{ kind: 'documents-changed', root }]);
  });

  it('reports files and folders added, removed or renamed as documents-changed, debounced into one event', async () => {
    const { root, events } = await setup();
    await writeFile(join(root, 'c.txt'), 'new article');
    await mkdir(join(root, 'more'));
    await writeFile(join(root, 'more/d.txt'), 'another');
    await rename(join(root, 'sub/b.md'), join(root, 'sub/b2.md'));
    await until(() => events.length > 0, 'the documents event');
    await settle();
    expect(events).toEqual([{ kind: 'documents-changed', root }]);
    events.length = 0;
    await rm(join(root, 'more'), { recursive: true });
    await until(() => events.length > 0, 'the removal event');
    await settle();
    // The folder's removal may arrive in more than one burst; it is never anything but documents-changed.
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.kind === 'documents-changed' && e.root === root)).toBe(true);
  });

  it('ignores dot folders, backups and temporary files', async () => {
    const { root, events } = await setup({ '.marginalia/schema.json': '{}' });
    await writeFile(join(root, '.marginalia/schema.json'), '{"changed": true}');
    await mkdir(join(root, '.git'));
    await writeFile(join(root, '.git/HEAD'), 'ref');
    await writeFile(join(root, 'a.txt.annotations.json.broken-2025-01-01T00-00-00-000Z.bak'), '{');
    await writeFile(join(root, 'a.txt.annotations.json.before-reanchor-2025-01-01T00-00-00-000Z.bak'), '{');
    await writeFile(join(root, 'a.txt.annotations.json.0123456789ab.tmp'), '{');
    await settle();
    expect(events).toEqual([]);
  });

  it('reports nothing after close', async () => {
    const { root, events, watcher } = await setup();
    await watcher.close();
    await writeFile(join(root, 'a.txt'), 'changed after close');
    await writeFile(join(root, 'new.txt'), 'x');
    await settle();
    expect(events).toEqual([]);
  });

  it('flush() reports pending changes at once', async () => {
    const root = await makeTempDir({ 'a.txt': TEXT });
    const corpus = await CorpusService.open(root);
    const events: CorpusFileEvent[] = [];
    const watcher = await watchCorpus({ root, ledger: corpus.ledger, onEvent: (e) => events.push(e), debounceMs: 10_000, maxDelayMs: 10_000, stabilityMs: 20 });
    watchers.push(watcher);
    await writeFile(join(root, 'b.txt'), 'b');
    await sleep(300);
    expect(events).toEqual([]);
    await watcher.flush();
    expect(events).toEqual([{ kind: 'documents-changed', root }]);
  });
});

describe('isIgnoredPath', () => {
  it('ignores what the scanner never lists, but not sidecars or documents', () => {
    expect(isIgnoredPath('a.txt')).toBe(false);
    expect(isIgnoredPath('sub/a.txt.annotations.json')).toBe(false);
    expect(isIgnoredPath('photo.jpg')).toBe(false);
    expect(isIgnoredPath('.git/index')).toBe(true);
    expect(isIgnoredPath('sub/.DS_Store')).toBe(true);
    expect(isIgnoredPath('node_modules/x/readme.txt')).toBe(true);
    expect(isIgnoredPath('a.txt.annotations.json.v1.bak')).toBe(true);
    expect(isIgnoredPath('a.txt.annotations.json.3735928559')).toBe(true);
    expect(isIgnoredPath('a.txt.annotations.json.0a1b2c3d4e5f.tmp')).toBe(true);
  });
});
