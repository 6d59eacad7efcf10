import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { DocumentEntry } from '../../app/ipc/contract';
import { applySidecarChangesWithDelta, type SidecarChanges } from '../../app/sidecar/sidecar-changes';
import type { Annotation, Relation, Sidecar } from '../../app/sidecar/sidecar-schema';
import { entity, sidecarFor } from '../test-support';
import { applySummaryDelta, CorpusIndex, entryWithSidecar, summarizeSidecar, type SidecarSummary } from './corpus-index';

const TEXT = 'Kim met Lee in Seoul.';
const entry = (path: string, extra: Partial<DocumentEntry> = {}): DocumentEntry => ({ path, name: path, kind: 'text', size: 1, annotationCount: 0, status: 'todo', ...extra });

describe('summarizeSidecar', () => {
  it('counts labels, claims, authors and relation types, and keeps entity links with their context', () => {
    const kim = { ...entity('k', TEXT, 0, 3), entity: 'e_kim', author: 'ana', prefix: '', suffix: ' met' };
    const claim = { ...entity('c', TEXT, 4, 11, 'CLAIM'), type: 'claim' as const, stance: 'asserted' as const };
    const sidecar = { ...sidecarFor('a.txt', TEXT, [kim, claim]), relations: [{ id: 'r', type: 'says', from: 'k', to: 'c' }] };
    const s = summarizeSidecar(sidecar);
    expect(s).toMatchObject({ annotations: 2, relations: 1, orphans: 0 });
    expect([...s.labels]).toEqual([['entity\u0000PERSON', 1], ['claim\u0000CLAIM', 1]]);
    expect([...s.stances]).toEqual([['asserted', 1]]);
    expect([...s.statuses]).toEqual([['none', 1]]);
    expect([...s.authors]).toEqual([['ana', 1], [null, 1]]);
    expect([...s.relationTypes]).toEqual([['says', 1]]);
    expect([...s.links.values()]).toEqual([{ entity: 'e_kim', annotationId: 'k', text: 'Kim', start: 0, end: 3, label: 'PERSON', prefix: '', suffix: ' met' }]);
  });
});

describe('entryWithSidecar', () => {
  it('replaces every field the sidecar gives, and clears an old problem', () => {
    const old = entry('a.txt', { sidecarProblem: 'broken', labelCounts: { GPE: 2 }, orphanCount: 1, title: 'Title' });
    expect(entryWithSidecar(old, sidecarFor('a.txt', TEXT, [entity('k', TEXT, 0, 3)], 'done'))).toEqual(
      entry('a.txt', { annotationCount: 1, status: 'done', labelCounts: { PERSON: 1 }, title: 'Title' }),
    );
    expect(entryWithSidecar(old, null)).toEqual(entry('a.txt', { title: 'Title' }));
  });
});

describe('CorpusIndex', () => {
  it('keeps documents sorted by path through additions and removals', () => {
    const index = new CorpusIndex();
    index.replaceAll([{ entry: entry('b.txt'), signature: '1@1|-', summary: null }]);
    index.put('a.txt', { entry: entry('a.txt'), signature: '1@2|-', summary: null });
    index.put('c.txt', { entry: entry('c.txt'), signature: '1@3|-', summary: null });
    index.put('b.txt', null);
    expect(index.entries().map((e) => e.path)).toEqual(['a.txt', 'c.txt']);
  });

  it('takes a written sidecar into the entry, the summary and the signature; ignores a document it does not hold', () => {
    const index = new CorpusIndex();
    index.replaceAll([{ entry: entry('a.txt'), signature: '5@9|-', summary: null }]);
    index.sidecarWritten('a.txt', sidecarFor('a.txt', TEXT, [entity('k', TEXT, 0, 3)], 'in-progress'), 'abc');
    index.sidecarWritten('new.txt', sidecarFor('new.txt', TEXT), 'def');
    expect(index.get('a.txt')).toMatchObject({ entry: { annotationCount: 1, status: 'in-progress' }, signature: '5@9|abc', summary: { annotations: 1 } });
    expect(index.get('new.txt')).toBeUndefined();
    index.sidecarWritten('a.txt', null, null);
    expect(index.get('a.txt')).toMatchObject({ entry: { annotationCount: 0, status: 'todo' }, signature: '5@9|-', summary: null });
  });
});

/** A summary with its maps in key order, so one kept by deltas compares with one counted afresh. */
const sorted = (s: SidecarSummary) => {
  const order = <K, V>(m: Map<K, V>) => [...m].sort(([a], [b]) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
  return { ...s, labels: order(s.labels), stances: order(s.stances), statuses: order(s.statuses), authors: order(s.authors), relationTypes: order(s.relationTypes), links: order(s.links) };
};

const IDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const annotationArb = fc
  .record({
    id: fc.constantFrom(...IDS),
    claim: fc.boolean(),
    label: fc.constantFrom('PERSON', 'ORG', '__proto__'),
    entity: fc.option(fc.constantFrom('e1', 'e2'), { nil: undefined }),
    author: fc.option(fc.constantFrom('ana', 'bo'), { nil: undefined }),
    stance: fc.option(fc.constantFrom('asserted', 'reported') as fc.Arbitrary<'asserted' | 'reported'>, { nil: undefined }),
    status: fc.option(fc.constantFrom('supported', 'disputed') as fc.Arbitrary<'supported' | 'disputed'>, { nil: undefined }),
    start: fc.nat(15),
  })
  .map(({ id, claim, label, entity: linked, author, stance, status, start }): Annotation => {
    const a: Annotation = { ...entity(id, TEXT, start, start + 3, label), type: claim ? 'claim' : 'entity' };
    if (linked !== undefined) a.entity = linked;
    if (author !== undefined) a.author = author;
    if (claim && stance !== undefined) a.stance = stance;
    if (claim && status !== undefined) a.status = status;
    return a;
  });
const relationArb = fc.record({ id: fc.constantFrom('r1', 'r2', 'r3'), type: fc.constantFrom('says', 'meets'), from: fc.constantFrom(...IDS), to: fc.constantFrom(...IDS) }) as fc.Arbitrary<Relation>;
const changesArb: fc.Arbitrary<SidecarChanges> = fc.record(
  {
    annotations: fc.record({ put: fc.array(annotationArb, { maxLength: 3 }), remove: fc.array(fc.constantFrom(...IDS), { maxLength: 3 }) }),
    relations: fc.record({ put: fc.array(relationArb, { maxLength: 2 }), remove: fc.array(fc.constantFrom('r1', 'r2', 'r3'), { maxLength: 2 }) }),
    orphans: fc.record({ put: fc.array(annotationArb, { maxLength: 1 }), remove: fc.array(fc.constantFrom(...IDS), { maxLength: 1 }) }),
  },
  { requiredKeys: [] },
);

describe('a summary kept by deltas', () => {
  it('equals the summary and list entry counted afresh after any run of puts and removals', () => {
    fc.assert(
      fc.property(fc.array(changesArb, { maxLength: 12 }), (steps) => {
        let sidecar: Sidecar = sidecarFor('a.txt', TEXT);
        const kept = summarizeSidecar(sidecar);
        for (const changes of steps) {
          const applied = applySidecarChangesWithDelta(sidecar, changes);
          sidecar = applied.sidecar;
          applySummaryDelta(kept, sidecar, applied.delta);
          expect(sorted(kept)).toEqual(sorted(summarizeSidecar(sidecar)));
          // The same entry, down to the order of its keys (the list compares entries as JSON).
          expect(JSON.stringify(entryWithSidecar(entry('a.txt'), sidecar, kept))).toBe(JSON.stringify(entryWithSidecar(entry('a.txt'), sidecar)));
        }
      }),
    );
  });

  it('is used only over the record of the version the changes were applied to', () => {
    const base = sidecarFor('a.txt', TEXT, [{ ...entity('k', TEXT, 0, 3), entity: 'e_kim' }]);
    const changes: SidecarChanges = { annotations: { put: [entity('m', TEXT, 8, 11, 'ORG')], remove: ['k'] } };
    const { sidecar, delta } = applySidecarChangesWithDelta(base, changes);
    const index = new CorpusIndex();
    index.replaceAll([{ entry: entryWithSidecar(entry('a.txt'), base), signature: '5@9|base', summary: summarizeSidecar(base) }]);
    index.sidecarWritten('a.txt', sidecar, 'next', { baseSha256: 'base', delta });
    expect(sorted(index.get('a.txt')?.summary as SidecarSummary)).toEqual(sorted(summarizeSidecar(sidecar)));
    expect(index.get('a.txt')).toMatchObject({ signature: '5@9|next', entry: { annotationCount: 1, labelCounts: { ORG: 1 } } });
    // The index holds another version (the file changed on disk meanwhile): the written sidecar is counted whole.
    const other = new CorpusIndex();
    const onDisk = sidecarFor('a.txt', TEXT, [entity('x', TEXT, 4, 7, 'GPE')]);
    other.replaceAll([{ entry: entryWithSidecar(entry('a.txt'), onDisk), signature: '5@9|disk', summary: summarizeSidecar(onDisk) }]);
    other.sidecarWritten('a.txt', sidecar, 'next', { baseSha256: 'base', delta });
    expect(sorted(other.get('a.txt')?.summary as SidecarSummary)).toEqual(sorted(summarizeSidecar(sidecar)));
  });
});
