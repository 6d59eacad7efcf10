import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryState } from './history';
import type { Annotation } from './sidecar/sidecar-schema';
import { retarget, sameContent, WorkspaceHistory, type WorkspaceStep } from './workspace-history';

function ann(id: string, label = 'PERSON', start = 0): Annotation {
  return { id, type: 'entity', label, start, end: start + 1, text: 'x', prefix: '', suffix: '' };
}
const EMPTY: HistoryState = { annotations: [], relations: [], status: 'todo' };
const add = (s: HistoryState, id: string, label = 'PERSON'): HistoryState => ({ ...s, annotations: [...s.annotations, ann(id, label)] });

describe('WorkspaceHistory', () => {
  it('keeps one order of steps across documents and moves them between undo and redo', () => {
    const h = new WorkspaceHistory();
    const a1 = add(EMPTY, 'a1');
    const b1 = add(EMPTY, 'b1');
    h.record({ description: 'Tag in A', edits: [{ path: 'a.txt', before: EMPTY, after: a1 }] });
    h.record({ description: 'Tag in B', edits: [{ path: 'b.txt', before: null, after: b1 }] });
    expect(h.getSnapshot()).toMatchObject({ canUndo: true, canRedo: false, undoDescription: 'Tag in B', undoPaths: ['b.txt'] });
    const top = h.peekUndo()!;
    h.undone(top);
    expect(h.getSnapshot()).toMatchObject({ undoDescription: 'Tag in A', redoDescription: 'Tag in B', redoPaths: ['b.txt'] });
    expect(() => h.redone(h.peekUndo()!)).toThrow(/not the step on top/);
    h.redone(h.peekRedo()!);
    expect(h.peekUndo()).toBe(top);
    // A new step after an undo drops the redo stack.
    h.undone(top);
    h.record({ description: 'Tag again in A', edits: [{ path: 'a.txt', before: a1, after: add(a1, 'a2') }] });
    expect(h.canRedo).toBe(false);
  });

  it('records a step over many documents as one, and leaves out documents it did not change', () => {
    const h = new WorkspaceHistory();
    const step: WorkspaceStep = {
      description: 'Tag 3 occurrences as GPE',
      edits: [
        { path: 'a.txt', before: EMPTY, after: add(EMPTY, 'x') },
        { path: 'b.txt', before: EMPTY, after: EMPTY },
        { path: 'c.txt', before: null, after: add(EMPTY, 'y') },
      ],
    };
    expect(h.record(step)).toBe(true);
    expect(h.getSnapshot().undoPaths).toEqual(['a.txt', 'c.txt']);
    expect(h.record({ description: 'nothing', edits: [{ path: 'a.txt', before: EMPTY, after: EMPTY }] })).toBe(false);
  });

  it('coalesces a run of typing in one document; another document, undo or a missing key ends the run', () => {
    const h = new WorkspaceHistory();
    const s1 = { ...EMPTY, status: 'in-progress' as const };
    const s2 = { ...s1, status: 'done' as const };
    h.record({ description: 'Note', edits: [{ path: 'a.txt', before: EMPTY, after: s1 }] }, 'note:1');
    h.record({ description: 'Note', edits: [{ path: 'a.txt', before: s1, after: s2 }] }, 'note:1');
    expect(h.peekUndo()!.edits).toEqual([{ path: 'a.txt', before: EMPTY, after: s2 }]);
    h.record({ description: 'Note', edits: [{ path: 'b.txt', before: EMPTY, after: s1 }] }, 'note:1');
    expect(h.peekUndo()!.edits[0]!.path).toBe('b.txt');
    h.endRun();
    h.record({ description: 'Note', edits: [{ path: 'b.txt', before: s1, after: s2 }] }, 'note:1');
    h.undone(h.peekUndo()!);
    h.undone(h.peekUndo()!);
    h.undone(h.peekUndo()!);
    expect(h.canUndo).toBe(false);
  });

  it('keeps at most `limit` steps, and reset forgets them all', () => {
    const h = new WorkspaceHistory({ limit: 2 });
    let s = EMPTY;
    for (const id of ['1', '2', '3']) {
      const next = add(s, id);
      h.record({ description: id, edits: [{ path: 'a.txt', before: s, after: next }] });
      s = next;
    }
    h.undone(h.peekUndo()!);
    h.undone(h.peekUndo()!);
    expect(h.canUndo).toBe(false);
    let heard = 0;
    h.subscribe(() => heard++);
    h.reset();
    expect([h.canUndo, h.canRedo, heard]).toEqual([false, false, 1]);
  });

  it('undoing every step in reverse gives each document its first state back; redoing them all, its last (property)', () => {
    const step = fc.record({ doc: fc.constantFrom('a', 'b', 'c'), also: fc.option(fc.constantFrom('a', 'b', 'c')), label: fc.constantFrom('P', 'O') });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 30 }), (steps) => {
        const h = new WorkspaceHistory();
        const first = new Map<string, HistoryState>([['a', EMPTY], ['b', EMPTY], ['c', EMPTY]]);
        const docs = new Map(first);
        steps.forEach((s, i) => {
          const paths = [...new Set([s.doc, ...(s.also ? [s.also] : [])])];
          const edits = paths.map((p) => ({ path: p, before: docs.get(p)!, after: add(docs.get(p)!, `${p}${i}`, s.label) }));
          for (const e of edits) docs.set(e.path, e.after);
          h.record({ description: String(i), edits });
        });
        const last = new Map(docs);
        for (let top = h.peekUndo(); top; top = h.peekUndo()) {
          for (const e of top.edits) {
            expect(docs.get(e.path)).toBe(e.after);
            docs.set(e.path, e.before!);
          }
          h.undone(top);
        }
        expect(docs).toEqual(first);
        for (let top = h.peekRedo(); top; top = h.peekRedo()) {
          for (const e of top.edits) docs.set(e.path, e.after);
          h.redone(top);
        }
        for (const [p, s] of last) expect(docs.get(p)).toBe(s);
      }),
    );
  });
});

describe('retarget', () => {
  it('gives the step’s other side itself when the document is as the step left it', () => {
    const after = add(EMPTY, 'x');
    expect(retarget(after, after, EMPTY)).toEqual({ state: EMPTY, conflicts: 0, exact: true });
    // Read back from disk: other objects, other key order, other array order.
    const fromDisk: HistoryState = {
      status: 'todo',
      relations: [],
      annotations: [...add(add(EMPTY, 'y'), 'x').annotations].reverse().map((a) => JSON.parse(JSON.stringify(a, Object.keys(a).sort()))),
    };
    const before = add(EMPTY, 'y');
    expect(sameContent(fromDisk, add(before, 'x'))).toBe(true);
    expect(retarget(add(before, 'x'), fromDisk, before).state).toBe(before);
  });

  it('applies only the step’s own change over later changes, and counts what changed both ways', () => {
    const before = add(EMPTY, 'x');
    const after = add(before, 'y');
    const later = add(after, 'z');
    const r = retarget(after, later, before);
    expect(r.exact).toBe(false);
    expect(r.conflicts).toBe(0);
    expect(r.state.annotations.map((a) => a.id).sort()).toEqual(['x', 'z']);
    // y relabelled since the step that added it: undoing the add conflicts, the relabelled y is kept.
    const relabelled = { ...after, annotations: after.annotations.map((a) => (a.id === 'y' ? { ...a, label: 'ORG' } : a)) };
    const c = retarget(after, relabelled, before);
    expect(c.conflicts).toBe(1);
    expect(c.state.annotations.find((a) => a.id === 'y')?.label).toBe('ORG');
  });
});
