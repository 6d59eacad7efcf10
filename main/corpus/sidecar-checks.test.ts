// A change list's save is checked by what it changed (sidecar-checks.ts):
// refusals are the same as a whole save's, and a version the writer did not
// write itself is checked whole.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applySidecarChangesWithDelta, type SidecarChanges } from '../../app/sidecar/sidecar-changes';
import { serializeSidecar } from '../../app/sidecar/sidecar-io';
import type { Sidecar } from '../../app/sidecar/sidecar-schema';
import { cleanupTempDirs, entity, errorOf, makeTempDir, sidecarFor } from '../test-support';
import { CorpusService } from './corpus-service';
import { checkBeforeWrite } from './sidecar-checks';

afterEach(cleanupTempDirs);

const TEXT = 'Kim Min-jun met Li Wei in Tokyo on Tuesday.';

async function openedCorpus(sidecar: Sidecar) {
  const root = await makeTempDir({ 'a.txt': TEXT, 'a.txt.annotations.json': serializeSidecar(sidecar) });
  const corpus = await CorpusService.open(root);
  const doc = await corpus.readDocument('a.txt');
  return { corpus, base: doc.sidecarSha256 as string, file: join(root, 'a.txt.annotations.json') };
}

describe('saving a change list', () => {
  it('refuses, as a whole save does, a removal that leaves a relation dangling, after a first save checked by its changes', async () => {
    const sidecar = { ...sidecarFor('a.txt', TEXT, [entity('k', TEXT, 0, 11), entity('l', TEXT, 16, 22)]), relations: [{ id: 'r', type: 'meets', from: 'k', to: 'l' }] };
    const { corpus, base, file } = await openedCorpus(sidecar);
    const first = await corpus.writeSidecarChanges('a.txt', base, { annotations: { put: [entity('t', TEXT, 26, 31, 'GPE')], remove: [] } });
    const written = await readFile(file, 'utf8');
    const error = await errorOf(corpus.writeSidecarChanges('a.txt', first.sidecarSha256, { annotations: { put: [], remove: ['l'] } }));
    expect(error.code).toBe('sidecar-invalid');
    expect(error.message).toBe('not saved to a.txt.annotations.json: relation "r" ends at "l", which does not exist');
    expect(await readFile(file, 'utf8')).toBe(written);
  });

  it('refuses a span put past the end of the text, naming the file', async () => {
    const { corpus, base } = await openedCorpus(sidecarFor('a.txt', TEXT, [entity('k', TEXT, 0, 11)]));
    const first = await corpus.writeSidecarChanges('a.txt', base, { status: 'done' });
    const beyond = { ...entity('x', TEXT, 36, 43), end: 60 };
    const error = await errorOf(corpus.writeSidecarChanges('a.txt', first.sidecarSha256, { annotations: { put: [beyond], remove: [] } }));
    expect(error.code).toBe('sidecar-invalid');
    expect(error.message).toMatch(/^not saved: a\.txt\.annotations\.json: an annotation does not fit the text: annotation "x" ends at 60/);
  });
});

describe('the first change list after opening', () => {
  it('is checked whole: a span past the text in the file opened is refused though the changes did not touch it', async () => {
    const sidecar = sidecarFor('a.txt', TEXT, [entity('k', TEXT, 0, 11), { ...entity('x', TEXT, 36, 43), end: 60 }]);
    const { corpus, base, file } = await openedCorpus(sidecar);
    const before = await readFile(file, 'utf8');
    const error = await errorOf(corpus.writeSidecarChanges('a.txt', base, { status: 'done' }));
    expect(error.code).toBe('sidecar-invalid');
    expect(error.message).toMatch(/annotation "x" ends at 60/);
    expect(await readFile(file, 'utf8')).toBe(before);
  });
});

describe('checkBeforeWrite', () => {
  const beyond = { ...entity('x', TEXT, 36, 43), end: 60 };
  const misfit = sidecarFor('a.txt', TEXT, [beyond]);
  const changes: SidecarChanges = { status: 'done' };
  const applied = (checkedBase: boolean) => {
    const { sidecar, delta } = applySidecarChangesWithDelta(misfit, changes);
    return { toWrite: sidecar, applied: { baseSha256: 'b'.repeat(64), changes, delta, checkedBase } };
  };

  it('checks a version it did not write (the file opened) whole', () => {
    const { toWrite, applied: a } = applied(false);
    expect(() => checkBeforeWrite('a.txt.annotations.json', toWrite, a)).toThrow(/annotation "x" ends at 60/);
  });

  it('looks only at what changed in a version it wrote (which passed these checks)', () => {
    const { toWrite, applied: a } = applied(true);
    expect(() => checkBeforeWrite('a.txt.annotations.json', toWrite, a)).not.toThrow();
    expect(() => checkBeforeWrite('a.txt.annotations.json', toWrite)).toThrow(/annotation "x" ends at 60/);
  });
});
