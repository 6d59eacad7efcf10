// Saving sidecars when things go wrong: another program changed the file,
// the source changed (re-anchoring), the disk is full, permission is refused,
// the app crashes mid-write. In every case the previous sidecar stays whole
// and the error names the file and says what happened in plain words.
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSidecar, serializeSidecar } from '../../app/sidecar/sidecar-io';
import type { Annotation, Sidecar } from '../../app/sidecar/sidecar-schema';
import { readSidecarFixture } from '../../tests/fixtures/sidecars';
import { cleanupTempDirs, entity, errorOf, makeTempDir, sha256, sidecarFor } from '../test-support';
import { nodeFs, type AtomicFs, type WritableFile } from './atomic-write';
import { CorpusService } from './corpus-service';

afterEach(cleanupTempDirs);

const OLD = 'Kim Min-jun met Li Wei in Tokyo on Tuesday.';
const NEW = 'UPDATED. Kim Min-jun met Li Wei in Tokyo on Tuesday.';

function errno(code: string, syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated failure, ${syscall}`), { code, syscall });
}

/** The real file system with some calls replaced. */
function faultyFs(over: Partial<AtomicFs>): AtomicFs {
  return { ...nodeFs, ...over };
}

/** Opens real files but replaces what writing to them does. */
function withWrite(write: (real: WritableFile, data: Uint8Array, path: string) => Promise<void>, only?: (path: string) => boolean): Partial<AtomicFs> {
  return {
    async open(path, flags, mode) {
      const real = await nodeFs.open(path, flags, mode);
      if (only && !only(path)) return real;
      return { writeFile: (data) => write(real, data, path), sync: () => real.sync(), close: () => real.close() };
    },
  };
}

const never = () => new Promise<never>(() => {});

/** A crash point: `hit()` marks it reached, `reached` resolves then (the test's timeout fails a save that never gets there). */
function crashPoint() {
  let hit!: () => void;
  const reached = new Promise<void>((resolve) => (hit = resolve));
  return { hit, reached };
}

/** A corpus with a.txt and a saved sidecar holding one annotation; returns the sidecar's exact bytes. */
async function savedCorpus(options: { fs?: AtomicFs; staleTempMs?: number } = {}) {
  const sidecar = sidecarFor('a.txt', OLD, [entity('k', OLD, 0, 11)]);
  const bytes = serializeSidecar(sidecar);
  const root = await makeTempDir({ 'a.txt': OLD, 'a.txt.annotations.json': bytes });
  const corpus = await CorpusService.open(root, options);
  return { root, corpus, sidecar, bytes, file: join(root, 'a.txt.annotations.json') };
}

function withAnnotation(sidecar: Sidecar, a: Annotation): Sidecar {
  return { ...sidecar, annotations: [...sidecar.annotations, a] };
}

describe('saveSidecar conflict guard (expectedSha256)', () => {
  it('saves when the file is what the app last read, and returns the hash of what it wrote', async () => {
    const { corpus, sidecar, bytes, file } = await savedCorpus();
    const doc = await corpus.readDocument('a.txt');
    expect(doc.sidecarSha256).toBe(sha256(bytes));
    const next = withAnnotation(sidecar, entity('l', OLD, 20, 26));
    const saved = await corpus.writeSidecar('a.txt', next, { expectedSha256: doc.sidecarSha256 ?? null });
    expect(saved.sidecarSha256).toBe(sha256(await readFile(file)));
    // The returned hash is the one to expect next time.
    await corpus.writeSidecar('a.txt', sidecar, { expectedSha256: saved.sidecarSha256 });
    expect(await readFile(file, 'utf8')).toBe(bytes);
  });

  it("refuses with 'conflict', naming the file, when another program changed it; nothing is written", async () => {
    const { corpus, sidecar, file } = await savedCorpus();
    const doc = await corpus.readDocument('a.txt');
    const theirs = serializeSidecar(withAnnotation(sidecar, entity('theirs', OLD, 25, 30)));
    await writeFile(file, theirs); // git pull, a sync tool…
    const e = await errorOf(corpus.writeSidecar('a.txt', withAnnotation(sidecar, entity('mine', OLD, 20, 26)), { expectedSha256: doc.sidecarSha256 ?? null }));
    expect(e.code).toBe('conflict');
    expect(e.message).toMatch(/^a\.txt\.annotations\.json was changed by another program since it was opened; it was not overwritten/);
    expect(await readFile(file, 'utf8')).toBe(theirs);
  });

  it('tells a file created or deleted by another program from one it changed', async () => {
    const root = await makeTempDir({ 'a.txt': OLD });
    const corpus = await CorpusService.open(root);
    const doc = await corpus.readDocument('a.txt');
    expect(doc.sidecarSha256).toBeNull();
    const theirs = serializeSidecar(sidecarFor('a.txt', OLD, [entity('t', OLD, 0, 3)]));
    await writeFile(join(root, 'a.txt.annotations.json'), theirs);
    const created = await errorOf(corpus.writeSidecar('a.txt', sidecarFor('a.txt', OLD), { expectedSha256: null }));
    expect(created).toMatchObject({ code: 'conflict', message: expect.stringContaining('was created by another program') });
    expect(await readFile(join(root, 'a.txt.annotations.json'), 'utf8')).toBe(theirs);

    const { corpus: c2, file } = await savedCorpus();
    const read = await c2.readDocument('a.txt');
    await writeFile(file, ''); // about to be deleted: make sure the hash differs either way
    const { unlink } = await import('node:fs/promises');
    await unlink(file);
    const deleted = await errorOf(c2.writeSidecar('a.txt', sidecarFor('a.txt', OLD), { expectedSha256: read.sidecarSha256 ?? null }));
    expect(deleted).toMatchObject({ code: 'conflict', message: expect.stringContaining('was deleted by another program') });
  });

  it('does not check when no expected hash is given (the current renderer)', async () => {
    const { corpus, file } = await savedCorpus();
    await writeFile(file, serializeSidecar(sidecarFor('a.txt', OLD)));
    await corpus.writeSidecar('a.txt', sidecarFor('a.txt', OLD, [entity('x', OLD, 0, 3)]));
    expect(parseSidecar(await readFile(file, 'utf8'))).toMatchObject({ ok: true, sidecar: { annotations: [{ id: 'x' }] } });
  });
});

describe('saving after re-anchoring', () => {
  it('keeps a copy of the sidecar made for the old source, once, before writing the re-anchored one', async () => {
    const { root, corpus, bytes, file } = await savedCorpus();
    await writeFile(join(root, 'a.txt'), NEW);
    const doc = await corpus.readDocument('a.txt');
    expect(doc.sourceChanged).toBe(true);
    expect(doc.sidecar?.annotations[0]).toMatchObject({ id: 'k', start: 9, end: 20, text: 'Kim Min-jun' });
    expect(await readFile(file, 'utf8')).toBe(bytes); // opening wrote nothing

    const saved = await corpus.writeSidecar('a.txt', doc.sidecar as Sidecar, { expectedSha256: doc.sidecarSha256 ?? null });
    const backups = (await readdir(root)).filter((n) => n.includes('.before-reanchor-'));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/^a\.txt\.annotations\.json\.before-reanchor-[0-9TZ-]+\.bak$/);
    expect(await readFile(join(root, backups[0] as string), 'utf8')).toBe(bytes);
    const written = parseSidecar(await readFile(file, 'utf8'));
    expect(written).toMatchObject({ ok: true, sidecar: { source: { sha256: sha256(NEW) }, annotations: [{ id: 'k', start: 9 }] } });

    // The next open is no longer a changed source, and later saves keep no more copies.
    const again = await corpus.readDocument('a.txt');
    expect(again.sourceChanged).toBe(false);
    expect(again.reanchor).toBeUndefined();
    await corpus.writeSidecar('a.txt', again.sidecar as Sidecar, { expectedSha256: saved.sidecarSha256 });
    expect((await readdir(root)).filter((n) => n.includes('.before-reanchor-'))).toHaveLength(1);
    // Backups are never listed as documents.
    expect((await corpus.listDocuments()).map((d) => d.path)).toEqual(['a.txt']);
  });

  it('keeps orphans on disk when the app saves without them, and drops them only when told', async () => {
    const { root, corpus, file } = await savedCorpus();
    await writeFile(join(root, 'a.txt'), 'A different article altogether.');
    const doc = await corpus.readDocument('a.txt');
    expect(doc.sidecar?.orphans?.map((o) => o.id)).toEqual(['k']);
    expect(doc.reanchor?.orphaned).toEqual([{ id: 'k', text: 'Kim Min-jun', from: { start: 0, end: 11 }, reason: 'not-found' }]);
    await corpus.writeSidecar('a.txt', doc.sidecar as Sidecar);
    expect(parseSidecar(await readFile(file, 'utf8'))).toMatchObject({ ok: true, sidecar: { annotations: [], orphans: [{ id: 'k' }] } });
    // The listing counts them apart from the placed annotations.
    expect((await corpus.listDocuments())[0]).toMatchObject({ path: 'a.txt', annotationCount: 0, orphanCount: 1 });

    // A caller that knows nothing of orphans (no `orphans` key) does not drop them…
    const { orphans: _orphans, ...withoutOrphans } = doc.sidecar as Sidecar;
    const newText = 'A different article altogether.';
    await corpus.writeSidecar('a.txt', { ...withoutOrphans, annotations: [entity('n', newText, 2, 11)] });
    expect(parseSidecar(await readFile(file, 'utf8'))).toMatchObject({ ok: true, sidecar: { annotations: [{ id: 'n' }], orphans: [{ id: 'k' }] } });
    // …nor duplicates one it re-attached (same id, now placed)…
    await corpus.writeSidecar('a.txt', { ...withoutOrphans, annotations: [{ ...entity('k', newText, 2, 11) }] });
    const reattached = parseSidecar(await readFile(file, 'utf8'));
    expect(reattached.ok && reattached.sidecar.orphans).toBeUndefined();
    expect(reattached.ok && reattached.sidecar.annotations.map((a) => a.id)).toEqual(['k']);
    // …and an explicit list (even empty) is the whole list.
    await writeFile(file, serializeSidecar({ ...(doc.sidecar as Sidecar) }));
    await corpus.writeSidecar('a.txt', { ...withoutOrphans, orphans: [] });
    const dropped = parseSidecar(await readFile(file, 'utf8'));
    expect(dropped.ok && dropped.sidecar.orphans).toBeUndefined();
  });

  it('keeps the version 1 file as .v1.bak, once, before writing the current version', async () => {
    const v1 = readSidecarFixture('v1-full.annotations.json');
    const text = await readFile(new URL('../../tests/fixtures/sidecars/v1-full.txt', import.meta.url));
    const root = await makeTempDir({ 'v1-full.txt': text, 'v1-full.txt.annotations.json': v1 });
    const corpus = await CorpusService.open(root);
    const doc = await corpus.readDocument('v1-full.txt');
    expect(doc.sourceChanged).toBe(false);
    await corpus.writeSidecar('v1-full.txt', doc.sidecar as Sidecar);
    expect(await readFile(join(root, 'v1-full.txt.annotations.json.v1.bak'), 'utf8')).toBe(v1);
    expect(await readFile(join(root, 'v1-full.txt.annotations.json'), 'utf8')).toBe(v1.replace('"version": 1,', '"version": 3,'));
    await corpus.writeSidecar('v1-full.txt', doc.sidecar as Sidecar);
    expect((await readdir(root)).sort()).toEqual(['v1-full.txt', 'v1-full.txt.annotations.json', 'v1-full.txt.annotations.json.v1.bak']);
  });
});

describe('saving a sidecar that holds merge conflicts (version 3)', () => {
  it('keeps the conflicts on disk when the app saves without them, and drops them only when told', async () => {
    const v3 = readSidecarFixture('v3-conflicts.annotations.json');
    const text = await readFile(new URL('../../tests/fixtures/sidecars/v1-full.txt', import.meta.url));
    const root = await makeTempDir({ 'v1-full.txt': text, 'v1-full.txt.annotations.json': v3 });
    const corpus = await CorpusService.open(root);
    const doc = await corpus.readDocument('v1-full.txt');
    expect(doc.sidecarProblem).toBeUndefined();
    expect(doc.sidecar?.conflicts).toHaveLength(4);
    const { conflicts: _c, ...withoutConflicts } = doc.sidecar as Sidecar;
    await corpus.writeSidecar('v1-full.txt', { ...withoutConflicts, status: 'in-progress' });
    const file = join(root, 'v1-full.txt.annotations.json');
    const kept = parseSidecar(await readFile(file, 'utf8'));
    expect(kept.ok && kept.sidecar.conflicts?.map((c) => `${c.kind}:${c.id}`)).toEqual(['status:status', 'annotation:e1', 'annotation:e4', 'relation:r1']);
    await corpus.writeSidecar('v1-full.txt', { ...withoutConflicts, conflicts: [] });
    const decided = parseSidecar(await readFile(file, 'utf8'));
    expect(decided.ok && decided.sidecar.conflicts).toBeUndefined();
  });
});

describe('atomic writes with failures injected', () => {
  async function expectUntouched(root: string, bytes: string) {
    expect(await readFile(join(root, 'a.txt.annotations.json'), 'utf8')).toBe(bytes);
    expect((await readdir(root)).sort()).toEqual(['a.txt', 'a.txt.annotations.json']);
  }

  it('a full disk (ENOSPC) half-way through leaves the previous sidecar byte for byte, no temporary file, and says so plainly', async () => {
    const fs = faultyFs(
      withWrite(async (real, data) => {
        await real.writeFile(data.subarray(0, data.length >> 1));
        throw errno('ENOSPC', 'write');
      }),
    );
    const { root, corpus, sidecar, bytes } = await savedCorpus({ fs });
    const e = await errorOf(corpus.writeSidecar('a.txt', withAnnotation(sidecar, entity('l', OLD, 20, 26))));
    expect(e.code).toBe('io');
    expect(e.message).toBe('Could not save a.txt.annotations.json: the disk is full (ENOSPC). The previous version of the file is intact');
    await expectUntouched(root, bytes);
    // The app's view of the file is unchanged too: a later read sees the old annotations.
    expect((await corpus.readDocument('a.txt')).sidecar?.annotations.map((a) => a.id)).toEqual(['k']);
  });

  it('a refused permission (EACCES) names the file and says so plainly', async () => {
    const fs = faultyFs({ open: async () => Promise.reject(errno('EACCES', 'open')) });
    const { root, corpus, sidecar, bytes } = await savedCorpus({ fs });
    const e = await errorOf(corpus.writeSidecar('a.txt', sidecar));
    expect(e.code).toBe('io');
    expect(e.message).toMatch(/^Could not save a\.txt\.annotations\.json: permission denied .*\(EACCES\)\. The previous version of the file is intact$/);
    await expectUntouched(root, bytes);
  });

  it('a failing rename (EXDEV, EBUSY…) removes the temporary file', async () => {
    const fs = faultyFs({ rename: async () => Promise.reject(errno('EBUSY', 'rename')) });
    const { root, corpus, sidecar, bytes } = await savedCorpus({ fs });
    expect((await errorOf(corpus.writeSidecar('a.txt', sidecar))).message).toContain('the file is busy (another program is using it) (EBUSY)');
    await expectUntouched(root, bytes);
  });

  it('a real read-only folder refuses the save and keeps the file', async () => {
    if (process.getuid?.() === 0) return; // root ignores permissions: nothing to show here
    const { root, corpus, sidecar, bytes } = await savedCorpus();
    const { chmod } = await import('node:fs/promises');
    await chmod(root, 0o555);
    try {
      const e = await errorOf(corpus.writeSidecar('a.txt', withAnnotation(sidecar, entity('l', OLD, 20, 26))));
      expect(e.message).toContain('permission denied');
    } finally {
      await chmod(root, 0o755);
    }
    await expectUntouched(root, bytes);
  });

  it('a crash before the rename leaves the previous sidecar whole; the temporary file is never listed and is cleaned up later', async () => {
    const crash = crashPoint();
    // The process "dies" right before the rename.
    const fs = faultyFs({
      rename: () => {
        crash.hit();
        return never();
      },
    });
    const { root, sidecar, bytes } = await savedCorpus({ fs });
    const crashed = await CorpusService.open(root, { fs });
    void crashed.writeSidecar('a.txt', withAnnotation(sidecar, entity('l', OLD, 20, 26)));
    await crash.reached;
    const temps = (await readdir(root)).filter((n) => n.endsWith('.tmp'));
    expect(temps).toHaveLength(1);
    expect(temps[0]).toMatch(/^a\.txt\.annotations\.json\.[0-9a-f]{12}\.tmp$/);
    expect(await readFile(join(root, 'a.txt.annotations.json'), 'utf8')).toBe(bytes);

    // After a restart: the temporary file is not a document, the old sidecar is what opens…
    // The crashed writer's lock has this process's (live) pid, so the restart is told to judge it by age alone.
    const restarted = await CorpusService.open(root, { staleTempMs: 0, lock: { staleMs: 0 } });
    // …opening the corpus removed what the crash left…
    expect((await readdir(root)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect((await restarted.listDocuments()).map((d) => [d.path, d.annotationCount])).toEqual([['a.txt', 1]]);
    expect((await restarted.readDocument('a.txt')).sidecar?.annotations.map((a) => a.id)).toEqual(['k']);
    // …and the next save succeeds.
    await restarted.writeSidecar('a.txt', sidecar);
    expect((await readdir(root)).sort()).toEqual(['a.txt', 'a.txt.annotations.json']);
  });

  it('a crash half-way through writing the temporary file changes nothing either', async () => {
    const crash = crashPoint();
    const fs = faultyFs(
      withWrite(async (real, data) => {
        await real.writeFile(data.subarray(0, 10));
        crash.hit(); // ten bytes are on disk: the process "dies" here
        return never();
      }),
    );
    const { root, sidecar, bytes, corpus } = await savedCorpus({ fs });
    const saving = corpus.writeSidecar('a.txt', withAnnotation(sidecar, entity('l', OLD, 20, 26)));
    // A save that fails before the crash point (and so never reaches it) fails the test, with its own error.
    await Promise.race([crash.reached, saving.then(() => Promise.reject(new Error('the save finished: it never reached the crash point')))]);
    const temps = (await readdir(root)).filter((n) => n.endsWith('.tmp'));
    expect(temps).toHaveLength(1);
    expect((await stat(join(root, temps[0] as string))).size).toBe(10); // the half-written temporary file
    expect(await readFile(join(root, 'a.txt.annotations.json'), 'utf8')).toBe(bytes);
    const listed = await (await CorpusService.open(root)).listDocuments();
    expect(listed.map((d) => d.path)).toEqual(['a.txt']);
    expect(listed[0]?.sidecarProblem).toBeUndefined();
  });

  it('recent temporary files of a save under way are left alone', async () => {
    const { corpus, sidecar, file } = await savedCorpus();
    const other = `${file}.0123456789ab.tmp`;
    await writeFile(other, 'another writer, mid-save');
    await corpus.writeSidecar('a.txt', sidecar);
    expect(await readFile(other, 'utf8')).toBe('another writer, mid-save');
  });

  it('a full disk while keeping the pre-re-anchoring copy refuses the save and leaves no partial copy', async () => {
    const fs = faultyFs(
      withWrite(
        async (real, data) => {
          await real.writeFile(data.subarray(0, 5));
          throw errno('ENOSPC', 'write');
        },
        (path) => path.endsWith('.bak'),
      ),
    );
    const { root, corpus, bytes } = await savedCorpus({ fs });
    await writeFile(join(root, 'a.txt'), NEW);
    const doc = await corpus.readDocument('a.txt');
    const e = await errorOf(corpus.writeSidecar('a.txt', doc.sidecar as Sidecar));
    expect(e.message).toBe(
      'Could not save a.txt.annotations.json: keeping a copy of the previous version failed (the disk is full (ENOSPC)). Nothing was changed',
    );
    await expectUntouched(root, bytes);
  });

  it('keeps the permission bits of the file it replaces', async () => {
    const { corpus, sidecar, file } = await savedCorpus();
    const { chmod } = await import('node:fs/promises');
    await chmod(file, 0o640);
    await corpus.writeSidecar('a.txt', withAnnotation(sidecar, entity('l', OLD, 20, 26)));
    expect((await stat(file)).mode & 0o777).toBe(0o640);
  });

  it('writes into sub-folders and reports an unwritable one by name', async () => {
    const root = await makeTempDir({ 'sub/a.txt': OLD });
    const fs = faultyFs({ open: async (path) => Promise.reject(errno(path.includes('/sub/') ? 'EROFS' : 'EIO', 'open')) });
    const corpus = await CorpusService.open(root, { fs });
    const e = await errorOf(corpus.writeSidecar('sub/a.txt', sidecarFor('a.txt', OLD)));
    expect(e.message).toBe('Could not save sub/a.txt.annotations.json: the disk is read-only (EROFS). The previous version of the file is intact');
  });
});

describe('saving again after a save (the written file is not parsed again)', () => {
  it('still sees a file another program rewrote with the same length since the last save', async () => {
    const { corpus, sidecar, file } = await savedCorpus();
    const first = await corpus.writeSidecar('a.txt', { ...sidecar, orphans: [entity('o', OLD, 12, 18)] });
    const written = await readFile(file, 'utf8');
    // Same length, not valid any more: a save must refuse it rather than trust what it wrote last.
    await writeFile(file, written.replace('"format"', '"formaX"'));
    expect((await errorOf(corpus.writeSidecar('a.txt', sidecar))).code).toBe('sidecar-invalid');
    // …and a valid rewrite of the same length is a conflict for a save that expected the old bytes.
    await writeFile(file, written.replace('"todo"', '"done"'));
    expect((await errorOf(corpus.writeSidecar('a.txt', sidecar, { expectedSha256: first.sidecarSha256 }))).code).toBe('conflict');
  });

  it('keeps the orphans of its own last write when the next save does not mention them', async () => {
    const { corpus, sidecar, file } = await savedCorpus();
    await corpus.writeSidecar('a.txt', { ...sidecar, orphans: [entity('o', OLD, 12, 18)] });
    const { orphans: _none, ...noOrphansKey } = { ...sidecar, annotations: [] as Annotation[] };
    await corpus.writeSidecar('a.txt', noOrphansKey);
    await corpus.writeSidecar('a.txt', noOrphansKey);
    expect(parseSidecar(await readFile(file, 'utf8'))).toMatchObject({ ok: true, sidecar: { annotations: [], orphans: [{ id: 'o' }] } });
    // An empty list clears them, and the next save does not bring them back.
    await corpus.writeSidecar('a.txt', { ...noOrphansKey, orphans: [] });
    await corpus.writeSidecar('a.txt', noOrphansKey);
    const after = parseSidecar(await readFile(file, 'utf8'));
    expect(after.ok && after.sidecar.orphans).toBeFalsy();
  });
});

describe('saving only the changes (writeSidecarChanges)', () => {
  it('applies them to the file the app opened, then to what it wrote, and writes the whole file', async () => {
    const { corpus, file } = await savedCorpus();
    const doc = await corpus.readDocument('a.txt');
    const added = entity('t', OLD, OLD.indexOf('Tokyo'), OLD.indexOf('Tokyo') + 5);
    const first = await corpus.writeSidecarChanges('a.txt', doc.sidecarSha256 as string, { annotations: { put: [added], remove: [] } });
    const second = await corpus.writeSidecarChanges('a.txt', first.sidecarSha256, { status: 'done', annotations: { put: [], remove: ['k'] } });
    const onDisk = await readFile(file, 'utf8');
    expect(second.sidecarSha256).toBe(sha256(onDisk));
    expect(parseSidecar(onDisk)).toMatchObject({ ok: true, sidecar: { status: 'done', annotations: [{ id: 't', text: 'Tokyo' }] } });
  });

  it("is 'stale' for a base it does not hold, and a 'conflict' when the file changed since", async () => {
    const { corpus, file, bytes } = await savedCorpus();
    const doc = await corpus.readDocument('a.txt');
    expect((await errorOf(corpus.writeSidecarChanges('a.txt', 'f'.repeat(64), {}))).code).toBe('stale');
    // Another program rewrites the file: the changes are not applied to a copy it no longer matches.
    await writeFile(file, bytes.replace('"todo"', '"done"'));
    expect((await errorOf(corpus.writeSidecarChanges('a.txt', doc.sidecarSha256 as string, { status: 'in-progress' }))).code).toBe('conflict');
    expect(await readFile(file, 'utf8')).toBe(bytes.replace('"todo"', '"done"'));
  });

  it("is 'stale' after re-anchoring: the file holds the old offsets, so the app must send the whole sidecar", async () => {
    const { root, corpus } = await savedCorpus();
    await writeFile(join(root, 'a.txt'), NEW);
    const doc = await corpus.readDocument('a.txt');
    expect(doc.reanchor).toBeDefined();
    expect((await errorOf(corpus.writeSidecarChanges('a.txt', doc.sidecarSha256 as string, { status: 'done' }))).code).toBe('stale');
  });
});
