import { describe, expect, it } from 'vitest';
import { addSpans } from '../../../app/batch-annotations';
import type { Sidecar } from '../../../app/sidecar/sidecar-schema';
import { FakeApp, FakeCorpus } from './fake-corpus';

const ARTICLES = {
  'a.txt': 'Alice met Bob in Osaka.',
  'b.txt': 'Carol flew to Osaka from Lima.',
  'c.txt': 'Osaka and Kyoto, then Osaka again.',
  'd.txt': 'Nothing to see here.',
};

const labels = (s: Sidecar | null) => (s?.annotations ?? []).map((a) => `${a.label}:${a.text}`).sort();

describe('one undo history for the workspace', () => {
  it('tag in A, switch to B, tag, switch back: undo twice undoes both, redo twice redoes both', async () => {
    const corpus = new FakeCorpus(ARTICLES);
    const app = new FakeApp(corpus);
    await app.open('a.txt');
    app.current.addAnnotation('PERSON', 'entity', 0, 5);
    await app.open('b.txt');
    app.current.addAnnotation('PERSON', 'entity', 0, 5);
    await app.open('a.txt');
    expect(app.current.getSnapshot()).toMatchObject({ canUndo: true, undoDescription: 'Tag “Carol” as PERSON' });

    await app.current.undo();
    // Undoing B's tag opened B, where the analyst sees it go.
    expect(app.current.doc.path).toBe('b.txt');
    expect(app.current.getSnapshot().annotations).toEqual([]);
    await app.current.undo();
    expect(app.current.doc.path).toBe('a.txt');
    expect(app.current.getSnapshot().annotations).toEqual([]);
    await app.current.flush();
    expect(corpus.sidecars.has('a.txt')).toBe(false);
    expect(corpus.sidecars.has('b.txt')).toBe(false);
    expect(app.current.getSnapshot()).toMatchObject({ canUndo: false, canRedo: true, redoDescription: 'Tag “Alice” as PERSON' });

    await app.current.redo();
    await app.current.redo();
    expect(app.current.doc.path).toBe('b.txt');
    await app.current.flush();
    expect(labels(corpus.sidecar('a.txt'))).toEqual(['PERSON:Alice']);
    expect(labels(corpus.sidecar('b.txt'))).toEqual(['PERSON:Carol']);
  });

  it('writes the other document’s sidecar when there is no way to open it (no app around the workspace)', async () => {
    const corpus = new FakeCorpus(ARTICLES);
    const app = new FakeApp(corpus);
    await app.open('a.txt');
    app.current.addAnnotation('PERSON', 'entity', 0, 5);
    await app.open('b.txt');
    await app.current.flush();
    // Undo A's step without switching: a workspace with no `open` hook.
    const { WorkspaceUndo } = await import('./workspace-undo');
    const bare = new WorkspaceUndo(corpus);
    const step = app.workspace.history.peekUndo()!;
    bare.history.record(step);
    const outcome = await bare.undo();
    expect(outcome.ok).toBe(true);
    expect(corpus.sidecars.has('a.txt')).toBe(false);
  });

  it('a tag-all over the open document and three others is one step; undo and redo give back the same bytes', async () => {
    const corpus = new FakeCorpus(ARTICLES);
    const app = new FakeApp(corpus);
    // c.txt has a sidecar of its own before; b.txt and d.txt have none.
    await app.open('c.txt');
    app.current.addAnnotation('GPE', 'entity', 10, 15);
    await app.open('a.txt');
    await app.current.flush();
    const before = new Map(corpus.sidecars);

    await app.workspace.group('Tag all “Osaka” as GPE', async () => {
      app.current.addMany([{ label: 'GPE', type: 'entity', start: 17, end: 22 }], 'Tag 1 occurrence as GPE');
      await app.workspace.editOthers(
        ['b.txt', 'c.txt', 'd.txt'].map((path) => ({
          path,
          change: (state, index, doc) => {
            const spans = [...doc.text.matchAll(/Osaka/gu)].map((m) => ({ label: 'GPE', type: 'entity' as const, start: index.toCodePoint(m.index), end: index.toCodePoint(m.index + 5) }));
            const r = addSpans(state, index, spans);
            return r.added.length ? { ...state, ...r.doc } : state;
          },
        })),
      );
    });
    await app.current.flush();
    const after = new Map(corpus.sidecars);
    expect(labels(corpus.sidecar('c.txt'))).toEqual(['GPE:Kyoto', 'GPE:Osaka', 'GPE:Osaka']);
    expect(corpus.sidecars.has('d.txt')).toBe(false);
    expect(app.current.getSnapshot()).toMatchObject({ undoDescription: 'Tag all “Osaka” as GPE' });

    await app.current.undo();
    await app.current.flush();
    expect(app.current.doc.path).toBe('a.txt');
    expect(app.current.getSnapshot().annotations).toEqual([]);
    expect(corpus.sidecars.get('c.txt')).toBe(before.get('c.txt'));
    expect(corpus.sidecars.get('a.txt')).toBe(before.get('a.txt'));
    // a.txt and b.txt had no sidecar: undo removes the files the step created.
    expect(corpus.sidecars.has('a.txt')).toBe(false);
    expect(corpus.sidecars.has('b.txt')).toBe(false);
    expect(app.current.getSnapshot().notice).toMatch(/Undid “Tag all “Osaka” as GPE” \(also in b\.txt, c\.txt\)/u);

    await app.current.redo();
    await app.current.flush();
    for (const path of ['a.txt', 'b.txt', 'c.txt']) expect(corpus.sidecars.get(path)).toBe(after.get(path));
  });

  it('refuses to undo over a file changed elsewhere in a way that conflicts, and writes nothing', async () => {
    const corpus = new FakeCorpus(ARTICLES);
    const app = new FakeApp(corpus);
    await app.open('a.txt');
    await app.workspace.group('Tag all', async () => {
      await app.workspace.editOthers(
        ['b.txt', 'c.txt'].map((path) => ({
          path,
          change: (state, index) => ({ ...state, ...addSpans(state, index, [{ label: 'GPE', type: 'entity', start: 0, end: 4 }]).doc }),
        })),
      );
    });
    const c = corpus.sidecar('c.txt')!;
    // Another analyst relabels the annotation the step added to c.txt.
    corpus.externalWrite('c.txt', { ...c, annotations: c.annotations.map((a) => ({ ...a, label: 'LOC' })) });
    const snapshot = new Map(corpus.sidecars);
    const outcome = await app.workspace.undo();
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toMatch(/c\.txt was changed since in a way that conflicts/u);
    expect(app.current.getSnapshot().notice).toBe(outcome.message);
    // b.txt was put back: both files are as they were, and the step can still be undone.
    expect(corpus.sidecars).toEqual(snapshot);
    expect(app.workspace.history.canUndo).toBe(true);
  });

  it('merges an undo into a file changed elsewhere when the changes do not touch the step’s own', async () => {
    const corpus = new FakeCorpus(ARTICLES);
    const app = new FakeApp(corpus);
    await app.open('a.txt');
    await app.workspace.group('Tag all', async () => {
      await app.workspace.editOthers([
        { path: 'c.txt', change: (state, index) => ({ ...state, ...addSpans(state, index, [{ label: 'GPE', type: 'entity', start: 0, end: 5 }]).doc }) },
      ]);
    });
    const c = corpus.sidecar('c.txt')!;
    corpus.externalWrite('c.txt', { ...c, status: 'done' });
    const outcome = await app.workspace.undo();
    expect(outcome).toMatchObject({ ok: true });
    expect(outcome.message).toMatch(/keeping the changes made since in c\.txt/u);
    expect(corpus.sidecar('c.txt')).toMatchObject({ status: 'done', annotations: [] });
  });

  it('says so and keeps the step when the document it was made in cannot be opened', async () => {
    const corpus = new FakeCorpus(ARTICLES);
    const app = new FakeApp(corpus);
    await app.open('a.txt');
    app.current.addAnnotation('PERSON', 'entity', 0, 5);
    await app.open('b.txt');
    corpus.articles.delete('a.txt');
    const outcome = await app.workspace.undo();
    expect(outcome).toEqual({ ok: false, message: 'Could not open a.txt to undo “Tag “Alice” as PERSON”: a.txt does not exist' });
    expect(app.current.doc.path).toBe('b.txt');
    expect(app.current.getSnapshot()).toMatchObject({ notice: outcome.message, canUndo: true });
  });

  it('undoes a tag-all from another document: the one now open changes in place, the rest on disk', async () => {
    const corpus = new FakeCorpus(ARTICLES);
    const app = new FakeApp(corpus);
    await app.open('a.txt');
    await app.workspace.group('Tag all', async () => {
      app.current.addMany([{ label: 'GPE', type: 'entity', start: 17, end: 22 }], 'Tag all');
      await app.workspace.editOthers([
        { path: 'b.txt', change: (state, index) => ({ ...state, ...addSpans(state, index, [{ label: 'GPE', type: 'entity', start: 14, end: 19 }]).doc }) },
      ]);
    });
    await app.open('b.txt');
    expect(app.current.getSnapshot().annotations).toHaveLength(1);
    await app.current.undo();
    expect(app.current.doc.path).toBe('b.txt');
    expect(app.current.getSnapshot().annotations).toEqual([]);
    await app.current.flush();
    expect([...corpus.sidecars.keys()]).toEqual([]);
  });

  it('typing in one note is one step, across the workspace too', async () => {
    const corpus = new FakeCorpus(ARTICLES);
    const app = new FakeApp(corpus);
    await app.open('a.txt');
    const id = app.current.addAnnotation('PERSON', 'entity', 0, 5)!;
    for (const note of ['C', 'CF', 'CFR', 'CFR;']) app.current.update(id, { note }, 'Edit note', `note:${id}`);
    expect(app.current.getSnapshot()).toMatchObject({ undoDescription: 'Edit note' });
    await app.current.undo();
    expect(app.current.getSnapshot().annotations[0]?.note).toBeUndefined();
    expect(app.current.getSnapshot()).toMatchObject({ undoDescription: 'Tag “Alice” as PERSON' });
  });
});

describe('rejected suggestions in the undo history', () => {
  it('a rejection is a step: undo restores it, redo rejects it again, and an earlier tag is undone only after it', async () => {
    const corpus = new FakeCorpus(ARTICLES);
    const app = new FakeApp(corpus);
    const moves: string[] = [];
    app.workspace.attachRejections({ restore: (path, ids) => moves.push(`restore ${path} ${ids.join(',')}`), reject: (path, ids) => moves.push(`reject ${path} ${ids.join(',')}`) });
    await app.open('a.txt');
    app.current.addAnnotation('PERSON', 'entity', 0, 5);
    app.workspace.recordRejections('Reject suggestion “Osaka” as GPE', 'a.txt', ['GPE:17:22']);
    expect(app.current.getSnapshot()).toMatchObject({ undoDescription: 'Reject suggestion “Osaka” as GPE' });

    await app.current.undo();
    expect(moves).toEqual(['restore a.txt GPE:17:22']);
    // The tag made before the rejection is still there.
    expect(app.current.getSnapshot().annotations).toHaveLength(1);
    await app.current.redo();
    expect(moves).toEqual(['restore a.txt GPE:17:22', 'reject a.txt GPE:17:22']);
    await app.current.undo();
    await app.current.undo();
    expect(app.current.getSnapshot().annotations).toEqual([]);
  });
});
