import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeSidecar } from '../../app/sidecar/sidecar-io';
import { cleanupTempDirs, entity, makeTempDir, sidecarFor } from '../test-support';
import { CorpusService, readDefaultLabelSchema } from './corpus-service';
import { loadTrainingData } from './training-data';
import { mergeLearned } from '../../app/recommenders/suggestion-merge';

afterEach(cleanupTempDirs);

const A = 'Osan Air Base hosted the drill with Yokota Air Base.\n';
const B = 'Later, planes left Osan Air Base for Guam.\n';

async function corpus(): Promise<CorpusService> {
  const root = await makeTempDir({ 'a.txt': A, 'b.txt': B, 'c.txt': 'Nothing tagged here.\n' });
  const sidecar = sidecarFor('a.txt', A, [entity('t1', A, 0, 13, 'LOC'), { ...entity('t2', A, 36, 51, 'LOC'), entity: 'yokota' }], 'done');
  await writeFile(join(root, 'a.txt.annotations.json'), serializeSidecar(sidecar));
  await mkdir(join(root, '.marginalia'));
  const schema = await readDefaultLabelSchema();
  await writeFile(
    join(root, '.marginalia', 'schema.json'),
    JSON.stringify({ ...schema, suggestionRules: [{ label: 'GPE', wordList: 'places.txt' }, { label: 'DATE', patterns: ['\\b\\d{4}\\b'] }, { label: 'ORG', wordList: 'missing.txt' }] }),
  );
  await writeFile(join(root, '.marginalia', 'places.txt'), '# islands\nGuam\n');
  await writeFile(
    join(root, '.marginalia', 'entities.json'),
    JSON.stringify({ format: 'marginalia-entities', version: 1, entities: [{ id: 'sas', name: 'Stars and Stripes', label: 'ORG', aliases: ['S&S'] }] }),
  );
  return CorpusService.open(root);
}

describe('training data for the recommenders', () => {
  it('gathers tagged texts, annotated documents, aliases and rules with their word lists; names what it could not read', async () => {
    const service = await corpus();
    const data = await loadTrainingData(service);
    expect(data.tagged).toEqual([
      { text: 'Osan Air Base', label: 'LOC' },
      { text: 'Yokota Air Base', label: 'LOC', entity: 'yokota' },
    ]);
    expect(data.documents).toHaveLength(1);
    expect(data.documents[0]?.spans).toHaveLength(2);
    expect(data.aliases).toEqual([
      { text: 'Stars and Stripes', label: 'ORG', entity: 'sas' },
      { text: 'S&S', label: 'ORG', entity: 'sas' },
    ]);
    expect(data.rules).toEqual([{ label: 'GPE', words: ['Guam'] }, { label: 'DATE', patterns: ['\\b\\d{4}\\b'] }, { label: 'ORG' }]);
    expect(data.problems.join('\n')).toMatch(/\.marginalia\/missing\.txt.*ORG.*does not exist/);
  });

  it('suggests in another document what was tagged in one, with its link, and the rules; a text tagged in the open document is not repeated', async () => {
    const service = await corpus();
    const data = await loadTrainingData(service);
    const found = mergeLearned([], B, data, { existing: [] });
    expect(found.map((s) => [s.text, s.label, s.source])).toEqual([
      ['Osan Air Base', 'LOC', 'string-match'],
      ['Guam', 'GPE', 'rules'],
    ]);
    const linked = mergeLearned([], 'Yokota Air Base again, 2026.', data);
    expect(linked.map((s) => [s.text, s.entity ?? null])).toEqual([
      ['Yokota Air Base', 'yokota'],
      ['2026', null],
    ]);
    expect(mergeLearned([], B, data, { existing: [{ start: 19, end: 32, label: 'LOC' }] }).map((s) => s.text)).toEqual(['Guam']);
  });

  it('is kept while nothing changes, and rebuilt when a sidecar does', async () => {
    const service = await corpus();
    const first = await loadTrainingData(service);
    expect(await loadTrainingData(service)).toBe(first);
    const sidecar = sidecarFor('b.txt', B, [entity('t9', B, 37, 41, 'GPE')]);
    await writeFile(join(service.root, 'b.txt.annotations.json'), serializeSidecar(sidecar));
    const second = await loadTrainingData(service);
    expect(second.revision).not.toBe(first.revision);
    expect(second.tagged.map((t) => t.text)).toContain('Guam');
  });
});
