// Documents with long names (issue 17, item 8): every name the app writes
// beside a document must fit NAME_MAX (255 bytes), temporary files included.
import { readdir } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { sidecarNameFor } from '../../app/sidecar/sidecar-io';
import { cleanupTempDirs, makeTempDir, sidecarFor } from '../test-support';
import { CorpusService } from './corpus-service';
import { isLockArtifact, lockFileFor } from './file-lock';

afterAll(cleanupTempDirs);

describe('long document names', () => {
  // 238 bytes: its sidecar's name is exactly 255 bytes, the most a file system allows.
  for (const [what, name] of [
    ['238 ASCII characters', `${'a'.repeat(234)}.txt`],
    ['Korean, 238 bytes', `${'한'.repeat(78)}.txt`],
  ] as const) {
    it(`saves the sidecar of a document named with ${what}`, async () => {
      expect(Buffer.byteLength(sidecarNameFor(name))).toBe(255);
      const root = await makeTempDir({ [name]: 'Kim met Lee.\n' });
      const corpus = await CorpusService.open(root);
      const doc = await corpus.readDocument(name);
      await corpus.writeSidecar(name, sidecarFor(name, doc.text));
      expect((await corpus.readDocument(name)).sidecar?.source.name).toBe(name);
      expect((await readdir(root)).sort()).toEqual([name, sidecarNameFor(name)].sort());
    });
  }

  it('a name too long for any sidecar is refused on save with a message naming it', async () => {
    const name = `${'b'.repeat(236)}.txt`;
    const root = await makeTempDir({ [name]: 'Kim met Lee.\n' });
    const corpus = await CorpusService.open(root);
    const doc = await corpus.readDocument(name);
    await expect(corpus.writeSidecar(name, sidecarFor(name, doc.text))).rejects.toThrow(/\.txt\.annotations\.json: the file name is too long/);
  });

  it('a sidecar lock for a long name fits NAME_MAX even when broken aside, is the same every time, and is hidden like any lock', () => {
    for (const name of [`${'a'.repeat(234)}.txt`, `${'한'.repeat(78)}.txt`, 'short.txt']) {
      const sidecar = `/corpus/${sidecarNameFor(name)}`;
      const lock = lockFileFor(sidecar);
      const lockName = lock.slice('/corpus/'.length);
      expect(Buffer.byteLength(`${lockName}.0123456789ab.stale`)).toBeLessThanOrEqual(255);
      expect(lockFileFor(sidecar)).toBe(lock);
      expect(isLockArtifact(lockName)).toBe(true);
    }
    expect(lockFileFor('/corpus/short.txt.annotations.json')).toBe('/corpus/short.txt.annotations.json.lock');
    // Two long names differing only at the end get different locks.
    expect(lockFileFor(`/c/${'a'.repeat(240)}1.txt.annotations.json`)).not.toBe(lockFileFor(`/c/${'a'.repeat(240)}2.txt.annotations.json`));
  });
});
