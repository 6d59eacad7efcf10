// Removing a sidecar, as undo does for a step that created it: only the file
// the app wrote, never one changed since or one that cannot be read.
import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeSidecar } from '../../app/sidecar/sidecar-io';
import { cleanupTempDirs, entity, makeTempDir, sha256, sidecarFor } from '../test-support';
import { CorpusError, CorpusService } from './corpus-service';

afterEach(cleanupTempDirs);

const TEXT = 'Kim Min-jun met Li Wei in Tokyo.';

async function corpusWithSidecar() {
  const bytes = serializeSidecar(sidecarFor('a.txt', TEXT, [entity('k', TEXT, 0, 11)]));
  const root = await makeTempDir({ 'a.txt': TEXT, 'a.txt.annotations.json': bytes });
  return { root, bytes, file: join(root, 'a.txt.annotations.json'), corpus: await CorpusService.open(root) };
}

const exists = (file: string) => access(file).then(() => true, () => false);

describe('deleteSidecar', () => {
  it('removes the sidecar whose bytes have the expected hash; the watcher ledger knows it was the app', async () => {
    const { corpus, bytes, file } = await corpusWithSidecar();
    expect(await corpus.deleteSidecar('a.txt', sha256(bytes))).toEqual({ deleted: true });
    expect(await exists(file)).toBe(false);
    expect((await corpus.readDocument('a.txt')).sidecar).toBeNull();
    // Already gone: nothing to do, no error.
    expect(await corpus.deleteSidecar('a.txt', sha256(bytes))).toEqual({ deleted: false });
  });

  it("refuses with 'conflict' when the file changed since, and removes nothing", async () => {
    const { corpus, bytes, file } = await corpusWithSidecar();
    const changed = serializeSidecar(sidecarFor('a.txt', TEXT, [], 'done'));
    await writeFile(file, changed);
    const error = await corpus.deleteSidecar('a.txt', sha256(bytes)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorpusError);
    expect(error).toMatchObject({ code: 'conflict', message: expect.stringContaining('a.txt.annotations.json was changed by another program') });
    expect(await readFile(file, 'utf8')).toBe(changed);
  });

  it('never removes a sidecar that cannot be read', async () => {
    const { corpus, file } = await corpusWithSidecar();
    await writeFile(file, '{ not json');
    const error = await corpus.deleteSidecar('a.txt', sha256('{ not json')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'sidecar-invalid' });
    expect(await readFile(file, 'utf8')).toBe('{ not json');
  });
});
