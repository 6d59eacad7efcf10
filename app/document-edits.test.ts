import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryState } from './history';
import { TextIndex } from './offsets';
import { checkReferences } from './sidecar/sidecar-io';
import type { Annotation } from './sidecar/sidecar-schema';
import {
  deleteAnnotation,
  deleteOrphan,
  linkAnnotations,
  patchAnnotation,
  reattachOrphan,
  relabelAnnotation,
  replaceAll,
  setClaimant,
  setDocumentStatus,
  tagSpan,
  tagSpans,
  unlinkRelation,
  cycleDocumentLabel,
  setDocumentLabel,
  type DocumentEdit,
} from './document-edits';

const TEXT = 'Kim Min-jun said Tokyo will host 😀 the summit.';
const index = new TextIndex(TEXT);
const EMPTY: HistoryState = { annotations: [], relations: [], status: 'todo', orphans: [] };
const NOW = '2026-01-01T00:00:00.000Z';

function tagged(state: HistoryState, label: string, start: number, end: number, type: 'entity' | 'claim' = 'entity'): { state: HistoryState; id: string } {
  const r = tagSpan(state, index, { label, type, start, end, now: NOW });
  if (!r || !('next' in r)) throw new Error('not tagged');
  return { state: r.next, id: r.id };
}

describe('document edits', () => {
  it('tags a span once, names the step, and starts a claim as asserted and unverified', () => {
    const r = tagSpan(EMPTY, index, { label: 'PERSON', type: 'entity', start: 0, end: 11, author: 'ana', now: NOW });
    expect(r).toMatchObject({ description: 'Tag “Kim Min-jun” as PERSON' });
    const { next, id } = r as DocumentEdit & { id: string };
    expect(next.annotations).toEqual([expect.objectContaining({ id, text: 'Kim Min-jun', author: 'ana', created: NOW })]);
    expect(tagSpan(next, index, { label: 'PERSON', type: 'entity', start: 0, end: 11 })).toEqual({ existing: id });
    expect(tagSpan(next, index, { label: 'PERSON', type: 'entity', start: 3, end: 3 })).toBeNull();
    const claim = tagged(EMPTY, 'CLAIM', 0, 22, 'claim');
    expect(claim.state.annotations[0]).toMatchObject({ stance: 'asserted', status: 'unverified' });
    expect(EMPTY.annotations).toEqual([]);
  });

  it('relabels, patches, links a claimant, relates and deletes, each as a named step or nothing', () => {
    const a = tagged(EMPTY, 'PERSON', 0, 11);
    const b = tagged(a.state, 'GPE', 17, 22);
    const c = tagged(b.state, 'CLAIM', 0, 46, 'claim');
    let s = c.state;
    expect(relabelAnnotation(s, a.id, 'PERSON')).toBeNull();
    expect(relabelAnnotation(s, 'nope', 'ORG')).toBeNull();
    const relabelled = relabelAnnotation(s, b.id, 'LOC', NOW)!;
    expect(relabelled.description).toBe('Relabel “Tokyo” as LOC');
    s = relabelled.next;
    const claimant = setClaimant(s, c.id, a.id, NOW)!;
    expect(claimant.description).toBe('Claimant: Kim Min-jun');
    s = claimant.next;
    expect(patchAnnotation(s, c.id, { note: 'CFR;' }, 'Note', NOW)!.next.annotations.find((x) => x.id === c.id)?.note).toBe('CFR;');
    expect(patchAnnotation(s, c.id, { claimant: a.id }, 'same', NOW)).toBeNull();
    const related = linkAnnotations(s, 'located-in', a.id, b.id)!;
    expect(related.description).toBe('Relation located-in');
    expect(linkAnnotations(related.next, 'located-in', a.id, b.id)).toBeNull();
    expect(linkAnnotations(s, 'x', a.id, a.id)).toBeNull();
    s = related.next;
    // Deleting the claimant takes its relation and the claim's link with it.
    const deleted = deleteAnnotation(s, a.id, NOW)!;
    expect(deleted.description).toBe('Delete “Kim Min-jun”');
    expect(deleted.next.relations).toEqual([]);
    expect(deleted.next.annotations.find((x) => x.id === c.id)?.claimant).toBeUndefined();
    expect(unlinkRelation(s, s.relations[0]!.id)!.next.relations).toEqual([]);
    expect(unlinkRelation(s, 'nope')).toBeNull();
    expect(setDocumentStatus(s, 'todo')).toBeNull();
    expect(setDocumentStatus(s, 'done')).toEqual({ description: 'Mark done', next: { ...s, status: 'done' } });
  });

  it('tags many spans as one step and skips those already there; replaceAll with nothing new is no step', () => {
    const one = tagSpans(EMPTY, index, [{ label: 'GPE', type: 'entity', start: 17, end: 22 }], 'Tag 1')!;
    const again = tagSpans(one.next, index, [
      { label: 'GPE', type: 'entity', start: 17, end: 22 },
      { label: 'PERSON', type: 'entity', start: 0, end: 11 },
    ], 'Tag 2');
    expect(again?.added).toHaveLength(1);
    expect(tagSpans(again!.next, index, [{ label: 'GPE', type: 'entity', start: 17, end: 22 }], 'Tag 3')).toBeNull();
    expect(replaceAll(again!.next, again!.next.annotations, 'Merge')).toBeNull();
    expect(replaceAll(again!.next, [], 'Merge')!.next.annotations).toEqual([]);
  });

  it('re-attaches an orphan at a new place, and deletes one with what refers to it', () => {
    const a = tagged(EMPTY, 'PERSON', 0, 11);
    const orphan: Annotation = { id: 'o1', type: 'entity', label: 'GPE', start: 90, end: 96, text: 'Hawaii', prefix: '', suffix: '' };
    const s: HistoryState = { ...a.state, orphans: [orphan], relations: [{ id: 'r1', type: 'near', from: a.id, to: 'o1' }] };
    const placed = reattachOrphan(s, index, 'o1', 17, 22, NOW)!;
    expect(placed.description).toBe('Re-attach “Hawaii”');
    expect(placed.next.orphans).toEqual([]);
    expect(placed.next.annotations.find((x) => x.id === 'o1')).toMatchObject({ start: 17, end: 22, text: 'Tokyo', label: 'GPE' });
    expect(reattachOrphan(s, index, 'o1', 5, 5)).toBeNull();
    const gone = deleteOrphan(s, 'o1', NOW)!;
    expect(gone.next).toMatchObject({ orphans: [], relations: [] });
    expect(deleteOrphan(s, 'nope')).toBeNull();
  });
});

/** A random editing command over the state it is given. */
type Command = (s: HistoryState) => DocumentEdit | null;

const pick = <T>(list: readonly T[], n: number): T | undefined => (list.length ? list[n % list.length] : undefined);

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ start: fc.nat(45), len: fc.integer({ min: 1, max: 12 }), label: fc.constantFrom('PERSON', 'GPE', 'CLAIM') }).map(
    ({ start, len, label }): Command =>
      (s) => {
        const r = tagSpan(s, index, { label, type: label === 'CLAIM' ? 'claim' : 'entity', start, end: Math.min(index.length, start + len), now: NOW });
        return r && 'next' in r ? r : null;
      },
  ),
  fc.nat().map((n): Command => (s) => { const a = pick(s.annotations, n); return a ? deleteAnnotation(s, a.id, NOW) : null; }),
  fc.tuple(fc.nat(), fc.constantFrom('ORG', 'LOC')).map(([n, l]): Command => (s) => { const a = pick(s.annotations, n); return a ? relabelAnnotation(s, a.id, l, NOW) : null; }),
  fc.tuple(fc.nat(), fc.nat()).map(([i, j]): Command => (s) => {
    const a = pick(s.annotations, i);
    const b = pick(s.annotations, j);
    return a && b ? linkAnnotations(s, 'rel', a.id, b.id) : null;
  }),
  fc.tuple(fc.nat(), fc.nat()).map(([i, j]): Command => (s) => {
    const claim = pick(s.annotations.filter((a) => a.type === 'claim'), i);
    const who = pick(s.annotations.filter((a) => a.type === 'entity'), j);
    return claim ? setClaimant(s, claim.id, who?.id, NOW) : null;
  }),
  fc.nat().map((n): Command => (s) => { const r = pick(s.relations, n); return r ? unlinkRelation(s, r.id) : null; }),
  fc.constantFrom('todo', 'in-progress', 'done').map((st): Command => (s) => setDocumentStatus(s, st)),
);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

describe('document edits (properties)', () => {
  it('never change their input, and every state they make is a valid sidecar (no dangling relation or claimant)', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 40 }), (commands) => {
        let s = deepFreeze(EMPTY);
        for (const run of commands) {
          const edit = run(s);
          if (!edit) continue;
          expect(edit.next).not.toBe(s);
          expect(edit.description.length).toBeGreaterThan(0);
          s = deepFreeze(edit.next);
          expect(checkReferences({ annotations: [...s.annotations], relations: [...s.relations], orphans: [...(s.orphans ?? [])] })).toBeNull();
        }
      }),
    );
  });

  it('deleting what tagSpan added gives back the same annotations', () => {
    fc.assert(
      fc.property(fc.nat(45), fc.integer({ min: 1, max: 10 }), (start, len) => {
        const base = tagged(EMPTY, 'GPE', 17, 22).state;
        const r = tagSpan(base, index, { label: 'PERSON', type: 'entity', start, end: Math.min(index.length, start + len), now: NOW });
        if (!r || !('next' in r)) return;
        expect(deleteAnnotation(r.next, r.id, NOW)!.next.annotations).toEqual(base.annotations);
      }),
    );
  });

  it('sets, changes and clears document labels, leaving the others, and names each step', () => {
    const flagged = setDocumentLabel(EMPTY, 'opinion', true);
    expect(flagged).toMatchObject({ description: 'Set opinion', next: { categories: [{ name: 'opinion' }] } });
    const topics = setDocumentLabel(flagged?.next ?? EMPTY, 'topic', ['space', 'defence']);
    expect(topics?.description).toBe('Set topic: space, defence');
    expect(topics?.next.categories).toEqual([{ name: 'opinion' }, { name: 'topic', value: 'defence' }, { name: 'topic', value: 'space' }]);
    expect(setDocumentLabel(topics?.next ?? EMPTY, 'topic', ['defence', 'space'])).toBeNull();
    const cleared = setDocumentLabel(topics?.next ?? EMPTY, 'topic', []);
    expect(cleared).toMatchObject({ description: 'Clear topic', next: { categories: [{ name: 'opinion' }] } });
    expect(setDocumentLabel(EMPTY, 'opinion', false)).toBeNull();
  });

  it("cycles a document label's values with its key, and toggles a label without values", () => {
    const reliability = { name: 'reliability', values: ['high', 'low'] };
    const seen: string[] = [];
    let state = EMPTY;
    for (let i = 0; i < 3; i++) {
      const edit = cycleDocumentLabel(state, reliability);
      state = edit?.next ?? state;
      seen.push(JSON.stringify(state.categories));
    }
    expect(seen).toEqual(['[{"name":"reliability","value":"high"}]', '[{"name":"reliability","value":"low"}]', '[]']);
    const on = cycleDocumentLabel(EMPTY, { name: 'opinion' });
    expect(on?.next.categories).toEqual([{ name: 'opinion' }]);
    expect(cycleDocumentLabel(on?.next ?? EMPTY, { name: 'opinion' })?.next.categories).toEqual([]);
  });
});
