// brat → import → export brat gives the same files, byte for byte, on a
// fixture written in brat's style (tests/fixtures/brat-roundtrip): a
// discontinuous span, a span across U+2028, attributes,
// normalisations with their names, notes on spans and on a relation, a claim
// with its claimant.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CorpusService } from '../corpus/corpus-service';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { exportCorpus } from './export-service';
import { importAnnotations } from './import-service';

afterEach(cleanupTempDirs);

const FIXTURE = join(__dirname, '..', '..', 'tests', 'fixtures', 'brat-roundtrip');

describe('brat round trip', () => {
  it('imports the fixture and exports the same .txt and .ann bytes', async () => {
    const txt = await readFile(join(FIXTURE, 'news.txt'));
    const ann = await readFile(join(FIXTURE, 'news.ann'));
    const corpus = await makeTempDir({ 'news.txt': txt });
    const service = await CorpusService.open(corpus);
    const report = await importAnnotations(service, { format: 'brat', from: FIXTURE });
    expect(report.problems).toEqual([]);
    expect(report.notPlaced).toEqual([]);
    expect(report.added).toBe(7);
    const sidecar = (await service.readDocument('news.txt')).sidecar;
    const york = sidecar?.annotations.find((a) => a.label === 'GPE' && a.fragments);
    expect(york?.fragments).toEqual([{ start: 61, end: 64 }, { start: 73, end: 77 }]);
    const tokyo = sidecar?.annotations.find((a) => a.text === 'Tokyo');
    expect(tokyo?.normalizations).toEqual([{ ref: 'Wikipedia:Tokyo', name: 'Tokyo Metropolis' }, { ref: 'GeoNames:1850147', name: 'Tōkyō' }]);
    const out = await makeTempDir();
    const exported = await exportCorpus(service, { format: 'brat', out, workers: 0 });
    expect(exported.problems).toEqual([]);
    expect((await readFile(join(out, 'news.txt'))).equals(txt)).toBe(true);
    expect((await readFile(join(out, 'news.ann'), 'utf8'))).toBe(ann.toString('utf8'));
  });
});
