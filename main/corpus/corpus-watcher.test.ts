// The watcher over real temporary folders: changes by other programs are
// reported once, debounced; the app's own saves and same-bytes rewrites are not.
// "Nothing was reported" is checked once chokidar has taken in every change
// the test made (tests/harness/watch-probe.ts) and the debounce is flushed,
// not after a fixed wait, which a loaded machine can outlast.
import { mkdir, rename, rm, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CorpusFileEvent } from '../../app/ipc/contract';
import { serializeSidecar } from '../../app/sidecar/sidecar-io';
import { mark, seen } from '../../tests/harness/watch-probe';
import { cleanupTempDirs, entity, makeTempDir, sha256, sidecarFor, waiter } from '../test-support';
import { CorpusService } from './corpus-service';
import { MAX_DELTA_PATHS, readChangedFile, isIgnoredPath, watchCorpus, type CorpusWatcher, type CorpusWatcherOptions } from './corpus-watcher';

vi.mock('chokidar', async (original) => (await import('../../tests/harness/watch-probe')).probed(await original()));

const TEXT = 'Kim Min-jun met Li Wei in Tokyo.';
const watchers: CorpusWatcher[] = [];

afterEach(async () => {
  await Promise.all(watchers.splice(0).map((w) => w.close()));
  await cleanupTempDirs();
});

/** Debounce long enough that only flush() reports: for checks of what one report holds. */
const FLUSH_ONLY = { debounceMs: 60_000, maxDelayMs: 60_000 };

async function setup(files: Record<string, string> = {}, timing: Partial<CorpusWatcherOptions> = {}) {
  const root = await makeTempDir({
    'a.txt': TEXT,
    'a.txt.annotations.json': serializeSidecar(sidecarFor('a.txt', TEXT, [entity('k', TEXT, 0, 3)])),
    'sub/b.md': '# B\n',
    ...files,
  });
  const corpus = await CorpusService.open(root);
  const { events, watcher, until } = await watching(corpus, timing);
  /** Resolves once the watcher has taken in the changes to `rels` made since `since`, and reported all it will. */
  const settled = async (rels: string[], since: number) => {
    await seen(corpus.root, rels, since);
    await watcher.flush();
  };
  return { root, corpus, events, watcher, until, settled };
}

/** A watcher over `corpus`, its events, and a wait on them. */
async function watching(corpus: CorpusService, timing: Partial<CorpusWatcherOptions> = {}) {
  const events: CorpusFileEvent[] = [];
  const { until, notify } = waiter();
  const onEvent = (e: CorpusFileEvent) => {
    events.push(e);
    notify();
  };
  const watcher = await watchCorpus({ root: corpus.root, ledger: corpus.ledger, onEvent, debounceMs: 200, stabilityMs: 40, ...timing });
  watchers.push(watcher);
  return { events, watcher, until };
}

describe('watchCorpus', () => {
  it('reports a sidecar of a document the app opened, changed by another program, once, with its new hash', async () => {
    const { root, corpus, events, until, settled } = await setup();
    await corpus.readDocument('a.txt');
    const theirs = serializeSidecar(sidecarFor('a.txt', TEXT, [entity('k', TEXT, 0, 3), entity('t', TEXT, 16, 22)]));
    const since = mark();
    // Written in pieces, the way a sync tool might: one event for the finished file.
    await writeFile(join(root, 'a.txt.annotations.json'), theirs.slice(0, 40));
    await writeFile(join(root, 'a.txt.annotations.json'), theirs);
    await until(() => events.length > 0, 'the sidecar event');
    await settled(['a.txt.annotations.json'], since);
    expect(events).toEqual([
      { kind: 'documents-changed', root, paths: ['a.txt'] }, // its annotation count in the list may have changed
      { kind: 'sidecar-changed', root, path: 'a.txt', sidecarPath: 'a.txt.annotations.json', sidecarSha256: sha256(theirs) },
    ]);
  });

  it("does not report the app's own saves, nor a rewrite with the same bytes", async () => {
    const { root, corpus, events, settled } = await setup();
    const doc = await corpus.readDocument('a.txt');
    const since = mark();
    const saved = await corpus.writeSidecar('a.txt', { ...sidecarFor('a.txt', TEXT, [entity('mine', TEXT, 16, 22)]) }, { expectedSha256: doc.sidecarSha256 ?? null });
    // A brand-new sidecar written by the app is not news either.
    await corpus.writeSidecar('sub/b.md', sidecarFor('b.md', '# B\n'));
    const file = join(root, 'a.txt.annotations.json');
    const { readFile } = await import('node:fs/promises');
    await seen(corpus.root, ['a.txt.annotations.json', 'sub/b.md.annotations.json'], since);
    const again = mark();
    await writeFile(file, await readFile(file)); // same bytes (a sync tool re-downloading)
    await utimes(join(root, 'a.txt'), new Date(), new Date()); // touch
    await settled(['a.txt.annotations.json', 'a.txt'], again);
    expect(events).toEqual([]);
    expect(saved.sidecarSha256).toBe(sha256(await readFile(file)));
  });

  it("recognises the app's own saves by the ledger's size and time, without reading them; another program's write of the same size is read and reported", async () => {
    const root = await makeTempDir({ 'a.txt': TEXT });
    const corpus = await CorpusService.open(root);
    const read: string[] = [];
    const { events, watcher } = await watching(corpus, {
      ...FLUSH_ONLY,
      readFile: (path) => {
        read.push(path);
        return readChangedFile(path);
      },
    });
    await corpus.readDocument('a.txt');
    const since = mark();
    const saved = await corpus.writeSidecar('a.txt', sidecarFor('a.txt', TEXT, [entity('mine', TEXT, 16, 22)]), { expectedSha256: null });
    await seen(corpus.root, ['a.txt.annotations.json'], since);
    await watcher.flush();
    expect(read).toEqual([]);
    expect(events).toEqual([]);

    // Same length, other bytes (an id renamed), written later: its time differs, so it is read, and it is news.
    const file = join(root, 'a.txt.annotations.json');
    const theirs = serializeSidecar(sidecarFor('a.txt', TEXT, [entity('them', TEXT, 16, 22)]));
    expect(Buffer.byteLength(theirs)).toBe((await stat(file)).size);
    const again = mark();
    await writeFile(file, theirs);
    await seen(corpus.root, ['a.txt.annotations.json'], again);
    await watcher.flush();
    expect(read).toEqual([file]);
    expect(events).toContainEqual({ kind: 'sidecar-changed', root, path: 'a.txt', sidecarPath: 'a.txt.annotations.json', sidecarSha256: sha256(theirs) });
    expect(saved.sidecarSha256).not.toBe(sha256(theirs));
  });

  it('reads a sidecar caught half-written again before reporting it, and reports only the finished file', async () => {
    const { root, corpus, events, watcher } = await setup({}, { ...FLUSH_ONLY, retryMs: 60_000 });
    await corpus.readDocument('a.txt');
    const file = join(root, 'a.txt.annotations.json');
    const theirs = serializeSidecar(sidecarFor('a.txt', TEXT, [entity('t', TEXT, 16, 22)]));
    let since = mark();
    await writeFile(file, theirs.slice(0, 60));
    await seen(corpus.root, ['a.txt.annotations.json'], since);
    await watcher.flush();
    expect(events).toEqual([]); // not JSON yet: read again later
    since = mark();
    await writeFile(file, theirs);
    await seen(corpus.root, ['a.txt.annotations.json'], since);
    await watcher.flush();
    expect(events).toEqual([
      { kind: 'documents-changed', root, paths: ['a.txt'] },
      { kind: 'sidecar-changed', root, path: 'a.txt', sidecarPath: 'a.txt.annotations.json', sidecarSha256: sha256(theirs) },
    ]);
  });

  it('reports a sidecar that stays broken after its one second reading (the app then says what is wrong)', async () => {
    const { root, corpus, events, watcher } = await setup({}, { ...FLUSH_ONLY, retryMs: 60_000 });
    const since = mark();
    await writeFile(join(root, 'a.txt.annotations.json'), '{ "format": ');
    await seen(corpus.root, ['a.txt.annotations.json'], since);
    await watcher.flush();
    expect(events).toEqual([]);
    await watcher.flush(); // the retry's turn
    expect(events).toEqual([{ kind: 'documents-changed', root, paths: ['a.txt'] }]);
  });

  it('reports a rewritten article as source-changed, and a deleted sidecar with a null hash', async () => {
    const { root, corpus, events, until, settled } = await setup();
    await corpus.readDocument('a.txt');
    await writeFile(join(root, 'a.txt'), `UPDATED. ${TEXT}`);
    await until(() => events.length > 1, 'the source event');
    const since = mark();
    await unlink(join(root, 'a.txt.annotations.json'));
    await until(() => events.length > 3, 'the deletion event');
    await settled(['a.txt.annotations.json'], since);
    expect(events).toEqual([
      { kind: 'documents-changed', root, paths: ['a.txt'] },
      { kind: 'source-changed', root, path: 'a.txt', sha256: sha256(`UPDATED. ${TEXT}`) },
      { kind: 'documents-changed', root, paths: ['a.txt'] },
      { kind: 'sidecar-changed', root, path: 'a.txt', sidecarPath: 'a.txt.annotations.json', sidecarSha256: null },
    ]);
  });

  it('folds changes to files the app never opened into one documents-changed (a git pull over many files)', async () => {
    const { root, events, settled } = await setup({ 'c.txt': 'c', 'c.txt.annotations.json': serializeSidecar(sidecarFor('c.txt', 'c')) }, FLUSH_ONLY);
    const since = mark();
    const added = Array.from({ length: 20 }, (_, i) => `n${i}.txt`);
    for (const name of added) await writeFile(join(root, name), `new ${name}`);
    await writeFile(join(root, 'c.txt'), 'c, edited');
    await writeFile(join(root, 'c.txt.annotations.json'), serializeSidecar(sidecarFor('c.txt', 'c, edited')));
    await settled([...added, 'c.txt', 'c.txt.annotations.json'], since);
    expect(events).toEqual([{ kind: 'documents-changed', root, paths: ['c.txt', ...added].sort() }]);
  });

  it('reports files and folders added, removed or renamed as documents-changed, debounced into one event', async () => {
    const { root, events, settled } = await setup({}, FLUSH_ONLY);
    let since = mark();
    await writeFile(join(root, 'c.txt'), 'new article');
    await mkdir(join(root, 'more'));
    await writeFile(join(root, 'more/d.txt'), 'another');
    await rename(join(root, 'sub/b.md'), join(root, 'sub/b2.md'));
    await settled(['c.txt', 'more', 'more/d.txt', 'sub/b.md', 'sub/b2.md'], since);
    expect(events).toEqual([{ kind: 'documents-changed', root }]);
    events.length = 0;
    since = mark();
    await rm(join(root, 'more'), { recursive: true });
    await settled(['more'], since);
    expect(events).toEqual([{ kind: 'documents-changed', root }]);
  });

  it('ignores dot folders, backups and temporary files', async () => {
    const { root, events, settled } = await setup({ '.marginalia/schema.json': '{}' });
    const since = mark();
    await writeFile(join(root, '.marginalia/schema.json'), '{"changed": true}');
    await mkdir(join(root, '.git'));
    await writeFile(join(root, '.git/HEAD'), 'ref');
    await writeFile(join(root, 'a.txt.annotations.json.broken-2025-01-01T00-00-00-000Z.bak'), '{');
    await writeFile(join(root, 'a.txt.annotations.json.before-reanchor-2025-01-01T00-00-00-000Z.bak'), '{');
    await writeFile(join(root, 'a.txt.annotations.json.0123456789ab.tmp'), '{');
    // Each is either filtered out (it or its folder) or, were it not ignored, reported: then flushed.
    await settled(
      [
        '.marginalia/schema.json',
        '.git/HEAD',
        'a.txt.annotations.json.broken-2025-01-01T00-00-00-000Z.bak',
        'a.txt.annotations.json.before-reanchor-2025-01-01T00-00-00-000Z.bak',
        'a.txt.annotations.json.0123456789ab.tmp',
      ],
      since,
    );
    expect(events).toEqual([]);
  });

  it('reports nothing after close', async () => {
    const { root, corpus, events, watcher } = await setup();
    await watcher.close();
    // A second watcher on the folder is the witness: once it has taken in the changes, the closed one had its chance.
    const witness = await watching(corpus, FLUSH_ONLY);
    const since = mark();
    await writeFile(join(root, 'a.txt'), 'changed after close');
    await writeFile(join(root, 'new.txt'), 'x');
    await seen(corpus.root, ['a.txt', 'new.txt'], since);
    await watcher.flush(); // a pending report, were there one, is dropped
    expect(events).toEqual([]);
    await witness.watcher.flush();
    expect(witness.events.length).toBeGreaterThan(0);
  });

  it('flush() reports pending changes at once', async () => {
    const root = await makeTempDir({ 'a.txt': TEXT });
    const corpus = await CorpusService.open(root);
    const events: CorpusFileEvent[] = [];
    const watcher = await watchCorpus({ root, ledger: corpus.ledger, onEvent: (e) => events.push(e), debounceMs: 10_000, maxDelayMs: 10_000, stabilityMs: 20 });
    watchers.push(watcher);
    const since = mark();
    await writeFile(join(root, 'b.txt'), 'b');
    await seen(corpus.root, ['b.txt'], since); // the change is pending, not yet reported
    expect(events).toEqual([]);
    await watcher.flush();
    expect(events).toEqual([{ kind: 'documents-changed', root, paths: ['b.txt'] }]);
  });

  it('names no documents when more changed than a list update is worth (a large git pull): the list is read again', async () => {
    const { root, events, settled } = await setup({}, FLUSH_ONLY);
    const since = mark();
    const added = Array.from({ length: MAX_DELTA_PATHS + 1 }, (_, i) => `m${i}.txt`);
    await Promise.all(added.map((name) => writeFile(join(root, name), name)));
    await settled(added, since);
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
