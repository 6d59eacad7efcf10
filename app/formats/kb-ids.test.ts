// Knowledge-base ids of registry entities, in the formats that have a place for them
// (doccano, Label Studio and W3C are checked in their own tests).
import { describe, expect, it } from 'vitest';
import { createAnnotation } from '../annotations';
import { TextIndex } from '../offsets';
import { emptySidecar } from '../sidecar/sidecar-io';
import { bratDocument } from './brat-export';
import { parseBratAnn } from './brat-import';
import { jsonlRecord } from './jsonl';
import type { ExportDocument } from './types';

const text = 'Han met Kim.';
const index = new TextIndex(text);
const doc: ExportDocument = {
  path: 'a.txt',
  text,
  sidecar: {
    ...emptySidecar({ name: 'a.txt', sha256: '0'.repeat(64), length: index.length }),
    annotations: [
      { ...createAnnotation(index, { id: 'a', type: 'entity', label: 'PERSON', start: 0, end: 3, now: 'x' }), entity: 'ent_han' },
      { ...createAnnotation(index, { id: 'b', type: 'entity', label: 'PERSON', start: 8, end: 11, now: 'x' }), entity: 'ent_kim' },
    ],
    relations: [],
  },
};
const kbIds = { ent_han: 'Q42', ent_kim: 'https://viaf.org/viaf/1' };
const entityNames = { ent_han: 'Han Do-yun' };

describe('knowledge-base ids', () => {
  it('brat: an N line per id (Wikidata:QID, an IRI as it is) named with the registry name, the registry id kept on import', () => {
    const out = bratDocument(doc, { kbIds, entityNames });
    expect(out.ann.split('\n').filter((l) => l.startsWith('N'))).toEqual([
      'N1\tReference T1 marginalia:ent_han\tHan Do-yun',
      'N2\tReference T1 Wikidata:Q42\tHan Do-yun',
      'N3\tReference T2 marginalia:ent_kim\tKim',
      'N4\tReference T2 https://viaf.org/viaf/1\tKim',
    ]);
    expect(parseBratAnn(out.ann, 'a.ann').spans.map((s) => s.entity)).toEqual(['ent_han', 'ent_kim']);
  });

  it('spaCy JSONL: kb_id on the span', () => {
    expect(jsonlRecord(doc, kbIds).spans.map((s) => s.kb_id)).toEqual(['Q42', 'https://viaf.org/viaf/1']);
  });
});
