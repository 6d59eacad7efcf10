// jsonl carries brat's events, groups, relation attributes and document
// labels both ways: the brat fixture imported, exported as jsonl, imported
// from that jsonl into another copy of the corpus and exported as brat gives
// the fixture's .ann again, byte for byte.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CorpusService } from '../corpus/corpus-service';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { exportCorpus } from './export-service';
import { importAnnotations } from './import-service';

afterEach(cleanupTempDirs);

const FIXTURE = join(__dirname, '..', '..', 'tests', 'fixtures', 'brat-events');

describe('events through jsonl', () => {
  it('brat → jsonl → brat gives the same .ann', async () => {
    const txt = await readFile(join(FIXTURE, 'events.txt'));
    const first = await CorpusService.open(await makeTempDir({ 'events.txt': txt }));
    expect((await importAnnotations(first, { format: 'brat', from: FIXTURE })).problems).toEqual([]);
    const jsonl = join(await makeTempDir(), 'out.jsonl');
    expect((await exportCorpus(first, { format: 'jsonl', out: jsonl, workers: 0 })).problems).toEqual([]);

    const second = await CorpusService.open(await makeTempDir({ 'events.txt': txt }));
    const report = await importAnnotations(second, { format: 'jsonl', from: jsonl });
    expect([...report.problems, ...report.notPlaced]).toEqual([]);
    expect([report.added, report.relationsAdded, report.eventsAdded, report.equivalencesAdded, report.categoriesAdded]).toEqual([12, 1, 3, 1, 2]);
    const out = await makeTempDir();
    await exportCorpus(second, { format: 'brat', out, workers: 0 });
    expect(await readFile(join(out, 'events.ann'), 'utf8')).toBe(await readFile(join(FIXTURE, 'events.ann'), 'utf8'));
  });

  it('brat → jsonl → brat keeps # comments of other types than AnnotatorNotes (brat\'s TDT corpus: Lemma), and a trigger\'s attributes, normalizations, notes and comments', async () => {
    const fixture = join(__dirname, '..', '..', 'tests', 'fixtures', 'brat-comments');
    const txt = await readFile(join(fixture, 'lemmas.txt'));
    const first = await CorpusService.open(await makeTempDir({ 'lemmas.txt': txt }));
    expect((await importAnnotations(first, { format: 'brat', from: fixture })).problems).toEqual([]);
    const jsonl = join(await makeTempDir(), 'out.jsonl');
    expect((await exportCorpus(first, { format: 'jsonl', out: jsonl, workers: 0 })).problems).toEqual([]);
    const line = JSON.parse(await readFile(jsonl, 'utf8')) as { spans: { text: string; comments?: unknown }[] };
    expect(line.spans.find((s) => s.text === 'ferry')?.comments).toEqual([{ type: 'Lemma', text: ' ferry' }]);

    const second = await CorpusService.open(await makeTempDir({ 'lemmas.txt': txt }));
    const report = await importAnnotations(second, { format: 'jsonl', from: jsonl });
    expect([...report.problems, ...report.notPlaced]).toEqual([]);
    const out = await makeTempDir();
    await exportCorpus(second, { format: 'brat', out, workers: 0 });
    expect(await readFile(join(out, 'lemmas.ann'), 'utf8')).toBe(await readFile(join(fixture, 'lemmas.ann'), 'utf8'));
  });

  it('reports comments it cannot read, naming the span', async () => {
    const file = join(await makeTempDir(), 'bad-comments.jsonl');
    await writeFile(file, `${JSON.stringify({ text: 'IL-2 binds.', spans: [{ id: 's1', start: 0, end: 4, label: 'Protein', comments: [{ type: 'Lemma' }] }], relations: [] })}\n`);
    const corpus = await CorpusService.open(await makeTempDir({ 'a.txt': 'IL-2 binds.' }));
    const report = await importAnnotations(corpus, { format: 'jsonl', from: file });
    expect(report.problems).toEqual([expect.stringMatching(/^bad-comments\.jsonl line 1 span 1: "comments" must be a list of/)]);
  });

  it('reports an event it cannot read, naming the line', async () => {
    const file = join(await makeTempDir(), 'bad.jsonl');
    await writeFile(file, `${JSON.stringify({ text: 'IL-2 binds.', spans: [], relations: [], events: [{ id: 'e1', type: 'Binding', trigger: { id: 't1', start: 5, end: 10, label: 'Binding' }, arguments: [{ role: 'Theme' }] }] })}\n`);
    const corpus = await CorpusService.open(await makeTempDir({ 'a.txt': 'IL-2 binds.' }));
    const report = await importAnnotations(corpus, { format: 'jsonl', from: file });
    expect(report.problems).toContain('bad.jsonl line 1 event 1: each argument needs a "role" and a "ref"');
  });
});
