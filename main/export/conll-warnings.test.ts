// The CoNLL overlap warning names the documents that lost spans: on brat's
// BioNLP-ST 2011 ID corpus it said only "conll: 158 spans dropped", leaving the
// reader to hunt through 20 documents for them.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeSidecar, sidecarNameFor } from '../../app/sidecar/sidecar-io';
import { CorpusService } from '../corpus/corpus-service';
import { cleanupTempDirs, entity, makeTempDir, sidecarFor } from '../test-support';
import { exportCorpus } from './export-service';

afterEach(cleanupTempDirs);

const NESTED = 'The Port of Tokyo Authority said so.\n';
const PLAIN = 'Nothing overlaps in Osaka.\n';
const at = (text: string, word: string) => [text.indexOf(word), text.indexOf(word) + word.length] as const;

describe('conll overlap warning', () => {
  it('names each document that lost spans to overlaps, with how many', async () => {
    const root = await makeTempDir({ 'nested.txt': NESTED, 'plain.txt': PLAIN });
    const nested = [
      entity('o', NESTED, ...at(NESTED, 'Port of Tokyo Authority'), 'ORG'),
      entity('t', NESTED, ...at(NESTED, 'Tokyo'), 'GPE'),
      entity('p', NESTED, ...at(NESTED, 'Port'), 'MISC'),
    ];
    await writeFile(join(root, sidecarNameFor('nested.txt')), serializeSidecar(sidecarFor('nested.txt', NESTED, nested)));
    await writeFile(join(root, sidecarNameFor('plain.txt')), serializeSidecar(sidecarFor('plain.txt', PLAIN, [entity('k', PLAIN, ...at(PLAIN, 'Osaka'), 'GPE')])));
    const report = await exportCorpus(await CorpusService.open(root), { format: 'conll', out: join(await makeTempDir({}), 'out.conll'), workers: 0 });
    const warning = report.warnings.find((w) => w.startsWith('conll: 2 spans dropped'));
    expect(warning).toBeDefined();
    expect(warning).toContain('nested.txt: 2');
    expect(warning).not.toContain('plain.txt');
  });
});
