// Events and equivalence groups on export: brat, jsonl and w3c carry them;
// every other format leaves them out with a warning naming the document and
// how many, and never lets a trigger pass for an entity (no B- tag for it in
// CoNLL, no span in doccano, Label Studio or CSV).
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeSidecar, sidecarNameFor } from '../../app/sidecar/sidecar-io';
import type { ExportFormatName } from '../../app/formats/types';
import { CorpusService } from '../corpus/corpus-service';
import { cleanupTempDirs, entity, makeTempDir, sidecarFor } from '../test-support';
import { exportCorpus } from './export-service';

afterEach(cleanupTempDirs);

const TEXT = 'NASA and JAXA signed a pact in Tokyo.\n';
const at = (word: string) => [TEXT.indexOf(word), TEXT.indexOf(word) + word.length] as const;

async function corpus(): Promise<string> {
  const root = await makeTempDir({ 'a.txt': TEXT });
  const sidecar = {
    ...sidecarFor('a.txt', TEXT, [entity('n', TEXT, ...at('NASA'), 'ORG'), entity('j', TEXT, ...at('JAXA'), 'ORG'), entity('t', TEXT, ...at('signed'), 'Sign'), entity('k', TEXT, ...at('Tokyo'), 'GPE')]),
    // A relation from the trigger goes with it in formats without events.
    relations: [{ id: 'r1', type: 'located-in', from: 't', to: 'k' }],
    events: [{ id: 'e1', type: 'Sign', trigger: 't', arguments: [{ role: 'Agent', ref: 'n' }, { role: 'Agent2', ref: 'j' }, { role: 'Place', ref: 'k' }] }],
    equivalences: [{ type: 'Equiv', members: ['n', 'j'] }],
  };
  await writeFile(join(root, sidecarNameFor('a.txt')), serializeSidecar(sidecar));
  return root;
}

async function exportTo(format: ExportFormatName) {
  const root = await corpus();
  const out = join(await makeTempDir({}), format === 'brat' ? 'brat' : `out.${format}`);
  const report = await exportCorpus(await CorpusService.open(root), { format, out, workers: 0 });
  expect(report.problems).toEqual([]);
  const written = format === 'brat' ? await readFile(join(out, 'a.ann'), 'utf8') : await readFile(out, 'utf8');
  return { report, written, out };
}

describe('events on export', () => {
  for (const format of ['conll', 'doccano', 'labelstudio', 'csv', 'claimreview', 'fever'] as const) {
    it(`${format}: left out with their triggers, with a warning naming the document and the counts`, async () => {
      const { report, written } = await exportTo(format);
      expect(report.warnings).toContain('a.txt: 1 event left out, with their trigger spans: the format has no place for events (brat, jsonl and w3c keep them)');
      expect(report.warnings).toContain('a.txt: 1 equivalence group left out: the format has no place for them (brat, jsonl and w3c keep them)');
      expect(written).not.toContain('Sign');
      expect(written).not.toContain('located-in');
    });
  }

  it('conll: the trigger gets no B- tag, the arguments keep theirs', async () => {
    const { written } = await exportTo('conll');
    expect(written).toMatch(/^signed .* O$/m);
    expect(written).toMatch(/^NASA .* B-ORG$/m);
  });

  it('jsonl: an events key with the trigger and the roles, the trigger not among the spans, and the groups', async () => {
    const { report, written } = await exportTo('jsonl');
    expect(report.warnings.filter((w) => w.includes('event'))).toEqual([]);
    const line = JSON.parse(written) as { spans: { id: string }[]; events: unknown[]; equivalences: unknown[] };
    expect(line.spans.map((s) => s.id)).toEqual(['n', 'j', 'k']);
    expect(line.events).toEqual([
      { id: 'e1', type: 'Sign', trigger: { id: 't', start: 14, end: 20, label: 'Sign', text: 'signed' }, arguments: [{ role: 'Agent', ref: 'n' }, { role: 'Agent2', ref: 'j' }, { role: 'Place', ref: 'k' }] },
    ]);
    expect(line.equivalences).toEqual([{ type: 'Equiv', members: ['n', 'j'] }]);
  });

  it('brat: the E line and the group, and no warning', async () => {
    const { report, written, out } = await exportTo('brat');
    expect(report.warnings.filter((w) => w.includes('event'))).toEqual([]);
    expect(written).toContain('E1\tSign:T3 Agent:T1 Agent2:T2 Place:T4\n');
    expect(written).toContain('*\tEquiv T1 T2\n');
    expect(await readdir(out)).toContain('annotation.conf');
  });
});
