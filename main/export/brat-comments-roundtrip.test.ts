// brat "#" lines of any type, not only AnnotatorNotes: real corpora use them
// for other per-annotation text (brat's TDT example corpus puts each token's
// lemma in "#1<TAB>Lemma T1<TAB> yli|opisto" lines, 1,165 of them). brat reads
// them as comments of that type (OnelineCommentAnnotation); the import used to
// refuse every such line (exit 1) and drop it. Fixture of our own text in the
// same shape: tests/fixtures/brat-comments.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CorpusService } from '../corpus/corpus-service';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { exportCorpus } from './export-service';
import { importAnnotations } from './import-service';

afterEach(cleanupTempDirs);

const FIXTURE = join(__dirname, '..', '..', 'tests', 'fixtures', 'brat-comments');

describe('brat comments of any type', () => {
  it('keeps # lines of other types than AnnotatorNotes on spans, events and relations, and writes them back byte for byte', async () => {
    const txt = await readFile(join(FIXTURE, 'lemmas.txt'));
    const ann = await readFile(join(FIXTURE, 'lemmas.ann'), 'utf8');
    const corpus = await makeTempDir({ 'lemmas.txt': txt });
    const service = await CorpusService.open(corpus);
    const report = await importAnnotations(service, { format: 'brat', from: FIXTURE });
    expect(report.problems).toEqual([]);
    expect(report.notPlaced).toEqual([]);
    expect([report.added, report.relationsAdded, report.eventsAdded]).toEqual([5, 1, 1]);
    const sidecar = (await service.readDocument('lemmas.txt')).sidecar;
    const byText = (text: string) => sidecar?.annotations.find((a) => a.text === text);
    // The text after the tab is kept as it is, leading space included; AnnotatorNotes stay the note.
    expect(byText('Harbour pilots')?.comments).toEqual([{ type: 'Lemma', text: ' harbour|pilot' }]);
    expect([byText('ferry')?.note, byText('ferry')?.comments]).toEqual(['the morning ferry', [{ type: 'Lemma', text: ' ferry' }]]);
    expect(sidecar?.events?.[0]?.comments).toEqual([{ type: 'Lemma', text: ' board' }]);
    expect(sidecar?.relations[0]?.comments).toEqual([{ type: 'Dependency', text: 'subject of thanked' }]);

    const out = await makeTempDir();
    const exported = await exportCorpus(service, { format: 'brat', out, workers: 0 });
    expect(exported.problems).toEqual([]);
    expect(await readFile(join(out, 'lemmas.ann'), 'utf8')).toBe(ann);
  });
});
