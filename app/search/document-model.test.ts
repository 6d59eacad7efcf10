import { describe, expect, it } from 'vitest';
import type { DocumentEntry } from '../ipc/contract';
import { TextIndex } from '../offsets';
import type { Annotation, Sidecar } from '../sidecar/sidecar-schema';
import { annotationFilter, documentStatusPasses, matchingAnnotations, notesText, searchRecordOf } from './document-model';
import { countLabels, filterDocuments, labelTotals } from './filter-documents';
import { hitAt, hitAtCodePoints, locateClauses, snippetOf } from './locate';
import { parseQuery } from './query';

function ann(id: string, label: string, text: string, start: number, extra: Partial<Annotation> = {}): Annotation {
  return { id, type: label === 'CLAIM' ? 'claim' : 'entity', label, start, end: start + [...text].length, text, prefix: '', suffix: '', ...extra };
}

const sidecar: Sidecar = {
  format: 'marginalia-annotations',
  version: 3,
  source: { name: 'a.txt', sha256: '0'.repeat(64), length: 100 },
  status: 'in-progress',
  annotations: [
    ann('p1', 'PERSON', 'Chance Saltzman', 10, { entity: 'e_saltzman', author: 'Alice' }),
    ann('o1', 'ORG', 'Space Force', 30, { author: 'bob', note: 'the U.S. branch, not the Japanese unit' }),
    ann('c1', 'CLAIM', 'the unit will open next year', 50, { status: 'disputed', author: 'alice', claimant: 'p1' }),
    ann('c2', 'CLAIM', 'China is expanding', 80),
  ],
  relations: [],
};

describe('search records and filters', () => {
  const record = searchRecordOf('a.txt', sidecar);
  const matching = (q: string, resolve?: Parameters<typeof annotationFilter>[1]) => {
    const parsed = parseQuery(q);
    return matchingAnnotations(record, parsed, annotationFilter(parsed.filters, resolve)).map((a) => a.id);
  };

  it('keeps what filters and hits need, a claim without a status counting as unverified', () => {
    expect(record.status).toBe('in-progress');
    expect(record.annotations.map((a) => [a.id, a.labelKey, a.status, a.authorKey])).toEqual([
      ['p1', 'person', undefined, 'alice'],
      ['o1', 'org', undefined, 'bob'],
      ['c1', 'claim', 'disputed', 'alice'],
      ['c2', 'claim', 'unverified', undefined],
    ]);
    expect(notesText(sidecar)).toBe('the U.S. branch, not the Japanese unit');
    expect([...record.keys].sort()).toEqual(['author:alice', 'author:bob', 'entity:e_saltzman', 'label:claim', 'label:org', 'label:person', 'status:disputed', 'status:unverified']);
    expect(searchRecordOf('b.txt', null)).toEqual({ path: 'b.txt', status: 'todo', annotations: [], keys: new Set() });
  });
  it('label:, status:, author: (case-insensitive), all holding for one annotation', () => {
    expect(matching('label:person')).toEqual(['p1']);
    expect(matching('label:PERSON label:ORG')).toEqual(['p1', 'o1']);
    expect(matching('status:disputed')).toEqual(['c1']);
    expect(matching('status:unverified')).toEqual(['c2']);
    expect(matching('author:ALICE')).toEqual(['p1', 'c1']);
    expect(matching('author:alice label:CLAIM')).toEqual(['c1']);
    expect(matching('author:bob status:disputed')).toEqual([]);
    expect(matching('label:CLAIM -status:disputed')).toEqual(['c2']);
  });
  it('passes over a record by its keys, and looks at its annotations only when they may match', () => {
    const other = searchRecordOf('c.txt', { status: 'todo', annotations: [{ id: 'x', type: 'entity', label: 'GPE', start: 0, end: 1, text: 'X' }] });
    const f = annotationFilter(parseQuery('label:PERSON author:bob').filters);
    expect(f.anyIn(record)).toBe(false); // has both keys, but not on one annotation
    expect(annotationFilter(parseQuery('label:PERSON author:alice').filters).anyIn(record)).toBe(true);
    expect(annotationFilter(parseQuery('label:PERSON').filters).anyIn(other)).toBe(false);
    expect(annotationFilter(parseQuery('-label:PERSON').filters).anyIn(other)).toBe(true);
    expect(annotationFilter([]).anyIn(other)).toBe(true);
  });
  it('entity: by id, or by a name the resolver knows', () => {
    expect(matching('entity:e_saltzman')).toEqual(['p1']);
    expect(matching('entity:"Chance Saltzman"')).toEqual([]);
    expect(matching('entity:"Chance Saltzman"', (_v, folded) => new Set(folded === 'chance saltzman' ? ['e_saltzman'] : []))).toEqual(['p1']);
  });
  it('words point at annotations whose text or note has them; with filters, those come first', () => {
    expect(matching('saltzman')).toEqual(['p1']);
    expect(matching('japanese')).toEqual(['o1']); // in the note
    expect(matching('label:CLAIM china')).toEqual(['c2', 'c1']);
    expect(matching('nothing')).toEqual([]);
  });
  it('doc: filters the document status', () => {
    expect(documentStatusPasses('done', parseQuery('doc:done').filters)).toBe(true);
    expect(documentStatusPasses('todo', parseQuery('doc:done doc:in-progress').filters)).toBe(false);
    expect(documentStatusPasses('done', parseQuery('-doc:done').filters)).toBe(false);
    expect(documentStatusPasses('todo', parseQuery('label:X').filters)).toBe(true);
  });
});

describe('locating hits in the text', () => {
  const text = 'Title line\r\nThe U.S. Space Force said 😀 the Space\u00a0Force’s unit…\nLast: 长江流域遥感中心, Võ Thanh Tu\u0301.';
  const index = new TextIndex(text);
  const cp = (u16: number) => index.toCodePoint(u16);

  it('finds words and phrases with code-point offsets, the line, and a snippet', () => {
    const q = parseQuery('"space force" ');
    const { ranges, found } = locateClauses(text, q);
    expect(found).toEqual([true]);
    expect(ranges.map((r) => text.slice(r.start, r.end))).toEqual(['Space Force', 'Space\u00a0Force']);
    const hits = ranges.map((r) => hitAt(index, r.start, r.end));
    expect(hits[0]).toEqual({
      start: cp(text.indexOf('Space')),
      end: cp(text.indexOf('Space') + 11),
      line: 1,
      snippet: { before: 'The U.S. ', match: 'Space Force', after: ' said 😀 the Space\u00a0Force’s unit…' },
    });
    // After the emoji, code points and UTF-16 differ by one.
    const second = text.indexOf('Space', text.indexOf('😀'));
    expect(hits[1]?.start).toBe(second - 1);
    expect([...text].slice(hits[1]!.start, hits[1]!.end).join('')).toBe('Space\u00a0Force');
  });
  it('finds CJK substrings and unaccented spellings, pointing at the original characters', () => {
    const q = parseQuery('流域 tu ');
    const { ranges, found } = locateClauses(text, q);
    expect(found).toEqual([true, true]);
    expect(ranges.map((r) => text.slice(r.start, r.end))).toEqual(['流域', 'Tu\u0301']);
    const hit = hitAt(index, ranges[1]!.start, ranges[1]!.end);
    expect(hit.line).toBe(2);
    expect(hit.snippet.match).toBe('Tu\u0301');
    expect(hit.end - hit.start).toBe(3);
  });
  it('reports clauses that are absent, and negated ones that are present', () => {
    const q = parseQuery('"force space" -said');
    expect(locateClauses(text, q).found).toEqual([false, true]);
    expect(locateClauses(text, q).ranges).toEqual([]);
  });
  it('merges overlapping occurrences, and words that follow each other on a line', () => {
    const { ranges } = locateClauses(text, parseQuery('thanh vo tu '));
    expect(ranges.map((r) => text.slice(r.start, r.end))).toEqual(['Võ Thanh Tu\u0301']);
    expect(locateClauses(text, parseQuery('line the ')).ranges.map((r) => text.slice(r.start, r.end))).toEqual(['line', 'The', 'the']);
    const q = parseQuery('"space force" space ');
    expect(locateClauses(text, q).ranges.map((r) => text.slice(r.start, r.end))).toEqual(['Space Force', 'Space\u00a0Force']);
  });
  it('cuts long context at a space and never inside a surrogate pair', () => {
    const long = `${'word '.repeat(40)}target ${'😀'.repeat(80)}`;
    const i = new TextIndex(long);
    const at = long.indexOf('target');
    const s = snippetOf(i, at, at + 6);
    expect(s.before.startsWith('…')).toBe(true);
    expect(s.before.length).toBeLessThanOrEqual(62);
    expect(s.after.endsWith('…')).toBe(true);
    expect(/[\ud800-\udbff]…$/.test(s.after)).toBe(false);
  });
  it('makes hits of annotation spans given in code points, across lines', () => {
    const start = cp(text.indexOf('Force’s'));
    const end = cp(text.indexOf('长江'));
    const hit = hitAtCodePoints(index, start, end);
    expect(hit).toMatchObject({ start, end, line: 1 });
    expect(hit.snippet.match).toBe('Force’s unit… Last: ');
  });
});

describe('filterDocuments', () => {
  const entry = (path: string, status: DocumentEntry['status'], labelCounts?: Record<string, number>): DocumentEntry => ({
    path,
    name: path,
    kind: 'text',
    size: 1,
    annotationCount: Object.values(labelCounts ?? {}).reduce((a, b) => a + b, 0),
    status,
    ...(labelCounts ? { labelCounts } : {}),
  });
  const entries = [
    entry('a.txt', 'done', { PERSON: 2, ORG: 1 }),
    entry('b.txt', 'todo'),
    entry('c.txt', 'in-progress', { CLAIM: 3 }),
    { ...entry('d.pdf', 'todo'), kind: 'unsupported' as const },
  ];
  it('by status and label', () => {
    expect(filterDocuments(entries, {}).map((e) => e.path)).toEqual(['a.txt', 'b.txt', 'c.txt', 'd.pdf']);
    expect(filterDocuments(entries, { status: 'todo' }).map((e) => e.path)).toEqual(['b.txt']);
    expect(filterDocuments(entries, { status: ['done', 'in-progress'] }).map((e) => e.path)).toEqual(['a.txt', 'c.txt']);
    expect(filterDocuments(entries, { label: 'PERSON' }).map((e) => e.path)).toEqual(['a.txt']);
    expect(filterDocuments(entries, { label: ['CLAIM', 'ORG'], status: 'done' }).map((e) => e.path)).toEqual(['a.txt']);
  });
  it('counts labels', () => {
    expect(countLabels(sidecar.annotations)).toEqual({ PERSON: 1, ORG: 1, CLAIM: 2 });
    expect(Object.fromEntries(labelTotals(entries))).toEqual({
      PERSON: { annotations: 2, documents: 1 },
      ORG: { annotations: 1, documents: 1 },
      CLAIM: { annotations: 3, documents: 1 },
    });
  });
});
