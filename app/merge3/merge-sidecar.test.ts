import { describe, expect, it } from 'vitest';
import { parseSidecar, serializeSidecar } from '../sidecar/sidecar-io';
import { SIDECAR_FORMAT, SIDECAR_VERSION, type Annotation, type Relation, type Sidecar } from '../sidecar/sidecar-schema';
import { describeConflict } from './merge-file';
import { mergeSidecars } from './merge-sidecar';

function ann(id: string, start: number, end: number, more: Partial<Annotation> = {}): Annotation {
  return { id, type: 'entity', label: 'PERSON', start, end, text: 'x'.repeat(end - start), prefix: '', suffix: '', ...more };
}

function doc(annotations: Annotation[], relations: Relation[] = [], more: Partial<Sidecar> = {}): Sidecar {
  return {
    format: SIDECAR_FORMAT,
    version: SIDECAR_VERSION,
    source: { name: 'a.txt', sha256: 'a'.repeat(64), length: 100 },
    status: 'in-progress',
    annotations,
    relations,
    ...more,
  };
}

const ids = (s: Sidecar) => s.annotations.map((a) => a.id).sort();

/** The result must always be a sidecar that reads back as itself. */
function valid(s: Sidecar): Sidecar {
  const text = serializeSidecar(s);
  const back = parseSidecar(text);
  if (!back.ok) throw new Error(back.message);
  expect(serializeSidecar(back.sidecar)).toBe(text);
  return back.sidecar;
}

describe('mergeSidecars', () => {
  it('an event both sides changed differently keeps ours and records both, as an annotation would', () => {
    const a = ann('t', 0, 4);
    const b = ann('x', 10, 14);
    const event = { id: 'E1', type: 'Attack', trigger: 't', arguments: [{ role: 'Target', ref: 'x' }] };
    const base = doc([a, b], [], { events: [event] });
    const ours = doc([a, b], [], { events: [{ ...event, type: 'Bombing' }] });
    const theirs = doc([a, b], [], { events: [{ ...event, arguments: [] }] });
    const merged = mergeSidecars(base, ours, theirs);
    const out = valid(merged.sidecar);
    expect(out.events).toEqual([{ ...event, type: 'Bombing' }]);
    expect(merged.conflicts).toEqual([{ kind: 'event', id: 'E1', base: event, ours: { ...event, type: 'Bombing' }, theirs: { ...event, arguments: [] } }]);
    expect(out.conflicts).toEqual(merged.conflicts);
    expect(merged.conflicts.map(describeConflict)).toEqual(['event E1: changed differently on both sides: ours Bombing, theirs Attack']);
    // One side changed it, the other deleted it: the edit stays, and both are recorded.
    const deleted = mergeSidecars(base, ours, doc([a, b], [], { events: [] }));
    expect(valid(deleted.sidecar).events).toEqual([{ ...event, type: 'Bombing' }]);
    expect(deleted.conflicts.map((c) => [c.kind, c.id, c.theirs])).toEqual([['event', 'E1', null]]);
    // The same change on both sides, or a change on one side: no conflict.
    expect(mergeSidecars(base, ours, ours).conflicts).toEqual([]);
    expect(mergeSidecars(base, ours, base).conflicts).toEqual([]);
  });

  it("keeps the document labels either side added, drops those one side removed", () => {
    const base = doc([], [], { categories: [{ name: 'opinion' }, { name: 'topic', value: 'space' }] });
    const ours = doc([], [], { categories: [{ name: 'topic', value: 'space' }] });
    const theirs = doc([], [], { categories: [{ name: 'opinion' }, { name: 'reliability', value: 'low' }, { name: 'topic', value: 'space' }] });
    expect(valid(mergeSidecars(base, ours, theirs).sidecar).categories).toEqual([{ name: 'reliability', value: 'low' }, { name: 'topic', value: 'space' }]);
  });

  it('keeps what either side added, deletes what one side deleted and the other left alone', () => {
    const base = doc([ann('a', 0, 5), ann('b', 10, 15), ann('c', 20, 25)]);
    const ours = doc([ann('a', 0, 5), ann('c', 20, 25), ann('o1', 30, 35)]);
    const theirs = doc([ann('a', 0, 5), ann('b', 10, 15), ann('t1', 40, 45)]);
    const m = mergeSidecars(base, ours, theirs);
    // ours deleted b, theirs deleted c
    expect(ids(valid(m.sidecar))).toEqual(['a', 'o1', 't1']);
    expect(m.conflicts).toEqual([]);
    expect(m.sidecar.conflicts).toBeUndefined();
  });

  it('takes a change made on one side, and the same change made on both once', () => {
    const base = doc([ann('a', 0, 5), ann('b', 10, 15)]);
    const ours = doc([ann('a', 0, 5, { label: 'ORG' }), ann('b', 10, 15, { note: 'same' })]);
    const theirs = doc([ann('a', 0, 5), ann('b', 10, 15, { note: 'same' })]);
    const m = mergeSidecars(base, ours, theirs);
    expect(m.sidecar.annotations).toEqual([ann('a', 0, 5, { label: 'ORG' }), ann('b', 10, 15, { note: 'same' })]);
    expect(m.conflicts).toEqual([]);
  });

  it('keeps both versions of an annotation changed differently on both sides, ours live, as a conflict', () => {
    const base = doc([ann('a', 0, 5)]);
    const ours = doc([ann('a', 0, 5, { label: 'ORG' })]);
    const theirs = doc([ann('a', 0, 5, { label: 'GPE' })]);
    const m = mergeSidecars(base, ours, theirs);
    expect(valid(m.sidecar).annotations).toEqual([ann('a', 0, 5, { label: 'ORG' })]);
    expect(m.sidecar.conflicts).toEqual([
      { kind: 'annotation', id: 'a', base: ann('a', 0, 5), ours: ann('a', 0, 5, { label: 'ORG' }), theirs: ann('a', 0, 5, { label: 'GPE' }) },
    ]);
  });

  it('keeps an annotation deleted on one side and changed on the other, as a conflict', () => {
    const base = doc([ann('a', 0, 5), ann('b', 10, 15)]);
    const ours = doc([ann('b', 10, 15, { note: 'mine' })]);
    const theirs = doc([ann('a', 0, 5, { note: 'theirs' })]);
    const m = mergeSidecars(base, ours, theirs);
    expect(ids(valid(m.sidecar))).toEqual(['a', 'b']);
    expect(m.conflicts.map((c) => [c.id, c.ours === null, c.theirs === null]).sort()).toEqual([
      ['a', true, false],
      ['b', false, true],
    ]);
  });

  it('keeps one copy of the same span tagged on both sides, and theirs relations follow it', () => {
    const base = doc([ann('p', 0, 5)]);
    const ours = doc([ann('p', 0, 5), ann('o1', 10, 15, { author: 'ana', label: 'ORG' })]);
    const theirs = doc([ann('p', 0, 5), ann('t1', 10, 15, { author: 'ben', label: 'ORG' })], [{ id: 'r1', type: 'member-of', from: 'p', to: 't1' }]);
    const m = mergeSidecars(base, ours, theirs);
    const s = valid(m.sidecar);
    expect(ids(s)).toEqual(['o1', 'p']);
    expect(s.relations).toEqual([{ id: 'r1', type: 'member-of', from: 'p', to: 'o1' }]);
    expect([...m.deduplicated]).toEqual([['t1', 'o1']]);
    expect(m.conflicts).toEqual([]);
  });

  it('keeps two different tags of the same span made on both sides (a disagreement is not a duplicate)', () => {
    const m = mergeSidecars(doc([]), doc([ann('o1', 10, 15, { label: 'ORG' })]), doc([ann('t1', 10, 15, { label: 'GPE' })]));
    expect(ids(valid(m.sidecar))).toEqual(['o1', 't1']);
  });

  it('never leaves a relation dangling: an annotation deleted on one side but linked on the other is kept, as a conflict', () => {
    const base = doc([ann('a', 0, 5), ann('b', 10, 15)]);
    const ours = doc([ann('b', 10, 15)]);
    const theirs = doc([ann('a', 0, 5), ann('b', 10, 15)], [{ id: 'r1', type: 'same-as', from: 'a', to: 'b' }]);
    const m = mergeSidecars(base, ours, theirs);
    const s = valid(m.sidecar);
    expect(ids(s)).toEqual(['a', 'b']);
    expect(s.relations.map((r) => r.id)).toEqual(['r1']);
    expect(m.conflicts).toMatchObject([{ kind: 'annotation', id: 'a', ours: null, theirs: ann('a', 0, 5) }]);
  });

  it('never leaves a claimant dangling either', () => {
    const base = doc([ann('who', 0, 5)]);
    const ours = doc([]);
    const theirs = doc([ann('who', 0, 5), ann('c1', 10, 30, { type: 'claim', label: 'CLAIM', claimant: 'who' })]);
    const s = valid(mergeSidecars(base, ours, theirs).sidecar);
    expect(ids(s)).toEqual(['c1', 'who']);
  });

  it('merges orphans with annotations by id: re-anchoring on one side and an edit on the other are both kept', () => {
    const base = doc([ann('a', 0, 5)]);
    const ours = doc([], [], { orphans: [ann('a', 0, 5)] });
    const theirs = doc([ann('a', 0, 5, { note: 'checked' })]);
    const m = mergeSidecars(base, ours, theirs);
    const s = valid(m.sidecar);
    expect(s.orphans?.map((a) => a.id)).toEqual(['a']);
    expect(m.conflicts.map((c) => c.id)).toEqual(['a']);
  });

  it('records a status changed differently on both sides, and carries earlier conflicts over', () => {
    const earlier = { kind: 'annotation' as const, id: 'z', base: null, ours: ann('z', 0, 1), theirs: ann('z', 0, 1, { label: 'ORG' }) };
    const base = doc([ann('z', 0, 1)], [], { status: 'todo', conflicts: [earlier] });
    const m = mergeSidecars(base, doc([ann('z', 0, 1)], [], { status: 'done', conflicts: [earlier] }), doc([ann('z', 0, 1)], [], { status: 'in-progress', conflicts: [earlier] }));
    const s = valid(m.sidecar);
    expect(s.status).toBe('done');
    expect(s.conflicts?.map((c) => `${c.kind}:${c.id}`)).toEqual(['status:status', 'annotation:z']);
    expect(m.conflicts.map((c) => c.kind)).toEqual(['status']);
  });

  it('merges a file new on both sides (no common ancestor)', () => {
    const m = mergeSidecars(null, doc([ann('o', 0, 5)]), doc([ann('t', 5, 9)]));
    expect(ids(valid(m.sidecar))).toEqual(['o', 't']);
  });
});
