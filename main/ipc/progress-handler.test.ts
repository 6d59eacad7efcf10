// getCorpusProgress: the progress view's counts per label and per annotator, over real files.
import { afterEach, describe, expect, it } from 'vitest';
import { serializeSidecar } from '../../app/sidecar/sidecar-io';
import { cleanupTempDirs, entity, makeTempDir, sidecarFor } from '../test-support';
import { createHandlers } from './handlers';

afterEach(cleanupTempDirs);

const A = 'Kim met Lee in Seoul.';
const B = 'Tokyo and Osaka.';

describe('getCorpusProgress', () => {
  it('counts documents by status, annotations per label and per annotator (unnamed ones apart), and names unreadable sidecars', async () => {
    const root = await makeTempDir({
      'a.txt': A,
      'a.txt.annotations.json': serializeSidecar(
        sidecarFor('a.txt', A, [{ ...entity('1', A, 0, 3), author: 'alice' }, { ...entity('2', A, 8, 11), author: 'ben' }, { ...entity('3', A, 15, 20, 'GPE'), author: 'alice' }], 'done'),
      ),
      'b.txt': B,
      'b.txt.annotations.json': serializeSidecar(sidecarFor('b.txt', B, [{ ...entity('4', B, 0, 5, 'GPE'), author: 'alice' }, entity('5', B, 10, 15, 'GPE')], 'in-progress')),
      'c.txt': 'Nothing yet.',
      'd.txt': 'Broken.',
      'd.txt.annotations.json': '{ oops',
    });
    const handlers = createHandlers({
      chooseFolder: async () => null,
      settings: { getRecent: () => [], addRecent: () => {} },
      sampleCorpusRoot: root,
      initialCorpus: root,
    });
    await handlers.getStartup({});
    const progress = await handlers.getCorpusProgress({});
    expect(progress).toMatchObject({
      documents: 4,
      annotated: 2,
      progress: { todo: 2, 'in-progress': 1, done: 1 },
      annotations: 5,
      labels: [
        { type: 'entity', label: 'GPE', count: 3 },
        { type: 'entity', label: 'PERSON', count: 2 },
      ],
      annotators: [
        { author: 'alice', count: 3, documents: 2 },
        { author: 'ben', count: 1, documents: 1 },
        { author: null, count: 1, documents: 1 },
      ],
    });
    expect(progress.unreadable).toEqual([expect.stringMatching(/^d\.txt\.annotations\.json: .*JSON/)]);
  });
});
