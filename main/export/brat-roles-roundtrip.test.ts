// brat relations whose arguments are not named Arg1 and Arg2: brat's editor
// writes the role names of the relation type in annotation.conf (its
// BioNLP-ST-CO and MUC-6 configurations: "Coref Anaphora:T2 Antecedent:T1"),
// and brat's reader takes the first argument as the relation's start and the
// second as its end, whatever their names. The import used to refuse such
// lines (exit 1). Fixture of our own text: tests/fixtures/brat-roles.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CorpusService } from '../corpus/corpus-service';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { exportCorpus } from './export-service';
import { importAnnotations } from './import-service';

afterEach(cleanupTempDirs);

const FIXTURE = join(__dirname, '..', '..', 'tests', 'fixtures', 'brat-roles');

describe('brat relation roles', () => {
  it('keeps the argument names of a relation and writes them back, with annotation.conf declaring them', async () => {
    const txt = await readFile(join(FIXTURE, 'coref.txt'));
    const service = await CorpusService.open(await makeTempDir({ 'coref.txt': txt }));
    const report = await importAnnotations(service, { format: 'brat', from: FIXTURE });
    expect([...report.problems, ...report.notPlaced]).toEqual([]);
    const sidecar = (await service.readDocument('coref.txt')).sidecar;
    const text = (id: string) => sidecar?.annotations.find((a) => a.id === id)?.text;
    // The sidecar keeps relations in no particular order (ids are random): compare them sorted by type.
    const relations = [...(sidecar?.relations ?? [])].sort((x, y) => x.type.localeCompare(y.type));
    expect(relations.map((r) => [r.type, text(r.from), text(r.to), r.roles])).toEqual([
      ['Coref', 'She', 'The minister', ['Anaphora', 'Antecedent']],
      ['near', 'She', 'the press', undefined],
    ]);

    const out = await makeTempDir();
    expect((await exportCorpus(service, { format: 'brat', out, workers: 0 })).problems).toEqual([]);
    expect(await readFile(join(out, 'coref.ann'), 'utf8')).toBe(await readFile(join(FIXTURE, 'coref.ann'), 'utf8'));
    const conf = await readFile(join(out, 'annotation.conf'), 'utf8');
    expect(conf).toContain('\nCoref\tAnaphora:<ENTITY>, Antecedent:<ENTITY>\n');
    expect(conf).toContain('\nnear\tArg1:<ENTITY>, Arg2:<ENTITY>\n');

    // jsonl carries them too: brat → jsonl → brat gives the same .ann.
    const jsonl = join(await makeTempDir(), 'out.jsonl');
    await exportCorpus(service, { format: 'jsonl', out: jsonl, workers: 0 });
    const second = await CorpusService.open(await makeTempDir({ 'coref.txt': txt }));
    const back = await importAnnotations(second, { format: 'jsonl', from: jsonl });
    expect([...back.problems, ...back.notPlaced]).toEqual([]);
    const out2 = await makeTempDir();
    await exportCorpus(second, { format: 'brat', out: out2, workers: 0 });
    expect(await readFile(join(out2, 'coref.ann'), 'utf8')).toBe(await readFile(join(FIXTURE, 'coref.ann'), 'utf8'));
  });
});
