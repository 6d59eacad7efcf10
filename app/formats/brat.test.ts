// brat standoff: what brat itself reads comes back in, exactly.
import { describe, expect, it } from 'vitest';
import { createAnnotation } from '../annotations';
import { TextIndex } from '../offsets';
import { emptySidecar } from '../sidecar/sidecar-io';
import { bratDocument, parseBratAnn } from './brat';
import type { ExportDocument } from './types';

const NOW = '2026-01-01T00:00:00.000Z';

function doc(text: string, spans: [string, number, number][]): ExportDocument {
  const index = new TextIndex(text);
  const annotations = spans.map(([label, start, end], i) => createAnnotation(index, { id: `a${i}`, type: 'entity', label, start, end, now: NOW }));
  return { path: 'a.txt', text, sidecar: { ...emptySidecar({ name: 'a.txt', sha256: '0'.repeat(64), length: index.length }), annotations, relations: [] } };
}

describe('brat import', () => {
  it('reads T lines holding U+2028 and U+2029 (brat splits lines on \\n only), our own export included', () => {
    const text = 'The Agency\u2028Space\u2029Force met.';
    const out = bratDocument(doc(text, [['ORG', 4, 22]]));
    expect(out.ann).toContain('\u2028');
    const parsed = parseBratAnn(out.ann, 'a.ann');
    expect(parsed.problems).toEqual([]);
    expect(parsed.spans).toHaveLength(1);
    expect(parsed.spans[0]?.quote).toBe('Agency\u2028Space\u2029Force');
  });
});
