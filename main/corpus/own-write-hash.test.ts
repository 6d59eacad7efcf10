// A save takes the hash of the sidecar on disk from what the app last wrote
// when the bytes are those (no second hash of a 2 MB file per save), and
// still refuses to overwrite a file another program changed since.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeSidecar } from '../../app/sidecar/sidecar-io';
import { cleanupTempDirs, entity, errorOf, makeTempDir, sha256, sidecarFor } from '../test-support';
import { CorpusService } from './corpus-service';

afterEach(cleanupTempDirs);

const TEXT = 'Kim Min-jun met Li Wei in Tokyo on Tuesday.';

describe('saving over the sidecar the app last wrote', () => {
  it('chains saves by the hash each returns, and refuses one after another program wrote the file', async () => {
    const root = await makeTempDir({ 'a.txt': TEXT });
    const corpus = await CorpusService.open(root);
    const file = join(root, 'a.txt.annotations.json');
    const first = await corpus.writeSidecar('a.txt', sidecarFor('a.txt', TEXT, [entity('k', TEXT, 0, 11)]), { expectedSha256: null });
    const second = await corpus.writeSidecar('a.txt', sidecarFor('a.txt', TEXT, [entity('k', TEXT, 0, 11), entity('l', TEXT, 16, 22)]), { expectedSha256: first.sidecarSha256 });
    expect(second.sidecarSha256).toBe(sha256(await readFile(file)));

    // Another program rewrites the file the app wrote last: the app's next save is a conflict.
    const theirs = serializeSidecar(sidecarFor('a.txt', TEXT, [entity('theirs', TEXT, 26, 31, 'GPE')]));
    await writeFile(file, theirs);
    const e = await errorOf(corpus.writeSidecar('a.txt', sidecarFor('a.txt', TEXT, []), { expectedSha256: second.sidecarSha256 }));
    expect(e.code).toBe('conflict');
    expect(await readFile(file, 'utf8')).toBe(theirs);
  });
});
