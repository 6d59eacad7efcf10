// A discontinuous span (fragments) exported to a format with no place for its
// pieces is written as its whole extent, and the report says so and how many;
// brat and jsonl keep the pieces and say nothing.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeSidecar, sidecarNameFor } from '../../app/sidecar/sidecar-io';
import { CorpusService } from '../corpus/corpus-service';
import { cleanupTempDirs, entity, makeTempDir, sidecarFor } from '../test-support';
import { exportCorpus } from './export-service';

afterEach(cleanupTempDirs);

const TEXT = 'New York and Boston and the city of York.\n';

async function corpus(): Promise<string> {
  const root = await makeTempDir({ 'a.txt': TEXT });
  const span = { ...entity('a1', TEXT, 0, 21, 'LOC'), fragments: [{ start: 0, end: 8 }, { start: 13, end: 21 }] };
  await writeFile(join(root, sidecarNameFor('a.txt')), serializeSidecar(sidecarFor('a.txt', TEXT, [span])));
  return root;
}

describe('discontinuous spans on export', () => {
  for (const [format, warned] of [['csv', true], ['conll', true], ['brat', false], ['jsonl', false]] as const) {
    it(`${format}: ${warned ? 'whole extent, with a warning that counts them' : 'pieces kept, no warning'}`, async () => {
      const root = await corpus();
      const out = join(await makeTempDir({}), format === 'brat' ? 'brat' : `out.${format}`);
      const report = await exportCorpus(await CorpusService.open(root), { format, out });
      const warning = report.warnings.find((w) => w.includes('discontinuous'));
      if (warned) expect(warning).toBe(`${format}: 1 discontinuous span written as the whole extent (the format has no place for its pieces; brat and jsonl keep them)`);
      else expect(warning).toBeUndefined();
    });
  }
});
