// A relation's argument names (brat "Coref Anaphora:T2 Antecedent:T1", the
// sidecar's `roles`) on export: brat, jsonl, w3c and labelstudio carry them;
// every other format (doccano: a relation has only a type) leaves them out
// with a warning naming the document and how many, never silently.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeSidecar, sidecarNameFor } from '../../app/sidecar/sidecar-io';
import { EXPORT_FORMATS } from '../../app/formats/types';
import { CorpusService } from '../corpus/corpus-service';
import { cleanupTempDirs, entity, makeTempDir, sidecarFor } from '../test-support';
import { exportCorpus } from './export-service';

afterEach(cleanupTempDirs);

const TEXT = 'The minister arrived late. She apologised.\n';
const KEEP = new Set(['brat', 'jsonl', 'w3c', 'labelstudio']);

async function corpus(): Promise<string> {
  const root = await makeTempDir({ 'a.txt': TEXT });
  const minister = entity('m', TEXT, 0, 12, 'PERSON');
  const she = entity('s', TEXT, 27, 30, 'PERSON');
  const sidecar = {
    ...sidecarFor('a.txt', TEXT, [minister, she]),
    relations: [
      { id: 'r1', type: 'Coref', from: 's', to: 'm', roles: ['Anaphora', 'Antecedent'] },
      { id: 'r2', type: 'Coref', from: 'm', to: 's', roles: ['Antecedent', 'Anaphora'] },
      { id: 'r3', type: 'near', from: 's', to: 'm' },
    ],
  };
  await writeFile(join(root, sidecarNameFor('a.txt')), serializeSidecar(sidecar));
  return root;
}

async function exported(format: (typeof EXPORT_FORMATS)[number]) {
  const root = await corpus();
  const out = join(await makeTempDir({}), format === 'brat' ? 'brat' : `out.${format}`);
  const report = await exportCorpus(await CorpusService.open(root), { format, out, workers: 0 });
  return { report, out };
}

describe('relation roles on export', () => {
  for (const format of EXPORT_FORMATS) {
    const keeps = KEEP.has(format);
    it(`${format}: ${keeps ? 'kept, no warning' : 'left out with a warning naming the document and the count'}`, async () => {
      const { report } = await exported(format);
      const warned = report.warnings.filter((w) => w.includes('roles'));
      expect(warned).toEqual(keeps ? [] : ['a.txt: the argument names (roles) of 2 relations left out: the format has no place for them (brat, jsonl, w3c and labelstudio keep them)']);
    });
  }

  it('w3c: the linking annotation names the target\'s role, then the linked body\'s, in a describing body', async () => {
    const { out } = await exported('w3c');
    const items = (JSON.parse(await readFile(out, 'utf8')) as { first: { items: { id: string; body: { purpose?: string; value?: string }[] }[] } }).first.items;
    const describing = (id: string) => items.find((i) => i.id.endsWith(`#${id}`))?.body.filter((b) => b.purpose === 'describing').map((b) => b.value);
    expect(describing('r1')).toEqual(['Anaphora → Antecedent']);
    expect(describing('r2')).toEqual(['Antecedent → Anaphora']);
    expect(describing('r3')).toEqual([]);
  });

  it('labelstudio: the relation carries them as meta.roles, from\'s then to\'s', async () => {
    const { out } = await exported('labelstudio');
    const result = (JSON.parse(await readFile(out, 'utf8')) as { annotations: { result: { type: string; from_id?: string; to_id?: string; meta?: unknown }[] }[] }[])[0]?.annotations[0]?.result ?? [];
    const rels = result.filter((r) => r.type === 'relation').map(({ from_id, to_id, meta }) => ({ from_id, to_id, meta }));
    expect(rels).toEqual(
      expect.arrayContaining([
        { from_id: 's', to_id: 'm', meta: { roles: ['Anaphora', 'Antecedent'] } },
        { from_id: 'm', to_id: 's', meta: { roles: ['Antecedent', 'Anaphora'] } },
        { from_id: 's', to_id: 'm', meta: undefined },
      ]),
    );
  });
});
