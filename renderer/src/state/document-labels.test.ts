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
});
