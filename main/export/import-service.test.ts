import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSidecar, sidecarNameFor } from '../../app/sidecar/sidecar-io';
import type { Annotation, Sidecar } from '../../app/sidecar/sidecar-schema';
import { CorpusService } from '../corpus/corpus-service';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { exportCorpus, type ExportOptions } from './export-service';
import { importAnnotations, type ImportOptions } from './import-service';
import { annotateCorpus, copyCorpus, hasSharedCorpus, SHARED_CORPUS_TITLE, SAMPLE_CORPUS, SHARED_CORPUS } from './test-corpus';

afterEach(cleanupTempDirs);

async function exportTo(dir: string, format: ExportOptions['format'], out: string) {
  return exportCorpus(await CorpusService.open(dir), { format, out });
}
async function importFrom(dir: string, format: ImportOptions['format'], from: string) {
  return importAnnotations(await CorpusService.open(dir), { format, from });
}

async function readTree(dir: string, rel = ''): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const e of await readdir(join(dir, rel), { withFileTypes: true })) {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) for (const [k, v] of await readTree(dir, path)) out.set(k, v);
    else out.set(path, await readFile(join(dir, path), 'utf8'));
  }
  return out;
}

async function sidecarOf(dir: string, path: string): Promise<Sidecar> {
  const parsed = parseSidecar(await readFile(join(dir, sidecarNameFor(path)), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.sidecar;
}

/** What an annotation says, without its id and timestamps. */
function content(a: Annotation, byId: Map<string, Annotation>): string {
  const claimant = a.claimant ? byId.get(a.claimant) : undefined;
  return JSON.stringify([a.type, a.label, a.start, a.end, a.text, a.note ?? null, a.stance ?? null, a.status ?? null, a.entity ?? null, claimant ? [claimant.start, claimant.end] : null]);
}
function contents(s: Sidecar): string[] {
  const byId = new Map(s.annotations.map((a) => [a.id, a]));
  return s.annotations.map((a) => content(a, byId)).sort();
}
function relationContents(s: Sidecar): string[] {
  const byId = new Map(s.annotations.map((a) => [a.id, a]));
  return s.relations.map((r) => `${r.type} ${byId.get(r.from)?.start}-${byId.get(r.to)?.start} ${r.note ?? ''}`).sort();
}

describe.each([
  ['the sample corpus', SAMPLE_CORPUS, true],
  [SHARED_CORPUS_TITLE, SHARED_CORPUS, hasSharedCorpus],
])('round trips on %s', (_name, corpus, available) => {
  it.skipIf(!available)('brat: import then export gives the same annotations and the same files', async () => {
    const annotated = await copyCorpus(corpus);
    const docs = await annotateCorpus(annotated);
    const first = join(await makeTempDir(), 'brat');
    await exportTo(annotated, 'brat', first);

    const fresh = await copyCorpus(corpus);
    const report = await importFrom(fresh, 'brat', first);
    expect(report.notPlaced).toEqual([]);
    expect(report.problems).toEqual([]);
    expect(report.moved).toEqual([]);
    expect(report.added).toBe([...docs.values()].reduce((n, d) => n + d.sidecar.annotations.length, 0));

    for (const [path, { sidecar }] of docs) {
      const imported = await sidecarOf(fresh, path);
      expect(contents(imported)).toEqual(contents(sidecar));
      expect(relationContents(imported)).toEqual(relationContents(sidecar));
      expect(imported.annotations.find((a) => a.attributes)?.attributes).toEqual(sidecar.annotations.find((a) => a.attributes)?.attributes);
    }

    const second = join(await makeTempDir(), 'brat');
    await exportTo(fresh, 'brat', second);
    expect(await readTree(second)).toEqual(await readTree(first));
  });

  it.skipIf(!available)('jsonl and labelstudio: import then compare with the original sidecars', async () => {
    const annotated = await copyCorpus(corpus);
    const docs = await annotateCorpus(annotated);
    for (const [format, name] of [['jsonl', 'x.jsonl'], ['labelstudio', 'x.json']] as const) {
      const out = join(await makeTempDir(), name);
      await exportTo(annotated, format, out);
      const fresh = await copyCorpus(corpus);
      const report = await importFrom(fresh, format, out);
      expect(report.notPlaced).toEqual([]);
      expect(report.problems).toEqual([]);
      for (const [path, { sidecar }] of docs) {
        const imported = await sidecarOf(fresh, path);
        expect(contents(imported)).toEqual(contents(sidecar));
        // Relation notes too (Label Studio carries them in the relation's meta).
        expect(relationContents(imported)).toEqual(relationContents(sidecar));
        if (format === 'jsonl') expect(imported.status).toBe(sidecar.status);
      }
    }
  });
});

describe('importAnnotations', () => {
  it('merges without duplicates: importing what is already there changes nothing', async () => {
    const dir = await copyCorpus(SAMPLE_CORPUS);
    const docs = await annotateCorpus(dir);
    const out = join(await makeTempDir(), 'brat');
    await exportTo(dir, 'brat', out);
    const [path] = [...docs.keys()] as [string];
    const before = await readFile(join(dir, sidecarNameFor(path)), 'utf8');
    const mtime = (await stat(join(dir, sidecarNameFor(path)))).mtimeMs;
    const report = await importFrom(dir, 'brat', out);
    expect(report.added).toBe(0);
    expect(report.relationsAdded).toBe(0);
    expect(report.duplicates).toBe([...docs.values()].reduce((n, d) => n + d.sidecar.annotations.length, 0));
    expect(report.documents.every((d) => !d.written)).toBe(true);
    expect(await readFile(join(dir, sidecarNameFor(path)), 'utf8')).toBe(before);
    expect((await stat(join(dir, sidecarNameFor(path)))).mtimeMs).toBe(mtime);
  });

  it('places a span by its text when its offsets are off, and reports what cannot be placed', async () => {
    const dir = await copyCorpus(SAMPLE_CORPUS);
    const text = await readFile(join(dir, '04-upstream-dam-data-dispute.txt'), 'utf8');
    const lf = text.replace(/\r\n/g, '\n');
    const at = Array.from(lf).join('').indexOf('Kenji Morimoto');
    const cp = Array.from(lf.slice(0, at)).length;
    const brat = await makeTempDir({
      '04-upstream-dam-data-dispute.ann': [
        `T1\tPERSON ${cp} ${cp + 14}\tKenji Morimoto`,
        `T2\tPERSON ${cp + 3} ${cp + 17}\tKenji Morimoto`,
        `T3\tORG 0 5\tNot in the text`,
        `T4\tPERSON 10 20;30 40\tsomething else`,
        'R1\tsaid-by Arg1:T1 Arg2:T3',
        'E1\tEvent:T9 Theme:T1',
        '',
      ].join('\n'),
      'missing-document.ann': 'T1\tPERSON 0 3\tabc\n',
    });
    const report = await importFrom(dir, 'brat', brat);
    expect(report.added).toBe(1); // T1, and T2 is the same span found by its text
    expect(report.duplicates).toBe(1);
    expect(report.moved).toHaveLength(1);
    expect(report.moved[0]).toContain('04-upstream-dam-data-dispute.ann line 2');
    expect(report.notPlaced.join('\n')).toMatch(/line 3: ORG "Not in the text" not placed/);
    expect(report.notPlaced.join('\n')).toMatch(/line 4: PERSON "something else" not placed/);
    expect(report.notPlaced.join('\n')).toMatch(/line 5: relation said-by not placed: T3 was not placed/);
    expect(report.notPlaced.join('\n')).toMatch(/line 6: event E1 \(Event\) not placed: its trigger T9 is not a span in the file/);
    expect(report.problems.join('\n')).toMatch(/missing-document\.ann: no document missing-document\.txt or missing-document in the corpus/);
    const sidecar = await sidecarOf(dir, '04-upstream-dam-data-dispute.txt');
    expect(sidecar.annotations.map((a) => a.text)).toEqual(['Kenji Morimoto']);
  });

  it('finds the document by its text when the file does not name it', async () => {
    const dir = await copyCorpus(SAMPLE_CORPUS);
    const text = (await readFile(join(dir, '04-upstream-dam-data-dispute.txt'), 'utf8')).replace(/\r\n/g, '\n');
    const start = Array.from(text.slice(0, text.indexOf('Tang Meilin'))).length;
    const file = join(await makeTempDir(), 'tasks.json');
    // An old Label Studio export: text with LF line endings, offsets in UTF-16 units (all BMP here).
    await writeFile(
      file,
      JSON.stringify([{ id: 7, data: { text }, annotations: [{ result: [{ id: 'x', from_name: 'label', to_name: 'text', type: 'labels', value: { start, end: start + 11, text: 'Tang Meilin', labels: ['PERSON'] } }] }] }]),
    );
    const report = await importFrom(dir, 'labelstudio', file);
    expect(report.problems).toEqual([]);
    expect(report.notPlaced).toEqual([]);
    const sidecar = await sidecarOf(dir, '04-upstream-dam-data-dispute.txt');
    const a = sidecar.annotations[0] as Annotation;
    expect(a.text).toBe('Tang Meilin');
    // CRLF in the source: the span is found by its text, at source offsets.
    const source = await readFile(join(dir, '04-upstream-dam-data-dispute.txt'), 'utf8');
    expect(Array.from(source).slice(a.start, a.end).join('')).toBe('Tang Meilin');
  });

  it('refuses a sidecar it cannot read, and never overwrites it', async () => {
    const dir = await copyCorpus(SAMPLE_CORPUS);
    await writeFile(join(dir, sidecarNameFor('06-first-alert-thu-bon-river.txt')), '{ broken');
    const file = join(await makeTempDir(), 'x.jsonl');
    await writeFile(file, `${JSON.stringify({ text: 'x', spans: [{ start: 0, end: 5, label: 'GPE', text: 'First' }], meta: { path: '06-first-alert-thu-bon-river.txt' } })}\n`);
    const report = await importFrom(dir, 'jsonl', file);
    expect(report.problems.join('\n')).toMatch(/06-first-alert-thu-bon-river\.txt: nothing imported: its sidecar cannot be read/);
    expect(await readFile(join(dir, sidecarNameFor('06-first-alert-thu-bon-river.txt')), 'utf8')).toBe('{ broken');
  });
});
