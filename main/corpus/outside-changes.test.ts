// A sidecar changed from outside (an older copy restored, the file deleted)
// while the app has it open: a save that would remove annotations the app
// had saved keeps the app's version first and says where.
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSidecar, serializeSidecar } from '../../app/sidecar/sidecar-io';
import { cleanupTempDirs, entity, makeTempDir, sha256, sidecarFor } from '../test-support';
import { CorpusService } from './corpus-service';

afterEach(cleanupTempDirs);

const TEXT = 'Kim Min-jun met Li Wei in Tokyo on Tuesday.';

async function opened() {
  const older = sidecarFor('a.txt', TEXT, [entity('k', TEXT, 0, 11)]);
  const root = await makeTempDir({ 'a.txt': TEXT, 'a.txt.annotations.json': serializeSidecar(older) });
  const corpus = await CorpusService.open(root);
  const doc = await corpus.readDocument('a.txt');
  // The app tags "Li Wei" and saves.
  const mine = { ...older, annotations: [...older.annotations, entity('l', TEXT, 16, 22)] };
  const saved = await corpus.writeSidecar('a.txt', mine, { expectedSha256: doc.sidecarSha256 ?? null });
  return { root, corpus, older, mine, saved, file: join(root, 'a.txt.annotations.json') };
}

describe('changes from outside that would remove annotations', () => {
  it('an older copy restored: saving the merge keeps the app’s version as .before-merge-….bak first, and says where', async () => {
    const { root, corpus, older, file } = await opened();
    const restored = serializeSidecar(older);
    await writeFile(file, restored);
    // The app merged the restored copy (the tag it lacks is gone) and saves over it.
    const result = await corpus.writeSidecar('a.txt', older, { expectedSha256: sha256(restored) });
    expect(result.backupPath).toMatch(/^a\.txt\.annotations\.json\.before-merge-.+\.bak$/);
    expect(result.notice).toContain(`1 annotation saved here (“Li Wei”) is no longer in it. The version saved here was kept as ${result.backupPath}`);
    const backup = parseSidecar(await readFile(join(root, result.backupPath ?? ''), 'utf8'));
    expect(backup.ok && backup.sidecar.annotations.map((a) => a.id)).toEqual(['k', 'l']);
    // Not a document, and not copied twice.
    expect((await corpus.listDocuments()).map((d) => d.path)).toEqual(['a.txt']);
  });

  it('the sidecar deleted: a save without the app’s annotations keeps them in a backup first', async () => {
    const { root, corpus, older } = await opened();
    await rm(join(root, 'a.txt.annotations.json'));
    const result = await corpus.writeSidecar('a.txt', { ...older, annotations: [] }, { expectedSha256: null });
    expect(result.notice).toContain('2 annotations saved here');
    expect((await readdir(root)).filter((n) => n.includes('.before-merge-'))).toHaveLength(1);
  });

  it('no backup when nothing the app saved is removed, or the app itself removed it', async () => {
    const { root, corpus, mine, saved } = await opened();
    const result = await corpus.writeSidecar('a.txt', { ...mine, annotations: [mine.annotations[0] ?? entity('k', TEXT, 0, 11)] }, { expectedSha256: saved.sidecarSha256 });
    expect(result.backupPath).toBeUndefined();
    expect((await readdir(root)).sort()).toEqual(['a.txt', 'a.txt.annotations.json']);
  });
});
