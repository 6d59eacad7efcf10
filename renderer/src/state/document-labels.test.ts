import { describe, expect, it } from 'vitest';
import { FakeApp, FakeCorpus } from './fake-corpus';

describe('document labels in a session', () => {
  it('are saved in the sidecar, undone as one step, and kept when the document opens again', async () => {
    const corpus = new FakeCorpus({ 'a.txt': 'Kim met Lee in Seoul.', 'b.txt': 'Other.' });
    const app = new FakeApp(corpus);
    await app.open('a.txt');
    app.current.setDocumentLabel('topic', ['space', 'defence']);
    app.current.cycleDocumentLabel({ name: 'opinion' });
    await app.current.flush();
    expect(corpus.sidecar('a.txt')?.categories).toEqual([{ name: 'opinion' }, { name: 'topic', value: 'defence' }, { name: 'topic', value: 'space' }]);
    expect(app.current.getSnapshot().undoDescription).toBe('Set opinion');

    await app.current.undo();
    await app.current.flush();
    expect(corpus.sidecar('a.txt')?.categories).toEqual([{ name: 'topic', value: 'defence' }, { name: 'topic', value: 'space' }]);

    await app.open('b.txt');
    await app.open('a.txt');
    expect(app.current.getSnapshot().categories).toEqual([{ name: 'topic', value: 'defence' }, { name: 'topic', value: 'space' }]);
  });

  it('a curated merge records its decisions in the sidecar in the same undo step', async () => {
    const corpus = new FakeCorpus({ 'a.txt': 'Kim met Lee in Seoul.' });
    const app = new FakeApp(corpus);
    await app.open('a.txt');
    const kim = app.current.addAnnotation('PERSON', 'entity', 0, 3) as string;
    const merged = app.current.getSnapshot().annotations.filter((a) => a.id !== kim);
    const record = [{ id: '0-3', decision: 'neither' as const, a: 'this corpus', b: 'other', by: 'alice', at: '2026-12-07T10:00:00.000Z' }];
    expect(app.current.replaceAll(merged, 'Merge with other', undefined, record)).toBe(true);
    await app.current.flush();
    expect(corpus.sidecar('a.txt')).toMatchObject({ annotations: [], curation: record });
    await app.current.undo();
    await app.current.flush();
    expect(corpus.sidecar('a.txt')?.curation).toBeUndefined();
    expect(corpus.sidecar('a.txt')?.annotations.map((a) => a.text)).toEqual(['Kim']);
  });
});
