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

describe('brat import: normalizations as brat reads them', () => {
  it('reads the BioNLP Shared Task 2013 form of N lines ("Reference Annotation:T1 Referent:DB:ID"), both orders, as brat\'s annotation.py does', () => {
    const ann = 'T1\tProtein 0 4\tIL-2\nN1\tReference Annotation:T1 Referent:UniProt:P60568\nN2\tReference Referent:Entrez:3558 Annotation:T1\tinterleukin 2\n';
    const parsed = parseBratAnn(ann, 'st13.ann');
    expect(parsed.problems).toEqual([]);
    expect(parsed.spans[0]?.normalizations).toEqual([
      { ref: 'UniProt:P60568', name: '' },
      { ref: 'Entrez:3558', name: 'interleukin 2' },
    ]);
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

describe('brat events', () => {
  it('reads an E line as brat does: type and trigger, then role:id pairs, repeated roles kept as numbered', () => {
    const ann = 'T1\tProtein 0 4\tIL-2\nT2\tBinding 5 10\tbinds\nT3\tProtein 11 16\tTRAF2\nE1\tBinding:T2 Theme:T1 Theme2:T3\nE2\tBinding:T2 \n*\tEquiv T1 T3\nA1\tNegation E1\n#1\tAnnotatorNotes E1\tchecked\n';
    const parsed = parseBratAnn(ann, 'ge.ann');
    expect(parsed.problems).toEqual([]);
    expect(parsed.spans.map((s) => s.ref)).toEqual(['T1', 'T2', 'T3']);
    expect(parsed.events).toEqual([
      { ref: 'E1', origin: 'ge.ann line 4', type: 'Binding', trigger: 'T2', arguments: [{ role: 'Theme', ref: 'T1' }, { role: 'Theme2', ref: 'T3' }], attributes: { Negation: true }, note: 'checked' },
      { ref: 'E2', origin: 'ge.ann line 5', type: 'Binding', trigger: 'T2', arguments: [] },
    ]);
    expect(parsed.equivalences).toEqual([{ origin: 'ge.ann line 6', type: 'Equiv', members: ['T1', 'T3'] }]);
  });

  it('reports E and * lines brat itself would refuse, naming the line', () => {
    const parsed = parseBratAnn('T1\tX 0 1\ta\nE1\tBinding T1\n*\tEquiv T1\n', 'bad.ann');
    expect(parsed.problems).toEqual([
      'bad.ann line 2: not a valid E line (expected "E1<TAB>Type:T1 Role:T2 Role2:E2")',
      'bad.ann line 3: not a valid equivalence line (expected "*<TAB>Equiv T1 T2")',
    ]);
  });

  it('writes an event without arguments as brat\'s own writer does (a space after the trigger)', () => {
    const d = doc('IL-2 binds.', [['Protein', 0, 4], ['Binding', 5, 10]]);
    if (!d.sidecar) throw new Error('fixture');
    d.sidecar.events = [{ id: 'e1', type: 'Binding', trigger: 'a1', arguments: [] }];
    expect(bratDocument(d).ann).toBe('T1\tProtein 0 4\tIL-2\nT2\tBinding 5 10\tbinds\nE1\tBinding:T2 \n');
  });
});

describe('brat document labels', () => {
  it('go out as attributes of one Document span over the first non-blank line, and come back as document labels, not a span', () => {
    const d = doc('\n  Tokyo talks \nJAXA met.', [['ORG', 16, 20]]);
    if (!d.sidecar) throw new Error('fixture');
    d.sidecar.categories = [{ name: 'opinion' }, { name: 'source reliability', value: 'very high' }];
    const out = bratDocument(d);
    expect(out.ann).toBe('T1\tORG 16 20\tJAXA\nT2\tDocument 3 14\tTokyo talks\nA1\topinion T2\nA2\tsource_reliability T2 very_high\n');
    const schema = {
      version: 1 as const,
      entityLabels: [{ name: 'ORG', colour: '#000000' }],
      claimLabels: [],
      relationTypes: [],
      documentLabels: [{ name: 'opinion' }, { name: 'source reliability', values: ['low', 'very high'] }],
    };
    const parsed = parseBratAnn(out.ann, 'a.ann', { schema });
    expect(parsed.problems).toEqual([]);
    expect(parsed.spans.map((s) => s.label)).toEqual(['ORG']);
    expect(parsed.categories).toEqual([{ name: 'opinion' }, { name: 'source reliability', value: 'very high' }]);
  });
});

describe('brat import: attribute values as brat reads them', () => {
  it('keeps an A line\'s whole value, spaces included (annotation.py reads "(.+?) (.+?) (.+?)$"), on a span, an event and a relation', () => {
    const ann = [
      'T1\tVerb 0 6\tsigned',
      'T2\tOrg 7 11\tNASA',
      'A1\tTense T1 simple past',
      'E1\tSign:T1 Agent:T2',
      'A2\tSource E1 press release  of Monday',
      'R1\tnear Arg1:T1 Arg2:T2',
      'A3\tConfidence R1 very high',
      'A4\tNegated T2',
      'M1\tSpeculation T2',
      '',
    ].join('\n');
    const parsed = parseBratAnn(ann, 'spaces.ann');
    expect(parsed.problems).toEqual([]);
    expect(parsed.spans[0]?.attributes).toEqual({ Tense: 'simple past' });
    expect(parsed.spans[1]?.attributes).toEqual({ Negated: true, Speculation: true });
    expect(parsed.events?.[0]?.attributes).toEqual({ Source: 'press release  of Monday' });
    expect(parsed.relations[0]?.attributes).toEqual({ Confidence: 'very high' });
  });
});
