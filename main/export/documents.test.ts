import { mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnnotation } from '../../app/annotations';
import { TextIndex } from '../../app/offsets';
import { emptySidecar, sidecarNameFor } from '../../app/sidecar/sidecar-io';
import { CorpusService } from '../corpus/corpus-service';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { readDocuments } from './documents';
import { exportCorpus } from './export-service';
import { validateCorpus } from './validate-service';
import { annotateCorpus, copyCorpus, cpSlice, SAMPLE_CORPUS } from './test-corpus';

afterEach(cleanupTempDirs);

describe('CorpusService.scanTextDocuments', () => {
  it('lists the same text documents, in the same order, as CorpusService.listDocuments', async () => {
    const outside = await makeTempDir({ 'secret.txt': 'outside' });
    const dir = await makeTempDir({
      'b.txt': 'b',
      'a.md': 'a',
      'A.txt': 'A',
      'page.html': '<html><body><article><p>Hello there, this is a saved page.</p></article></body></html>',
      'notes.pdf': '%PDF',
      'b.txt.annotations.json': '{}',
      'b.txt.annotations.json.v1.bak': '{}',
      '.hidden/x.txt': 'x',
      'node_modules/y.txt': 'y',
      'sub/deeper/c.txt': 'c',
      'sub/é 😀.txt': 'unicode name',
    });
    await symlink(join(dir, 'sub'), join(dir, 'alias'));
    await symlink(join(outside, 'secret.txt'), join(dir, 'leak.txt'));
    await symlink(join(dir, 'nowhere.txt'), join(dir, 'dangling.txt'));
    await mkdir(join(dir, 'sub', 'loop'));
    await symlink(join(dir, 'sub'), join(dir, 'sub', 'loop', 'back'));
    const service = await CorpusService.open(dir);
    const listed = (await service.listDocuments()).filter((e) => e.kind === 'text').map((e) => e.path);
    const scanned = await service.scanTextDocuments();
    expect(scanned.map((e) => e.path)).toEqual(listed);
    expect(scanned.find((e) => e.path === 'b.txt')?.sidecarFile).toBe(join(service.root, 'b.txt.annotations.json'));
    expect(scanned.find((e) => e.path === 'a.md')?.sidecarFile).toBeNull();
  });
});

describe('readDocuments', () => {
  it('reads text, BOM and CRLF files as the corpus service does', async () => {
    const dir = await copyCorpus(SAMPLE_CORPUS);
    await annotateCorpus(dir);
    const service = await CorpusService.open(dir);
    for await (const r of readDocuments(service, await service.scanTextDocuments())) {
      if ('error' in r) throw new Error(r.error);
      const opened = await service.readDocument(r.entry.path);
      expect(r.doc.text).toBe(opened.text);
      expect(r.doc.sidecar).toEqual(opened.sidecar);
    }
  });

  it('hands a changed source to the service, which re-anchors its annotations before export', async () => {
    const dir = await copyCorpus(SAMPLE_CORPUS);
    const docs = await annotateCorpus(dir);
    const path = '06-first-alert-thu-bon-river.txt';
    const file = join(dir, path);
    await writeFile(file, `BREAKING. ${await readFile(file, 'utf8')}`);
    const out = join(await makeTempDir(), 'x.jsonl');
    const report = await exportCorpus(await CorpusService.open(dir), { format: 'jsonl', out });
    expect(report.problems).toEqual([]);
    const line = (await readFile(out, 'utf8')).split('\n').map((l) => (l ? JSON.parse(l) : null)).find((l) => l?.meta.path === path);
    const text = await readFile(file, 'utf8');
    expect(line.spans.length).toBe(docs.get(path)?.sidecar.annotations.length);
    for (const s of line.spans) expect(cpSlice(text, s.start, s.end)).toBe(s.text);
    expect(line.spans[0].start).toBe((docs.get(path)?.sidecar.annotations.reduce((m, a) => Math.min(m, a.start), Infinity) ?? 0) + 10);
  });

  it('reports a broken sidecar as a problem and writes no backup', async () => {
    const dir = await copyCorpus(SAMPLE_CORPUS);
    await writeFile(join(dir, sidecarNameFor('02-da-nang-flood-data-pact.txt')), '{"format": "nope"}');
    const service = await CorpusService.open(dir);
    const results = [];
    for await (const r of readDocuments(service, await service.scanTextDocuments())) results.push(r);
    const broken = results.find((r) => r.entry.path === '02-da-nang-flood-data-pact.txt');
    expect(broken && 'error' in broken ? broken.error : '').toMatch(/02-da-nang-flood-data-pact\.txt\.annotations\.json: "format" is "nope"/);
    expect((await readdir(dir)).some((n) => n.includes('.bak'))).toBe(false);
  });
});

describe('status filter with a split', () => {
  it('splits only the documents with the statuses asked for', async () => {
    const dir = await copyCorpus(SAMPLE_CORPUS);
    const docs = await annotateCorpus(dir);
    const out = await makeTempDir();
    const report = await exportCorpus(await CorpusService.open(dir), { format: 'jsonl', out, split: [50, 50], seed: 1, status: ['done', 'in-progress'] });
    const wanted = [...docs].filter(([, d]) => d.sidecar.status !== 'todo').map(([p]) => p).sort();
    const got: string[] = [];
    for (const part of ['train', 'test']) {
      const text = await readFile(join(out, `${part}.jsonl`), 'utf8');
      got.push(...text.split('\n').filter((l) => l).map((l) => JSON.parse(l).meta.path));
    }
    expect(got.sort()).toEqual(wanted);
    expect(report.parts.map((p) => p.documents)).toEqual([wanted.length / 2, wanted.length / 2]);
  });
});

describe('saved web pages', () => {
  it('are exported and validated against their extracted text', async () => {
    const html = `<!doctype html><html><head><title>Pact</title></head><body><nav>Home | News</nav><article><h1>Seven governments sign flood-data pact</h1>
      <p>DA NANG — Ministers from seven countries signed a memorandum on Saturday committing them to share river-gauge readings.</p>
      <p>"This will turn scattered gauges into one instrument," said Natural Resources Minister Võ Thanh Tú.</p></article></body></html>`;
    const dir = await makeTempDir({ 'page.html': html });
    const service = await CorpusService.open(dir);
    const opened = await service.readDocument('page.html');
    const index = new TextIndex(opened.text);
    const at = opened.text.indexOf('Võ Thanh Tú');
    expect(at).toBeGreaterThan(0);
    const a = createAnnotation(index, { type: 'entity', label: 'PERSON', start: index.toCodePoint(at), end: index.toCodePoint(at + 'Võ Thanh Tú'.length), id: 'a_1' });
    await service.writeSidecar('page.html', { ...emptySidecar({ name: 'page.html', sha256: opened.sha256, length: index.length }), annotations: [a] });

    const report = await validateCorpus(await CorpusService.open(dir));
    expect(report.problems).toEqual([]);

    const out = join(await makeTempDir(), 'x.jsonl');
    const exported = await exportCorpus(await CorpusService.open(dir), { format: 'jsonl', out });
    expect(exported.problems).toEqual([]);
    const line = JSON.parse((await readFile(out, 'utf8')).trim());
    expect(line.text).toBe(opened.text);
    expect(cpSlice(line.text, line.spans[0].start, line.spans[0].end)).toBe('Võ Thanh Tú');
  });
});
