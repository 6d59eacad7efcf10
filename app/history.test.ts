import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { AnnotationHistory, HISTORY_LIMIT, type HistoryState } from './history';
import type { Annotation } from './sidecar/sidecar-schema';

function ann(id: string, label = 'PERSON'): Annotation {
  return { id, type: 'entity', label, start: 0, end: 1, text: 'x', prefix: '', suffix: '' };
}

const EMPTY: HistoryState = { annotations: [], relations: [], status: 'todo' };

function withAnnotation(state: HistoryState, id: string): HistoryState {
  return { ...state, annotations: [...state.annotations, ann(id)] };
}

describe('AnnotationHistory', () => {
  it('starts clean, with nothing to undo or redo', () => {
    const h = new AnnotationHistory(EMPTY);
    expect(h.state).toBe(EMPTY);
    expect(h.revision).toBe(0);
    expect(h.savedRevision).toBe(0);
    expect(h.isDirty).toBe(false);
    expect([h.canUndo, h.canRedo, h.undoDescription, h.redoDescription]).toEqual([false, false, null, null]);
    expect(h.undo()).toBe(false);
    expect(h.redo()).toBe(false);
    expect(h.revision).toBe(0);
  });

  it('undoes and redoes a sequence of changes, with descriptions', () => {
    const h = new AnnotationHistory(EMPTY);
    const s1 = withAnnotation(EMPTY, 'a');
    const s2 = withAnnotation(s1, 'b');
    const s3 = { ...s2, status: 'done' as const };
    expect(h.apply({ description: 'Add PERSON', next: s1 })).toBe(true);
    h.apply({ description: 'Add ORG', next: s2 });
    h.apply({ description: 'Mark done', next: s3 });
    expect(h.state).toBe(s3);
    expect(h.revision).toBe(3);
    expect(h.undoDescription).toBe('Mark done');

    expect(h.undo()).toBe(true);
    expect(h.state).toBe(s2);
    expect([h.undoDescription, h.redoDescription]).toEqual(['Add ORG', 'Mark done']);
    h.undo();
    h.undo();
    expect(h.state).toBe(EMPTY);
    expect([h.canUndo, h.canRedo]).toEqual([false, true]);
    expect(h.redoDescription).toBe('Add PERSON');
    expect(h.undo()).toBe(false);

    h.redo();
    h.redo();
    expect(h.state).toBe(s2);
    expect(h.redoDescription).toBe('Mark done');
    h.redo();
    expect(h.state).toBe(s3);
    expect(h.canRedo).toBe(false);
    // Every change counts, undo and redo included.
    expect(h.revision).toBe(9);
  });

  it('clears redo when a new change is applied', () => {
    const h = new AnnotationHistory(EMPTY);
    const s1 = withAnnotation(EMPTY, 'a');
    const s2 = withAnnotation(s1, 'b');
    h.apply({ description: 'one', next: s1 });
    h.apply({ description: 'two', next: s2 });
    h.undo();
    expect(h.canRedo).toBe(true);
    const other = withAnnotation(s1, 'c');
    h.apply({ description: 'three', next: other });
    expect(h.canRedo).toBe(false);
    expect(h.redo()).toBe(false);
    expect(h.state).toBe(other);
    h.undo();
    expect(h.state).toBe(s1);
  });

  it('ignores a change to the state it already holds', () => {
    const h = new AnnotationHistory(EMPTY);
    expect(h.apply({ description: 'nothing', next: EMPTY })).toBe(false);
    expect([h.revision, h.canUndo]).toEqual([0, false]);
  });

  it('is clean again after undoing back to the saved state, and dirty after redoing past it', () => {
    const h = new AnnotationHistory(EMPTY);
    const s1 = withAnnotation(EMPTY, 'a');
    const s2 = withAnnotation(s1, 'b');
    h.apply({ description: 'one', next: s1 });
    expect(h.isDirty).toBe(true);
    h.markSaved();
    expect(h.savedRevision).toBe(1);
    expect(h.isDirty).toBe(false);
    h.apply({ description: 'two', next: s2 });
    expect(h.isDirty).toBe(true);
    h.undo();
    // The revision moved on, but the state is the one on disk.
    expect(h.revision).toBe(3);
    expect(h.isDirty).toBe(false);
    h.undo();
    expect(h.isDirty).toBe(true);
    h.redo();
    expect(h.isDirty).toBe(false);
    h.redo();
    expect(h.isDirty).toBe(true);
  });

  it('counts an equal but different state as a change (identity, not counters or deep equality)', () => {
    const h = new AnnotationHistory(EMPTY);
    h.apply({ description: 'copy', next: { ...EMPTY } });
    expect(h.isDirty).toBe(true);
  });

  it('marks the state of the revision a save started from, even after later edits', () => {
    const h = new AnnotationHistory(EMPTY);
    const s1 = withAnnotation(EMPTY, 'a');
    const s2 = withAnnotation(s1, 'b');
    h.apply({ description: 'one', next: s1 });
    const savingRevision = h.revision;
    h.apply({ description: 'two', next: s2 }); // typed while the write was in flight
    h.markSaved(savingRevision);
    expect(h.savedRevision).toBe(savingRevision);
    expect(h.isDirty).toBe(true);
    h.undo();
    expect(h.isDirty).toBe(false);
  });

  it('stays dirty when marked saved at a revision it no longer remembers', () => {
    const h = new AnnotationHistory(EMPTY);
    let s = EMPTY;
    for (let i = 0; i < 100; i++) {
      s = withAnnotation(s, `a${i}`);
      h.apply({ description: `add ${i}`, next: s });
    }
    h.markSaved(1);
    expect(h.isDirty).toBe(true);
  });

  it('caps the undo history at 500 steps, dropping the oldest', () => {
    expect(HISTORY_LIMIT).toBe(500);
    const h = new AnnotationHistory(EMPTY);
    const states: HistoryState[] = [EMPTY];
    for (let i = 1; i <= HISTORY_LIMIT + 20; i++) {
      states.push(withAnnotation(states[i - 1] as HistoryState, `a${i}`));
      h.apply({ description: `add ${i}`, next: states[i] as HistoryState });
    }
    let undone = 0;
    while (h.undo()) undone++;
    expect(undone).toBe(HISTORY_LIMIT);
    expect(h.state).toBe(states[20]);
    expect(h.redoDescription).toBe('add 21');
  });

  it('takes a smaller limit', () => {
    const h = new AnnotationHistory(EMPTY, { limit: 2 });
    let s = EMPTY;
    for (const id of ['a', 'b', 'c']) h.apply({ description: id, next: (s = withAnnotation(s, id)) });
    expect(h.undo() && h.undo()).toBe(true);
    expect(h.undo()).toBe(false);
    expect(h.state.annotations.map((a) => a.id)).toEqual(['a']);
  });

  it('merges a run of changes with the same coalesce key into one step', () => {
    const h = new AnnotationHistory(EMPTY);
    const base = withAnnotation(EMPTY, 'a');
    h.apply({ description: 'Add', next: base });
    const typed = ['n', 'no', 'not', 'note'].map((note) => ({ ...base, annotations: [{ ...ann('a'), note }] }));
    for (const next of typed) h.apply({ description: 'Edit note', next, coalesceKey: 'note:a' });
    expect(h.state).toBe(typed[3]);
    expect(h.undoDescription).toBe('Edit note');
    h.undo();
    expect(h.state).toBe(base);
    expect(h.undoDescription).toBe('Add');
    // After an undo the run is over: the same key starts a new step.
    h.apply({ description: 'Edit note', next: typed[0] as HistoryState, coalesceKey: 'note:a' });
    h.markSaved();
    h.apply({ description: 'Edit note', next: typed[1] as HistoryState, coalesceKey: 'note:a' });
    h.undo();
    // The save also ended the run, so undo returns exactly to what was saved.
    expect(h.state).toBe(typed[0]);
    expect(h.isDirty).toBe(false);
  });

  it('moveTo changes the state without an undo step, dirty until saved and clean when back at the saved state', () => {
    const h = new AnnotationHistory(EMPTY);
    const s1 = withAnnotation(EMPTY, 'a');
    expect(h.moveTo(EMPTY)).toBe(false);
    expect(h.moveTo(s1)).toBe(true);
    expect([h.state, h.revision, h.isDirty, h.canUndo]).toEqual([s1, 1, true, false]);
    h.moveTo(EMPTY);
    expect(h.isDirty).toBe(false);
  });

  it('reset starts over: clean, no undo, no redo', () => {
    const h = new AnnotationHistory(EMPTY);
    h.apply({ description: 'one', next: withAnnotation(EMPTY, 'a') });
    h.undo();
    const reloaded = withAnnotation(EMPTY, 'z');
    h.reset(reloaded);
    expect(h.state).toBe(reloaded);
    expect([h.canUndo, h.canRedo, h.isDirty]).toEqual([false, false, false]);
    expect(h.savedRevision).toBe(h.revision);
  });

  it('notifies subscribers on every change until they unsubscribe', () => {
    const h = new AnnotationHistory(EMPTY);
    const listener = vi.fn();
    const other = vi.fn();
    const unsubscribe = h.subscribe(listener);
    h.subscribe(other);
    h.apply({ description: 'one', next: withAnnotation(EMPTY, 'a') });
    h.undo();
    h.redo();
    h.markSaved();
    expect(listener).toHaveBeenCalledTimes(4);
    h.undo();
    expect(listener).toHaveBeenCalledTimes(5);
    unsubscribe();
    unsubscribe(); // twice is harmless
    h.redo();
    expect(listener).toHaveBeenCalledTimes(5);
    expect(other).toHaveBeenCalledTimes(6);
    h.redo(); // nothing to redo: no notification
    h.apply({ description: 'same', next: h.state });
    expect(other).toHaveBeenCalledTimes(6);
  });

  it('lets a listener unsubscribe during notification, and one throwing listener not silence the rest', () => {
    const h = new AnnotationHistory(EMPTY);
    const calls: string[] = [];
    const stopFirst = h.subscribe(() => {
      calls.push('first');
      stopFirst();
    });
    h.subscribe(() => {
      calls.push('second');
      throw new Error('listener bug');
    });
    h.subscribe(() => calls.push('third'));
    expect(() => h.apply({ description: 'one', next: withAnnotation(EMPTY, 'a') })).toThrow('listener bug');
    expect(calls).toEqual(['first', 'second', 'third']);
    expect(h.canUndo).toBe(true);
    calls.length = 0;
    expect(() => h.undo()).toThrow('listener bug');
    expect(calls).toEqual(['second', 'third']);
  });

  it('gives a snapshot that is stable between changes and fresh after each (for useSyncExternalStore)', () => {
    const h = new AnnotationHistory(EMPTY);
    const { getSnapshot, subscribe } = h; // usable unbound
    const first = getSnapshot();
    expect(getSnapshot()).toBe(first);
    const seen: boolean[] = [];
    subscribe(() => seen.push(getSnapshot().isDirty));
    h.apply({ description: 'one', next: withAnnotation(EMPTY, 'a') });
    const second = getSnapshot();
    expect(second).not.toBe(first);
    expect(second).toMatchObject({ revision: 1, isDirty: true, canUndo: true, canRedo: false, undoDescription: 'one' });
    h.markSaved();
    expect(getSnapshot()).not.toBe(second);
    expect(getSnapshot().isDirty).toBe(false);
    expect(seen).toEqual([true, false]);
  });

  it('matches a simple model under random sequences of apply / undo / redo / save', () => {
    type Op = { kind: 'apply' } | { kind: 'undo' } | { kind: 'redo' } | { kind: 'save' };
    const op: fc.Arbitrary<Op> = fc.constantFrom<Op>({ kind: 'apply' }, { kind: 'undo' }, { kind: 'redo' }, { kind: 'save' });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const h = new AnnotationHistory(EMPTY);
        // Model: a list of states and a cursor; saved is a state reference.
        const past: HistoryState[] = [];
        let future: HistoryState[] = [];
        let current = EMPTY;
        let saved = EMPTY;
        let revision = 0;
        let n = 0;
        for (const o of ops) {
          if (o.kind === 'apply') {
            const next = withAnnotation(current, `a${n++}`);
            h.apply({ description: 'x', next });
            past.push(current);
            future = [];
            current = next;
            revision++;
          } else if (o.kind === 'undo') {
            const prev = past.pop();
            expect(h.undo()).toBe(prev !== undefined);
            if (prev) {
              future.push(current);
              current = prev;
              revision++;
            }
          } else if (o.kind === 'redo') {
            const next = future.pop();
            expect(h.redo()).toBe(next !== undefined);
            if (next) {
              past.push(current);
              current = next;
              revision++;
            }
          } else {
            h.markSaved();
            saved = current;
          }
          expect(h.state).toBe(current);
          expect(h.revision).toBe(revision);
          expect(h.isDirty).toBe(current !== saved);
          expect(h.canUndo).toBe(past.length > 0);
          expect(h.canRedo).toBe(future.length > 0);
        }
      }),
    );
  });
});

describe('rebaseSaved', () => {
  it('makes a state read from disk the clean baseline, keeping undo', () => {
    const a: HistoryState = { annotations: [], relations: [], status: 'todo' };
    const h = new AnnotationHistory(a);
    const mine: HistoryState = { ...a, status: 'done' };
    h.apply({ description: 'done', next: mine });
    const disk: HistoryState = { ...a, status: 'in-progress' };
    h.rebaseSaved(disk);
    expect(h.savedState).toBe(disk);
    expect(h.isDirty).toBe(true);
    h.apply({ description: 'take disk', next: disk });
    expect(h.isDirty).toBe(false);
    expect(h.canUndo).toBe(true);
  });
});
