import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applySidecarChanges, applySidecarChangesWithDelta, diffSidecarState, SidecarChangesSchema, type EditableState } from './sidecar-changes';
import { serializeSidecar } from './sidecar-io';
import { DOCUMENT_STATUSES, SIDECAR_FORMAT, SIDECAR_VERSION, type Annotation, type Relation, type Sidecar } from './sidecar-schema';

const ann = (id: string, start: number, label = 'PERSON'): Annotation => ({
  id,
  type: 'entity',
  label,
  start,
  end: start + 3,
  text: 'abc',
  prefix: '',
  suffix: '',
});

const sidecarOf = (s: EditableState): Sidecar => ({
  format: SIDECAR_FORMAT,
  version: SIDECAR_VERSION,
  source: { name: 'a.txt', sha256: 'a'.repeat(64), length: 1000 },
  status: s.status,
  annotations: [...s.annotations],
  relations: [...s.relations],
  orphans: [...(s.orphans ?? [])],
  ...(s.categories ? { categories: [...s.categories] } : {}),
});

/** An edit as the app makes them: new objects for whatever changes, the rest shared. */
const editArb = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), start: fc.nat(900), label: fc.constantFrom('PERSON', 'ORG') }),
  fc.record({ kind: fc.constant('relabel' as const), pick: fc.nat(), label: fc.constantFrom('PERSON', 'ORG', 'LOC') }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('orphan' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('relate' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('unrelate' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('status' as const), status: fc.constantFrom(...DOCUMENT_STATUSES) }),
  fc.record({ kind: fc.constant('category' as const), value: fc.constantFrom('space', 'defence', '') }),
);

type Edit = typeof editArb extends fc.Arbitrary<infer T> ? T : never;

function applyEdit(s: EditableState, e: Edit, n: number): EditableState {
  const annotations = [...s.annotations];
  const relations = [...s.relations];
  const orphans = [...(s.orphans ?? [])];
  switch (e.kind) {
    case 'add':
      annotations.push(ann(`a${n}`, e.start, e.label));
      break;
    case 'relabel': {
      const i = annotations.length ? e.pick % annotations.length : -1;
      if (i >= 0) annotations[i] = { ...(annotations[i] as Annotation), label: e.label };
      break;
    }
    case 'delete': {
      const i = annotations.length ? e.pick % annotations.length : -1;
      if (i >= 0) annotations.splice(i, 1);
      break;
    }
    case 'orphan': {
      const i = annotations.length ? e.pick % annotations.length : -1;
      if (i >= 0) orphans.push(...annotations.splice(i, 1));
      break;
    }
    case 'relate':
      if (annotations.length) {
        const from = (annotations[e.a % annotations.length] as Annotation).id;
        const to = (annotations[e.b % annotations.length] as Annotation).id;
        relations.push({ id: `r${n}`, type: 'said-by', from, to } satisfies Relation);
      }
      break;
    case 'unrelate':
      if (relations.length) relations.splice(e.pick % relations.length, 1);
      break;
    case 'status':
      return { ...s, status: e.status };
    case 'category':
      return { ...s, categories: e.value ? [{ name: 'topic', value: e.value }] : [] };
  }
  return { status: s.status, annotations, relations, orphans, ...(s.categories ? { categories: s.categories } : {}) };
}

describe('sidecar changes', () => {
  it('are empty when nothing changed, and only the new annotation after a tag', () => {
    const before: EditableState = { status: 'todo', annotations: [ann('a', 0), ann('b', 10)], relations: [], orphans: [] };
    expect(diffSidecarState(before, before)).toEqual({});
    const added = ann('c', 20);
    const after = { ...before, annotations: [...before.annotations, added] };
    expect(diffSidecarState(before, after)).toEqual({ annotations: { put: [added], remove: [] } });
  });

  it('apply(before, diff(before, after)) saves the same file as after, for any run of edits', () => {
    fc.assert(
      fc.property(fc.array(editArb, { maxLength: 12 }), fc.array(editArb, { maxLength: 12 }), (first, second) => {
        let before: EditableState = { status: 'todo', annotations: [ann('s1', 5), ann('s2', 50)], relations: [], orphans: [] };
        first.forEach((e, i) => (before = applyEdit(before, e, i)));
        let after = before;
        second.forEach((e, i) => (after = applyEdit(after, e, 100 + i)));
        const changes = diffSidecarState(before, after);
        // What crosses the bridge is valid by the contract's schema.
        expect(SidecarChangesSchema.safeParse(changes).success).toBe(true);
        expect(serializeSidecar(applySidecarChanges(sidecarOf(before), changes))).toBe(serializeSidecar(sidecarOf(after)));
      }),
    );
  });

  it('apply by id in one pass gives what a map of the whole list gave, and its delta is exactly what left and what came', () => {
    // The reference: the list into a map by id, removals, then puts (the implementation before the one-pass version).
    const byMap = <T extends { id: string }>(list: readonly T[], change?: { put: T[]; remove: string[] }): T[] => {
      if (!change) return [...list];
      const m = new Map(list.map((x) => [x.id, x] as const));
      for (const id of change.remove) m.delete(id);
      for (const x of change.put) m.set(x.id, x);
      return [...m.values()];
    };
    const idArb = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g');
    const listArb = fc.uniqueArray(idArb, { maxLength: 6 }).map((ids) => ids.map((id, i) => ann(id, i * 10)));
    const changeArb = fc.record({
      put: fc.array(fc.tuple(idArb, fc.constantFrom('PERSON', 'ORG')), { maxLength: 5 }).map((xs) => xs.map(([id, label], i) => ann(id, 500 + i, label))),
      remove: fc.array(idArb, { maxLength: 4 }),
    });
    fc.assert(
      fc.property(listArb, fc.option(changeArb, { nil: undefined }), (list, change) => {
        const base = sidecarOf({ status: 'todo', annotations: list, relations: [], orphans: [] });
        const { sidecar, delta } = applySidecarChangesWithDelta(base, change ? { annotations: change } : {});
        expect(sidecar.annotations).toEqual(byMap(list, change));
        // Same objects, not copies: unchanged annotations keep their identity (the encoder and the indexes rely on it).
        for (const a of sidecar.annotations) expect(list.includes(a) || (change?.put ?? []).includes(a)).toBe(true);
        // before - removed + added = after, as multisets of objects.
        const count = new Map<object, number>();
        for (const a of list) count.set(a, (count.get(a) ?? 0) + 1);
        for (const a of delta.annotations.removed) count.set(a, (count.get(a) ?? 0) - 1);
        for (const a of delta.annotations.added) count.set(a, (count.get(a) ?? 0) + 1);
        for (const a of sidecar.annotations) count.set(a, (count.get(a) ?? 0) - 1);
        expect([...count.values()].every((c) => c === 0)).toBe(true);
        expect(applySidecarChanges(base, change ? { annotations: change } : {})).toEqual(sidecar);
      }),
    );
  });
});
