import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mergeDocumentStates, mergeWithDisk, type MergeableState } from './merge';
import type { Annotation } from './sidecar/sidecar-schema';

function ann(id: string, label = 'PERSON', extra: Partial<Annotation> = {}): Annotation {
  return { id, type: 'entity', label, start: 0, end: 1, text: 'x', prefix: '', suffix: '', ...extra };
}
function state(annotations: Annotation[], more: Partial<MergeableState> = {}): MergeableState {
  return { annotations, relations: [], status: 'todo', ...more };
}

describe('mergeDocumentStates', () => {
  const base = state([ann('a'), ann('b'), ann('c')]);

  it("keeps each side's document labels added and removed", () => {
    const b = state([], { categories: [{ name: 'topic', value: 'space' }, { name: 'opinion' }] });
    const mine = state([], { categories: [{ name: 'topic', value: 'space' }, { name: 'reliability', value: 'high' }] }); // removed opinion
    const theirs = state([], { categories: [{ name: 'topic', value: 'space' }, { name: 'opinion' }, { name: 'topic', value: 'defence' }] });
    const { merged } = mergeDocumentStates(b, mine, theirs);
    expect(merged.categories?.map((c) => `${c.name}:${c.value ?? ''}`).sort()).toEqual(['reliability:high', 'topic:defence', 'topic:space']);
  });

  it('keeps additions from both sides', () => {
    const mine = state([...base.annotations, ann('m')]);
    const theirs = state([...base.annotations, ann('t')]);
    const { merged, summary } = mergeDocumentStates(base, mine, theirs);
    expect(merged.annotations.map((a) => a.id).sort()).toEqual(['a', 'b', 'c', 'm', 't']);
    expect(summary).toEqual({ fromHere: 1, fromDisk: 1, conflicts: 0 });
  });

  it('applies deletions from either side unless the other side edited the item', () => {
    const mine = state([ann('a', 'ORG'), ann('c')]); // relabelled a, deleted b
    const theirs = state([ann('a'), ann('b')]); // deleted c
    const { merged } = mergeDocumentStates(base, mine, theirs);
    expect(merged.annotations).toEqual([ann('a', 'ORG')]);
    const edited = state([ann('a'), ann('b'), ann('c', 'GPE')]); // they edited c, I deleted it
    const mine2 = state([ann('a'), ann('b')]);
    expect(mergeDocumentStates(base, mine2, edited).merged.annotations.map((a) => a.id)).toEqual(['a', 'b', 'c']);
  });

  it('prefers this side when both edited the same annotation differently, and counts the conflict', () => {
    const mine = state([ann('a', 'ORG'), ann('b'), ann('c')]);
    const theirs = state([ann('a', 'GPE'), ann('b'), ann('c')]);
    const { merged, summary } = mergeDocumentStates(base, mine, theirs);
    expect(merged.annotations[0]?.label).toBe('ORG');
    expect(summary.conflicts).toBe(1);
  });

  it('drops relations and claimants that point at annotations gone on the other side', () => {
    const b2 = state([ann('a'), ann('b')]);
    const mine = state([ann('a'), ann('b'), ann('q', 'CLAIM', { type: 'claim', claimant: 'b' })], {
      relations: [{ id: 'r', type: 'same-as', from: 'a', to: 'b' }],
    });
    const theirs = state([ann('a')]);
    const { merged } = mergeDocumentStates(b2, mine, theirs);
    expect(merged.annotations.map((a) => a.id)).toEqual(['a', 'q']);
    expect(merged.annotations[1]?.claimant).toBeUndefined();
    expect(merged.relations).toEqual([]);
  });

  it('takes the status from the side that changed it', () => {
    expect(mergeDocumentStates(base, state(base.annotations as Annotation[], { status: 'done' }), base).merged.status).toBe('done');
    expect(mergeDocumentStates(base, base, state(base.annotations as Annotation[], { status: 'in-progress' })).merged.status).toBe('in-progress');
  });

  it('with nothing changed here, the result is exactly the disk version', () => {
    const theirs = state([ann('a', 'LOC'), ann('z')], { status: 'done' });
    const { merged } = mergeDocumentStates(base, base, theirs);
    expect(merged.annotations).toEqual(theirs.annotations);
    expect(merged.status).toBe('done');
  });

  it('property: every id added or kept on either side and deleted on neither survives', () => {
    const ids = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 6 });
    fc.assert(
      fc.property(ids, ids, ids, (bIds, mIds, tIds) => {
        const b = state(bIds.map((i) => ann(i)));
        const m = state(mIds.map((i) => ann(i)));
        const t = state(tIds.map((i) => ann(i)));
        const out = new Set(mergeDocumentStates(b, m, t).merged.annotations.map((a) => a.id));
        for (const id of new Set([...mIds, ...tIds])) {
          const deletedByMine = bIds.includes(id) && !mIds.includes(id);
          const deletedByTheirs = bIds.includes(id) && !tIds.includes(id);
          expect(out.has(id)).toBe(!deletedByMine && !deletedByTheirs);
        }
      }),
    );
  });
});

describe('mergeWithDisk: a change from outside that would remove annotations', () => {
  const base = state([ann('a'), ann('b'), ann('c')]);

  it('a sidecar deleted by another program deletes no annotation: deleting the file is not deleting each one', () => {
    const mine = state([...base.annotations, ann('new')]);
    const { merged, removed, diskFileGone } = mergeWithDisk(base, mine, null);
    expect(merged.annotations.map((a) => a.id)).toEqual(['a', 'b', 'c', 'new']);
    expect(removed).toEqual([]);
    expect(diskFileGone).toBe(true);
  });

  it('an older copy restored on disk: the annotations it lacks are named as removed, so the app can say so', () => {
    const older = state([ann('a')]);
    const { merged, removed } = mergeWithDisk(base, base, older);
    expect(merged.annotations.map((a) => a.id)).toEqual(['a']);
    expect(removed.map((a) => a.id)).toEqual(['b', 'c']);
  });

  it('removes nothing and names nothing when the disk only added', () => {
    const { removed } = mergeWithDisk(base, base, state([...base.annotations, ann('t')]));
    expect(removed).toEqual([]);
  });
});
