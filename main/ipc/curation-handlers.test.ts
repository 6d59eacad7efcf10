// The curation channels end to end through dispatch: argument validation, the
// handlers, real files in temporary folders (the agreement fixture pair).
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../app/ipc/contract';
import type { DocumentComparison, FindOccurrencesResult, FolderComparison, TagOccurrencesResult } from '../../app/ipc/curation-contract';
import { parseSidecar, serializeSidecar } from '../../app/sidecar/sidecar-io';
import { aggregateCounts, reportFromCounts } from '../../app/agreement';
import { compareCorpora } from '../corpus/agreement-service';
import { CorpusService } from '../corpus/corpus-service';
import { cleanupTempDirs, entity, makeTempDir, sidecarFor } from '../test-support';
import { dispatch } from './dispatch';
import { createHandlers, type Handlers } from './handlers';

afterEach(cleanupTempDirs);

const FIXTURES = join(import.meta.dirname, '../../tests/fixtures/agreement');
const DOC = 'valparaiso-dredging.txt';
const fixture = (folder: string, name: string) => readFileSync(join(FIXTURES, folder, name));

const ok = <T>(e: Envelope<unknown>): T => {
  if (!e.ok) throw new Error(`expected ok, got ${e.error.code}: ${e.error.message}`);
  return e.value as T;
};

async function setup(files: Record<string, string | Uint8Array>, dialog: () => string | null = () => null): Promise<{ handlers: Handlers; root: string }> {
  const root = await makeTempDir(files);
  const sample = await makeTempDir({ 's.txt': 's' });
  const handlers = createHandlers({
    chooseFolder: async () => dialog(),
    settings: { getRecent: () => [], addRecent: () => {} },
    sampleCorpusRoot: sample,
    initialCorpus: root,
  });
  await handlers.getStartup({});
  return { handlers, root };
}

async function twoFolders(extraA: Record<string, string> = {}, extraB: Record<string, string> = {}) {
  const other = await makeTempDir({
    [DOC]: fixture('annotator-b', DOC),
    [`${DOC}.annotations.json`]: fixture('annotator-b', `${DOC}.annotations.json`),
    ...extraB,
  });
  let answer: string | null = other;
  const { handlers, root } = await setup(
    {
      [DOC]: fixture('annotator-a', DOC),
      [`${DOC}.annotations.json`]: fixture('annotator-a', `${DOC}.annotations.json`),
      ...extraA,
    },
    () => answer,
  );
  return { handlers, root, other, setAnswer: (a: string | null) => (answer = a) };
}

describe('compareWithFolder and compareDocument', () => {
  it('pairs documents by path and gives the fixture’s hand-worked figures', async () => {
    const { handlers, other } = await twoFolders({ 'only-a.txt': 'A only' }, { 'only-b.txt': 'B only', 'notes.pdf': 'x' });
    const folder = ok<FolderComparison>(await dispatch(handlers, 'compareWithFolder', {}));
    expect(folder.otherRoot).toBe(other);
    expect(folder.pairs).toEqual([
      { path: 'only-a.txt', inCurrent: true, inOther: false, annotationsA: 0, annotationsB: 0 },
      { path: 'only-b.txt', inCurrent: false, inOther: true, annotationsA: 0, annotationsB: 0 },
      { path: DOC, inCurrent: true, inOther: true, annotationsA: 7, annotationsB: 8 },
    ]);
    const doc = ok<DocumentComparison>(await dispatch(handlers, 'compareDocument', { otherRoot: folder.otherRoot, path: DOC }));
    expect(doc.comparable).toBe(true);
    expect(doc.a).toHaveLength(7);
    expect(doc.b).toHaveLength(8);
    const r = doc.report!;
    // Worked out in tests/fixtures/agreement/README.md: exact 5 of 7 / 8, overlap 7, κ = 499/644.
    expect(r.overall.exact).toMatchObject({ matched: 5, a: 7, b: 8, precision: 5 / 8, recall: 5 / 7 });
    expect(r.overall.overlap.matched).toBe(7);
    expect(r.overall.kappa).toBeCloseTo(499 / 644, 12);
    // Labels in the schema's order.
    expect(r.labels.map((l) => l.label)).toEqual(['PERSON', 'ORG', 'GPE', 'LOC', 'DATE', 'CLAIM']);
    expect(doc.disagreements.map((d) => d.id)).toEqual(['40-58', '79-96', '108-115']);
    // Each comes with the document's text around it, for the curation view's sentences.
    for (const d of doc.disagreements) {
      expect(d.around!.start).toBeLessThanOrEqual(d.start);
      expect(d.around!.start + [...d.around!.text].length).toBeGreaterThanOrEqual(d.end);
      for (const x of [...d.a, ...d.b]) expect([...d.around!.text].slice(x.start - d.around!.start, x.end - d.around!.start).join('')).toBe(x.text);
    }

    const missing = ok<DocumentComparison>(await dispatch(handlers, 'compareDocument', { otherRoot: folder.otherRoot, path: 'only-a.txt' }));
    expect(missing).toMatchObject({ comparable: false, report: null });
    expect(missing.problem).toMatch(/only in the open corpus/);
  });

  it('refuses a folder not chosen in the dialog, and paths outside the corpus', async () => {
    const { handlers, other, setAnswer } = await twoFolders();
    const unchosen = await dispatch(handlers, 'compareDocument', { otherRoot: other, path: DOC });
    expect(unchosen).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    ok(await dispatch(handlers, 'compareWithFolder', {}));
    const escape = await dispatch(handlers, 'compareDocument', { otherRoot: other, path: '../x.txt' });
    expect(escape).toMatchObject({ ok: false, error: { code: 'outside-corpus' } });
    expect(await dispatch(handlers, 'compareDocument', { otherRoot: other })).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    expect(await dispatch(handlers, 'compareWithFolder', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    setAnswer(null);
    expect(ok(await dispatch(handlers, 'compareWithFolder', {}))).toBeNull();
  });

  it('refuses the open corpus itself as the other folder', async () => {
    const { handlers, root, setAnswer } = await twoFolders();
    setAnswer(root);
    expect(await dispatch(handlers, 'compareWithFolder', {})).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
  });

  it('says when the two copies of a text differ', async () => {
    const { handlers } = await twoFolders({ 'x.txt': 'one text' }, { 'x.txt': 'another text' });
    const folder = ok<FolderComparison>(await dispatch(handlers, 'compareWithFolder', {}));
    const doc = ok<DocumentComparison>(await dispatch(handlers, 'compareDocument', { otherRoot: folder.otherRoot, path: 'x.txt' }));
    expect(doc).toMatchObject({ comparable: false, report: null });
    expect(doc.problem).toMatch(/different text/);
  });

  it('compareCorpora: the whole corpus with progress, summing counts; an abort stops it', async () => {
    const { root, other } = await twoFolders({ 'b.txt': 'Ann met Bob.' }, { 'b.txt': 'Ann met Bob.' });
    const a = await CorpusService.open(root);
    const b = await CorpusService.open(other);
    const seen: string[] = [];
    const all = await compareCorpora(a, b, { onProgress: (done, total, path) => seen.push(`${done}/${total} ${path}`) });
    expect(seen).toEqual(['1/2 b.txt', `2/2 ${DOC}`]);
    expect(all.counts.documents).toBe(2);
    // b.txt has 4 tokens and no annotations: the fixture's figures stay, with 29 + 4 tokens.
    expect(all.report.overall.tokens).toBe(33);
    expect(all.report.overall.exact).toMatchObject({ matched: 5, a: 7, b: 8 });
    expect(reportFromCounts(aggregateCounts(all.documents.map((d) => d.report!.counts))).overall).toEqual(all.report.overall);
    const controller = new AbortController();
    await expect(
      compareCorpora(a, b, {
        signal: controller.signal,
        onProgress: () => controller.abort(new Error('stopped')),
      }),
    ).rejects.toThrow('stopped');
  });
});

describe('findOccurrences and tagOccurrences', () => {
  const text1 = 'Japan and JAPAN met Japan’s envoy in Japanese.';
  const text2 = 'The 😀 Japan desk.';

  async function corpus() {
    return setup({
      'a.txt': text1,
      'a.txt.annotations.json': serializeSidecar(sidecarFor('a.txt', text1, [entity('g1', text1, 0, 5, 'GPE')])),
      'b.txt': text2,
      'c.txt': 'nothing here',
    });
  }

  it('finds occurrences per document, in code points, leaving out those already tagged', async () => {
    const { handlers } = await corpus();
    const found = ok<FindOccurrencesResult>(await dispatch(handlers, 'findOccurrences', { text: 'Japan', label: 'GPE', options: { wholeWord: true } }));
    expect(found.documents.map((d) => [d.path, d.occurrences.map((o) => [o.start, o.end]), d.alreadyTagged])).toEqual([
      ['a.txt', [[20, 25]], 1],
      ['b.txt', [[6, 11]], 0],
    ]);
    expect(found.documents[1]!.occurrences[0]).toMatchObject({ text: 'Japan', before: 'The 😀 ', after: ' desk.' });
    expect(found).toMatchObject({ total: 2, alreadyTagged: 1, truncated: false, problems: [] });
    const folded = ok<FindOccurrencesResult>(await dispatch(handlers, 'findOccurrences', { text: 'japan', options: { caseSensitive: false } }));
    expect(folded.total).toBe(5);
    expect(await dispatch(handlers, 'findOccurrences', { text: '' })).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    expect(await dispatch(handlers, 'findOccurrences', { text: 'x', options: { fuzzy: true } })).toMatchObject({ ok: false });
  });

  it('tags other documents atomically, without duplicates, skipping the open one', async () => {
    const { handlers, root } = await corpus();
    const result = ok<TagOccurrencesResult>(
      await dispatch(handlers, 'tagOccurrences', {
        label: 'GPE',
        type: 'entity',
        items: [
          { path: 'a.txt', start: 0, end: 5 }, // already tagged
          { path: 'a.txt', start: 20, end: 25 },
          { path: 'b.txt', start: 6, end: 11 },
          { path: 'c.txt', start: 0, end: 7 },
        ],
        skipPaths: ['c.txt'],
        author: 'ana',
      }),
    );
    expect(result).toEqual({
      documents: [
        { path: 'a.txt', added: 1, skipped: 1 },
        { path: 'b.txt', added: 1, skipped: 0 },
      ],
      added: 2,
      skippedOpen: ['c.txt'],
      problems: [],
    });
    const a = parseSidecar(await readFile(join(root, 'a.txt.annotations.json'), 'utf8'));
    expect(a.ok && a.sidecar.annotations.map((x) => [x.id === 'g1' ? 'g1' : 'new', x.start, x.text])).toEqual([
      ['g1', 0, 'Japan'],
      ['new', 20, 'Japan'],
    ]);
    const b = parseSidecar(await readFile(join(root, 'b.txt.annotations.json'), 'utf8'));
    expect(b.ok && b.sidecar.annotations[0]).toMatchObject({ label: 'GPE', type: 'entity', start: 6, end: 11, text: 'Japan', prefix: 'The 😀 ', author: 'ana' });
    await expect(readFile(join(root, 'c.txt.annotations.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    // Again: nothing new.
    const again = ok<TagOccurrencesResult>(
      await dispatch(handlers, 'tagOccurrences', { label: 'GPE', type: 'entity', items: [{ path: 'b.txt', start: 6, end: 11 }] }),
    );
    expect(again.added).toBe(0);
  });

  it('does not touch a document whose sidecar cannot be read, and says so', async () => {
    const { handlers, root } = await corpus();
    await writeFile(join(root, 'b.txt.annotations.json'), '{ broken');
    const result = ok<TagOccurrencesResult>(
      await dispatch(handlers, 'tagOccurrences', { label: 'GPE', type: 'entity', items: [{ path: 'b.txt', start: 6, end: 11 }] }),
    );
    expect(result.added).toBe(0);
    expect(result.problems[0]).toMatch(/b\.txt was not changed/);
    expect(await readFile(join(root, 'b.txt.annotations.json'), 'utf8')).toBe('{ broken');
    const found = ok<FindOccurrencesResult>(await dispatch(handlers, 'findOccurrences', { text: 'Japan' }));
    expect(found.documents.map((d) => d.path)).toEqual(['a.txt']);
    expect(found.problems[0]).toMatch(/b\.txt is left out/);
  });
});
