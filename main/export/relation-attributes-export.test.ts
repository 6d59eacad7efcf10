// Attributes on relations (brat "A3 Negated R1", the sidecar's relation
// `attributes`) on export: brat, jsonl and w3c carry them; every other format
// leaves them out with a warning naming the document and how many, never silently.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeSidecar, sidecarNameFor } from '../../app/sidecar/sidecar-io';
import { EXPORT_FORMATS } from '../../app/formats/types';
import { CorpusService } from '../corpus/corpus-service';
import { cleanupTempDirs, entity, makeTempDir, sidecarFor } from '../test-support';
import { exportCorpus } from './export-service';

afterEach(cleanupTempDirs);

const TEXT = 'The minister met the envoy. They talked.\n';
const KEEP = new Set(['brat', 'jsonl', 'w3c']);

async function exported(format: (typeof EXPORT_FORMATS)[number]) {
  const root = await makeTempDir({ 'a.txt': TEXT });
  const minister = { ...entity('m', TEXT, 4, 12, 'PERSON'), attributes: { Role: 'host', Confirmed: true } };
  const envoy = entity('e', TEXT, 21, 26, 'PERSON');
  const sidecar = {
    ...sidecarFor('a.txt', TEXT, [minister, envoy]),
    relations: [
      { id: 'r1', type: 'met', from: 'm', to: 'e', attributes: { Negated: true, Certainty: 'low' } },
      { id: 'r2', type: 'met', from: 'e', to: 'm' },
    ],
  };
  await writeFile(join(root, sidecarNameFor('a.txt')), serializeSidecar(sidecar));
  const out = join(await makeTempDir({}), format === 'brat' ? 'brat' : `out.${format}`);
  const report = await exportCorpus(await CorpusService.open(root), { format, out, workers: 0 });
  return { report, out };
}

describe('attributes of relations on export', () => {
  for (const format of EXPORT_FORMATS) {
    const keeps = KEEP.has(format);
    it(`${format}: ${keeps ? 'kept, no warning' : 'left out with a warning naming the document and the count'}`, async () => {
      const { report } = await exported(format);
      const warned = report.warnings.filter((w) => w.includes('attributes of'));
      expect(warned).toEqual(keeps ? [] : ['a.txt: the attributes of 1 relation left out: the format has no place for them (brat, jsonl and w3c keep them)']);
    });
  }

  it('jsonl writes them on the relation', async () => {
    const { out } = await exported('jsonl');
    const line = JSON.parse((await readFile(out, 'utf8')).trim().split('\n')[0] as string) as { relations: { attributes?: unknown }[] };
    expect(line.relations.map((r) => r.attributes)).toContainEqual({ Certainty: 'low', Negated: true });
  });

  it('w3c writes attributes of spans and relations as describing bodies, in name order', async () => {
    const { out } = await exported('w3c');
    const items = (JSON.parse(await readFile(out, 'utf8')) as { first: { items: { id: string; body: { purpose?: string; value?: string }[] }[] } }).first.items;
    const describing = (id: string) => items.find((i) => i.id.endsWith(`#${id}`))?.body.filter((b) => b.purpose === 'describing').map((b) => b.value);
    expect(describing('m')).toEqual(['Confirmed', 'Role: host']);
    expect(describing('r1')).toEqual(['Certainty: low', 'Negated']);
    expect(describing('r2')).toEqual([]);
  });
});
