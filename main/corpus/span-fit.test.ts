// A sidecar whose spans do not fit the text (issue 17, item 8): opened with a
// warning naming the file and the annotations, and such spans refused on save.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeSidecar, sidecarNameFor } from '../../app/sidecar/sidecar-io';
import { cleanupTempDirs, entity, makeTempDir, sidecarFor } from '../test-support';
import { CorpusService } from './corpus-service';

afterAll(cleanupTempDirs);

const TEXT = 'Kim met Lee in Seoul.\n';

describe('spans that do not fit the text', () => {
  it('open with a warning naming the file and each bad annotation', async () => {
    const good = entity('a1', TEXT, 0, 3);
    const past = { ...entity('a2', TEXT, 8, 11), start: 30, end: 34, text: 'Park' };
    const wrong = { ...entity('a3', TEXT, 15, 20), text: 'Busan' };
    const root = await makeTempDir({ 'a.txt': TEXT });
    await writeFile(join(root, sidecarNameFor('a.txt')), serializeSidecar(sidecarFor('a.txt', TEXT, [good, past, wrong])));
    const doc = await (await CorpusService.open(root)).readDocument('a.txt');
    expect(doc.spanProblems?.ids).toEqual(['a3', 'a2']);
    expect(doc.spanProblems?.message).toBe(
      'a.txt.annotations.json: 2 annotations do not fit the text: annotation "a3" its text "Busan" is not what the document has at [15, 20); annotation "a2" ends at 34, after the end of the text (22)',
    );
  });

  it('a sidecar whose spans all fit opens with no warning', async () => {
    const root = await makeTempDir({ 'a.txt': TEXT });
    await writeFile(join(root, sidecarNameFor('a.txt')), serializeSidecar(sidecarFor('a.txt', TEXT, [entity('a1', TEXT, 0, 3)])));
    expect((await (await CorpusService.open(root)).readDocument('a.txt')).spanProblems).toBeUndefined();
  });

  it('main refuses to save spans past the end of the text, naming the file', async () => {
    const root = await makeTempDir({ 'a.txt': TEXT });
    const corpus = await CorpusService.open(root);
    const past = { ...entity('a2', TEXT, 8, 11), start: 30, end: 34, text: 'Park' };
    await expect(corpus.writeSidecar('a.txt', sidecarFor('a.txt', TEXT, [entity('a1', TEXT, 0, 3), past]))).rejects.toThrow(
      'not saved: a.txt.annotations.json: an annotation does not fit the text: annotation "a2" ends at 34, after the end of the text (22)',
    );
  });
});
