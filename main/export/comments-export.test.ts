// brat comments of other types than AnnotatorNotes (the sidecar's `comments`)
// on export: brat and jsonl carry them; every other format leaves them out
// with a warning naming the document and how many, never silently.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeSidecar, sidecarNameFor } from '../../app/sidecar/sidecar-io';
import { EXPORT_FORMATS } from '../../app/formats/types';
import { CorpusService } from '../corpus/corpus-service';
import { cleanupTempDirs, entity, makeTempDir, sidecarFor } from '../test-support';
import { exportCorpus } from './export-service';

afterEach(cleanupTempDirs);

const TEXT = 'Pilots boarded the ferry.\n';

async function corpus(): Promise<string> {
  const root = await makeTempDir({ 'a.txt': TEXT });
  const pilots = { ...entity('p', TEXT, 0, 6, 'ORG'), comments: [{ type: 'Lemma', text: ' pilot' }] };
  const ferry = { ...entity('f', TEXT, 19, 24, 'MISC'), comments: [{ type: 'Lemma', text: ' ferry' }] };
  const sidecar = { ...sidecarFor('a.txt', TEXT, [pilots, ferry]), relations: [{ id: 'r1', type: 'near', from: 'p', to: 'f', comments: [{ type: 'Dependency', text: 'obj' }] }] };
  await writeFile(join(root, sidecarNameFor('a.txt')), serializeSidecar(sidecar));
  return root;
}

describe('comments on export', () => {
  for (const format of EXPORT_FORMATS) {
    const keeps = format === 'brat' || format === 'jsonl';
    it(`${format}: ${keeps ? 'kept, no warning' : 'left out with a warning naming the document'}`, async () => {
      const root = await corpus();
      const out = join(await makeTempDir({}), format === 'brat' ? 'brat' : `out.${format}`);
      const report = await exportCorpus(await CorpusService.open(root), { format, out, workers: 0 });
      const warned = report.warnings.filter((w) => w.includes('comment'));
      expect(warned).toEqual(keeps ? [] : ['a.txt: 3 comments (brat # lines of types other than AnnotatorNotes) left out: the format has no place for them (brat and jsonl keep them)']);
    });
  }
});
