// doccano: offsets in its own unit (UTF-16 code units) both ways, details kept
// in the line's metadata, empty documents and overlapping spans.
import { describe, expect, it } from 'vitest';
import { createAnnotation } from '../annotations';
import { TextIndex } from '../offsets';
import { emptySidecar } from '../sidecar/sidecar-io';
import type { Annotation, Relation } from '../sidecar/sidecar-schema';
import { createDoccanoExporter, doccanoDocument, doccanoRecord } from './doccano';
import { readJsonlRecord } from './jsonl';
import { mergeImported } from './merge';
import type { ExportDocument } from './types';

const NOW = '2026-01-01T00:00:00.000Z';
const SCHEMA = {
  version: 1 as const,
  entityLabels: [{ name: 'PERSON', colour: '#000000' }, { name: 'ORG', colour: '#000000' }],
  claimLabels: [{ name: 'CLAIM', colour: '#000000' }],
  relationTypes: [{ name: 'said-by' }],
};

function doc(text: string, spans: [string, string, number, number, Partial<Annotation>?][], relations: Relation[] = []): ExportDocument {
  const index = new TextIndex(text);
  const annotations = spans.map(([id, label, start, end, extra]) => ({
    ...createAnnotation(index, { id, type: label === 'CLAIM' ? 'claim' : 'entity', label, start, end, now: NOW }),
    ...extra,
  }));
  return { path: 'a.txt', text, sidecar: { ...emptySidecar({ name: 'a.txt', sha256: '0'.repeat(64), length: index.length }), annotations, relations } };
}

// An emoji (two UTF-16 units, one code point) and a CJK extension B character before the names.
const TEXT = '🛰️ 𠮷 Han Do-yun met Kim at JAXA.';
const cps = (s: string) => Array.from(TEXT).join('').indexOf(s);
const cpStart = (s: string) => Array.from(TEXT.slice(0, TEXT.indexOf(s))).length;

describe('doccano offsets', () => {
  const han = cpStart('Han Do-yun');
  const jaxa = cpStart('JAXA');
  const d = doc(TEXT, [
    ['p1', 'PERSON', han, han + 10],
    ['o1', 'ORG', jaxa, jaxa + 4],
  ]);

  it('count UTF-16 code units by default, as doccano does (its issue #2290)', () => {
    expect(cps('Han')).toBeGreaterThan(0);
    const line = doccanoRecord(d);
    for (const e of line.entities) expect(['Han Do-yun', 'JAXA']).toContain(line.text.slice(e.start_offset, e.end_offset));
  });

  it('count code points with offsets: codepoints', () => {
    const line = doccanoRecord(d, { offsets: 'codepoints' });
    for (const e of line.entities) expect(['Han Do-yun', 'JAXA']).toContain(Array.from(line.text).slice(e.start_offset, e.end_offset).join(''));
  });

  it('a doccano line imports back to the same spans, in either unit', () => {
    for (const offsets of ['utf16', 'codepoints'] as const) {
      const line = JSON.parse(JSON.stringify(doccanoRecord(d, { offsets })));
      const imported = readJsonlRecord(line, 'x.jsonl line 1', { doccanoOffsets: offsets });
      expect(imported.problems).toEqual([]);
      const merged = mergeImported({ path: 'a.txt', text: TEXT, sha256: '0'.repeat(64), existing: null, imported, schema: SCHEMA, now: NOW });
      expect(merged.notPlaced).toEqual([]);
      expect(merged.sidecar.annotations.map((a) => a.text).sort()).toEqual(['Han Do-yun', 'JAXA']);
    }
  });

  it('an offset inside a surrogate pair is refused, naming the span', () => {
    const imported = readJsonlRecord({ text: TEXT, entities: [{ id: 1, label: 'ORG', start_offset: 1, end_offset: 5 }] }, 'x.jsonl line 1');
    expect(imported.spans).toEqual([]);
    expect(imported.problems[0]).toMatch(/x\.jsonl line 1 span 1: offset 1 falls inside a character/);
  });
});

describe('doccano metadata', () => {
  const d = doc(
    'Han said JAXA would launch.',
    [
      ['p1', 'PERSON', 0, 3, { entity: 'ent_han', note: 'the minister' }],
      ['c1', 'CLAIM', 9, 26, { stance: 'reported', status: 'disputed', claimant: 'p1', attributes: { negated: true } }],
      ['o1', 'ORG', 9, 13],
    ],
    [{ id: 'r1', type: 'said-by', from: 'c1', to: 'p1', note: 'quoted' }],
  );

  it('keeps stance, status, notes, attributes, entity ids and kb ids, and relation notes', () => {
    const line = doccanoRecord(d, { kbId: (e) => (e === 'ent_han' ? 'Q123' : undefined) });
    const id = (label: string) => String(line.entities.find((e) => e.label === label)?.id);
    expect(line.annotations?.[id('PERSON')]).toEqual({ type: 'entity', entity: 'ent_han', kb_id: 'Q123', note: 'the minister' });
    expect(line.annotations?.[id('CLAIM')]).toEqual({ type: 'claim', stance: 'reported', status: 'disputed', attributes: { negated: true } });
    expect(line.annotations?.[id('ORG')]).toBeUndefined();
    const said = line.relations.find((r) => r.type === 'said-by');
    expect(line.relation_notes).toEqual({ [String(said?.id)]: 'quoted' });
  });

  it('imports them back', () => {
    const imported = readJsonlRecord(JSON.parse(JSON.stringify(doccanoRecord(d))), 'x');
    const merged = mergeImported({ path: 'a.txt', text: d.text, sha256: '0'.repeat(64), existing: null, imported, schema: SCHEMA, now: NOW });
    const claim = merged.sidecar.annotations.find((a) => a.label === 'CLAIM');
    expect(claim).toMatchObject({ type: 'claim', stance: 'reported', status: 'disputed', attributes: { negated: true } });
    expect(merged.sidecar.annotations.find((a) => a.label === 'PERSON')).toMatchObject({ entity: 'ent_han', note: 'the minister' });
    expect(merged.sidecar.relations.find((r) => r.type === 'said-by')?.note).toBe('quoted');
    expect(claim?.claimant).toBe(merged.sidecar.annotations.find((a) => a.label === 'PERSON')?.id);
  });
});

describe('doccano projects that refuse overlapping spans', () => {
  const d = doc(
    'Han said JAXA would launch.',
    [
      ['p1', 'PERSON', 0, 3],
      ['c1', 'CLAIM', 9, 26, { claimant: 'p1' }],
      ['o1', 'ORG', 9, 13],
    ],
    [{ id: 'r1', type: 'said-by', from: 'o1', to: 'p1' }],
  );

  it('overlaps: drop leaves the shorter overlapping span out, and every relation to it', () => {
    const r = doccanoDocument(d, { overlaps: 'drop' });
    expect(r.line.entities.map((e) => e.label)).toEqual(['PERSON', 'CLAIM']);
    expect(r.droppedSpans).toBe(1);
    const ids = new Set(r.line.entities.map((e) => e.id));
    for (const rel of r.line.relations) expect(ids.has(rel.from_id) && ids.has(rel.to_id)).toBe(true);
    expect(r.droppedRelations).toBe(1);
  });

  it('warns about what it left out', () => {
    const e = createDoccanoExporter({ overlaps: 'drop' });
    e.add(d);
    expect(e.warnings().join('\n')).toMatch(/1 overlapping span\(s\) left out/);
  });
});

describe('empty documents', () => {
  it('are left out with a warning: doccano rejects {"text": ""}', () => {
    const e = createDoccanoExporter();
    const chunk = e.add({ path: 'empty.txt', text: '', sidecar: null });
    expect(chunk.main).toBeUndefined();
    expect(e.warnings()).toEqual(['doccano: empty.txt: left out, its text is empty (doccano rejects an example without text)']);
  });
});
