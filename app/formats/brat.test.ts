// brat standoff: what brat itself reads comes back in, exactly.
import { describe, expect, it } from 'vitest';
import { createAnnotation } from '../annotations';
import { TextIndex } from '../offsets';
import { emptySidecar } from '../sidecar/sidecar-io';
import { bratDocument, createBratExporter } from './brat-export';
import { parseBratAnn } from './brat-import';
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

describe('annotation.conf', () => {
  it('allows every attribute on every type the data puts it on (brat\'s verify_annotations checks it)', () => {
    const text = 'Han said the launch was not delayed.';
    const d = doc(text, [['PERSON', 0, 3], ['CLAIM', 9, 35]]);
    const [han, claim] = d.sidecar?.annotations ?? [];
    if (!han || !claim) throw new Error('fixture');
    han.attributes = { negated: true };
    claim.type = 'claim';
    claim.attributes = { negated: true };
    han.stance = 'asserted';
    const schema = {
      version: 1 as const,
      entityLabels: [{ name: 'PERSON', colour: '#000000' }],
      claimLabels: [{ name: 'CLAIM', colour: '#000000' }],
      relationTypes: [],
      attributes: [{ name: 'negated', appliesTo: ['claim' as const] }],
    };
    const e = createBratExporter({ schema });
    const files = [...(e.add(d).files ?? []), ...(e.finish().files ?? [])];
    const text0 = (name: string) => String(files.find((f) => f.name === name)?.text);
    const conf = text0('annotation.conf');
    const allowed = new Map(
      conf.slice(conf.indexOf('[attributes]')).split('\n').slice(1).filter((l) => l.includes('\t')).map((l) => {
        const [name, rest] = l.split('\t') as [string, string];
        return [name, (/Arg:([^,]+)/.exec(rest)?.[1] ?? '').split('|')] as const;
      }),
    );
    const ann = text0('a.ann');
    const types = new Map(ann.split('\n').filter((l) => l.startsWith('T')).map((l) => [l.split('\t')[0], l.split('\t')[1]?.split(' ')[0]]));
    const aLines = ann.split('\n').filter((l) => l.startsWith('A'));
    expect(aLines.length).toBe(3);
    for (const l of aLines) {
      const [name, target] = (l.split('\t')[1] as string).split(' ') as [string, string];
      expect(allowed.get(name), l).toContain(types.get(target));
    }
  });
});

describe('brat events (not carried yet)', () => {
  it('does not import an event trigger as an ordinary entity, and says why', () => {
    const ann = 'T1\tProtein 0 4\tIL-2\nT2\tGene_expression 5 15\texpression\nE1\tGene_expression:T2 Theme:T1\n';
    const parsed = parseBratAnn(ann, 'ge.ann');
    expect(parsed.spans.map((s) => s.ref)).toEqual(['T1']);
    expect(parsed.problems).toEqual([
      'ge.ann line 3: events (E lines) are not imported: Marginalia has entities, claims and relations only',
      'ge.ann line 2: T2 (Gene_expression) is the trigger of the event at ge.ann line 3: not imported with it',
    ]);
  });
});
