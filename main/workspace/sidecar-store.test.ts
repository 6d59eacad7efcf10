// The sidecar store tells its listeners of every write, whatever the route
// (one file, several as one, a removal), with what was written, and of no
// write it refused.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeSidecar } from '../../app/sidecar/sidecar-io';
import { CorpusService } from '../corpus/corpus-service';
import { cleanupTempDirs, entity, errorOf, makeTempDir, sha256, sidecarFor } from '../test-support';

afterEach(cleanupTempDirs);

const A = 'Shigeru Ishiba spoke in Tokyo.';
const B = 'Another article about Osaka.';

describe('SidecarStore.onWritten', () => {
  it('is told of single, batch and removal writes with the sidecar and its hash, and not of a refused one', async () => {
    const root = await makeTempDir({ 'a.txt': A, 'b.txt': B });
    const corpus = await CorpusService.open(root);
    const told: [string, number | null, string | null][] = [];
    const stop = corpus.sidecars.onWritten((rel, sidecar, sha) => told.push([rel, sidecar ? sidecar.annotations.length : null, sha]));

    const one = await corpus.writeSidecar('a.txt', sidecarFor('a.txt', A, [entity('p', A, 0, 14)]));
    const both = await corpus.writeSidecarsTogether([
      { rel: 'a.txt', sidecar: sidecarFor('a.txt', A), expectedSha256: one.sidecarSha256 },
      { rel: 'b.txt', sidecar: sidecarFor('b.txt', B, [entity('o', B, 22, 27)]), expectedSha256: null },
    ]);
    await writeFile(join(root, 'b.txt.annotations.json'), serializeSidecar(sidecarFor('b.txt', B)));
    expect(await errorOf(corpus.writeSidecar('b.txt', sidecarFor('b.txt', B), { expectedSha256: both[1]?.sidecarSha256 ?? null }))).toMatchObject({ code: 'conflict' });
    await corpus.deleteSidecar('a.txt', both[0]?.sidecarSha256 ?? '');
    stop();
    await corpus.writeSidecar('a.txt', sidecarFor('a.txt', A));

    expect(told).toEqual([
      ['a.txt', 1, one.sidecarSha256],
      ['a.txt', 0, both[0]?.sidecarSha256],
      ['b.txt', 1, both[1]?.sidecarSha256],
      ['a.txt', null, null],
    ]);
    expect(one.sidecarSha256).toBe(sha256(serializeSidecar(sidecarFor('a.txt', A, [entity('p', A, 0, 14)]))));
  });
});
