// An article deleted or renamed by another program while it is open: its
// annotations can still be saved (beside where it was, or under
// .marginalia/kept/), nothing of anyone else's is replaced, and the save says
// where — so the app can switch documents and close.
import { readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSidecar, serializeSidecar } from '../../app/sidecar/sidecar-io';
import type { Sidecar } from '../../app/sidecar/sidecar-schema';
import { cleanupTempDirs, entity, makeTempDir, sidecarFor } from '../test-support';
import { CorpusService } from './corpus-service';

afterEach(cleanupTempDirs);

const TEXT = 'Kim Min-jun met Li Wei in Tokyo on Tuesday.';

async function openIn(rel: string) {
  const saved = sidecarFor(rel.split('/').pop() ?? rel, TEXT, [entity('k', TEXT, 0, 11)]);
  const root = await makeTempDir({ [rel]: TEXT, [`${rel}.annotations.json`]: serializeSidecar(saved) });
  const corpus = await CorpusService.open(root);
  const doc = await corpus.readDocument(rel);
  const mine: Sidecar = { ...saved, annotations: [...saved.annotations, entity('l', TEXT, 16, 22)] };
  return { root, corpus, doc, mine, expected: doc.sidecarSha256 ?? null };
}

async function idsIn(file: string): Promise<string[]> {
  const parsed = parseSidecar(await readFile(file, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.sidecar.annotations.map((a) => a.id);
}

describe('an article deleted or renamed while open', () => {
  it('renamed (its sidecar left behind): saves beside where it was, and says so', async () => {
    const { root, corpus, mine, expected } = await openIn('a.txt');
    await rename(join(root, 'a.txt'), join(root, 'b.txt'));
    const result = await corpus.writeSidecar('a.txt', mine, { expectedSha256: expected });
    expect(result.notice).toContain('a.txt was deleted or renamed by another program. Its annotations were saved to a.txt.annotations.json');
    expect(await idsIn(join(root, 'a.txt.annotations.json'))).toEqual(['k', 'l']);
    // And again (autosave after the next tag), with the hash it was given.
    const again = await corpus.writeSidecar('a.txt', { ...mine, annotations: mine.annotations.slice(0, 1) }, { expectedSha256: result.sidecarSha256 });
    expect(again.sidecarSha256).not.toBe(result.sidecarSha256);
  });

  it('deleted with its sidecar: the sidecar is written again beside where it was', async () => {
    const { root, corpus, mine, expected } = await openIn('a.txt');
    await rm(join(root, 'a.txt'));
    await rm(join(root, 'a.txt.annotations.json'));
    const result = await corpus.writeSidecar('a.txt', mine, { expectedSha256: expected });
    expect(result.notice).toContain('a.txt.annotations.json');
    expect(await idsIn(join(root, 'a.txt.annotations.json'))).toEqual(['k', 'l']);
  });

  it('its folder gone: kept under .marginalia/kept/, one file updated by later saves', async () => {
    const { root, corpus, mine, expected } = await openIn('sub/a.txt');
    await rm(join(root, 'sub'), { recursive: true });
    const first = await corpus.writeSidecar('sub/a.txt', mine, { expectedSha256: expected });
    expect(first.notice).toContain('saved to .marginalia/kept/sub__a.txt.annotations.json');
    const second = await corpus.writeSidecar('sub/a.txt', { ...mine, status: 'done' }, { expectedSha256: first.sidecarSha256 });
    expect(second.notice).toContain('.marginalia/kept/sub__a.txt.annotations.json');
    expect(await readdir(join(root, '.marginalia/kept'))).toEqual(['sub__a.txt.annotations.json']);
    expect(await idsIn(join(root, '.marginalia/kept/sub__a.txt.annotations.json'))).toEqual(['k', 'l']);
  });

  it('a sidecar there changed by another program is never replaced: kept elsewhere instead', async () => {
    const { root, corpus, mine, expected } = await openIn('a.txt');
    await rm(join(root, 'a.txt'));
    await writeFile(join(root, 'a.txt.annotations.json'), serializeSidecar(sidecarFor('a.txt', TEXT, [])));
    const result = await corpus.writeSidecar('a.txt', mine, { expectedSha256: expected });
    expect(result.notice).toContain('.marginalia/kept/a.txt.annotations.json');
    expect(await idsIn(join(root, 'a.txt.annotations.json'))).toEqual([]);
    expect(await idsIn(join(root, '.marginalia/kept/a.txt.annotations.json'))).toEqual(['k', 'l']);
  });
});

describe('a document that was never opened', () => {
  it('gets no sidecar when it does not exist (nothing written, not-found)', async () => {
    const root = await makeTempDir({ 'a.txt': TEXT });
    const corpus = await CorpusService.open(root);
    await expect(corpus.writeSidecar('missing.txt', sidecarFor('missing.txt', TEXT))).rejects.toMatchObject({ code: 'not-found' });
    expect(await readdir(root)).toEqual(['a.txt']);
  });
});
