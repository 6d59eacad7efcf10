import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeSidecar, sidecarNameFor } from '../../app/sidecar/sidecar-io';
import { CorpusService } from '../corpus/corpus-service';
import { cleanupTempDirs, entity, makeTempDir, sidecarFor } from '../test-support';
import { corpusStats } from './stats-service';

afterEach(cleanupTempDirs);

describe('corpus stats', () => {
  it('counts documents per document label and value, including documents with no annotations yet', async () => {
    const texts = { 'a.txt': 'Kim met Lee.', 'b.txt': 'Rain in Hue.', 'c.txt': 'Nothing here.' };
    const root = await makeTempDir(texts);
    const write = (name: keyof typeof texts, sidecar: ReturnType<typeof sidecarFor>) => writeFile(join(root, sidecarNameFor(name)), serializeSidecar(sidecar));
    await write('a.txt', { ...sidecarFor('a.txt', texts['a.txt'], [entity('k', 'Kim', 0, 3)]), categories: [{ name: 'topic', value: 'politics' }, { name: 'opinion' }] });
    // Only document labels, still todo: counted all the same.
    await write('b.txt', { ...sidecarFor('b.txt', texts['b.txt']), categories: [{ name: 'topic', value: 'politics' }, { name: 'topic', value: 'weather' }] });
    const stats = await corpusStats(await CorpusService.open(root));
    expect(stats.categories).toEqual([
      { name: 'opinion', count: 1 },
      { name: 'topic', value: 'politics', count: 2 },
      { name: 'topic', value: 'weather', count: 1 },
    ]);
    expect(stats.annotations).toBe(1);
  });
});
