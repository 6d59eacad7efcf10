import { describe, expect, it } from 'vitest';
import type { OpenedDocument, SaveResult } from '../../../app/ipc/contract';
import type { Sidecar } from '../../../app/sidecar/sidecar-schema';
import { DocumentSession } from './document-session';
import { ViewNotifier } from './view-notifier';

/** "After the next paint", run when the test says the frame has painted. */
function fakeFrames() {
  const queued: (() => void)[] = [];
  return {
    afterPaint: (run: () => void) => {
      queued.push(run);
      return () => {
        const i = queued.indexOf(run);
        if (i >= 0) queued.splice(i, 1);
      };
    },
    get waiting() {
      return queued.length;
    },
    paint() {
      for (const run of queued.splice(0)) run();
    },
  };
}

describe('ViewNotifier', () => {
  it('tells immediate listeners at once and the views (then the save) in the same task, outside paintFirst', () => {
    const log: string[] = [];
    const frames = fakeFrames();
    const n = new ViewNotifier<number>({ afterNotify: () => log.push('save'), afterPaint: frames.afterPaint });
    n.subscribeImmediate((next, previous) => log.push(`painter ${previous}->${next}`));
    n.subscribe(() => log.push('view'));
    n.changed(1, 0);
    expect(log).toEqual(['painter 0->1', 'view', 'save']);
    expect(frames.waiting).toBe(0);
  });

  it('inside paintFirst: the painter hears once, at its end, from the state before the first change; the save and the views after the paint', () => {
    const log: string[] = [];
    const frames = fakeFrames();
    const n = new ViewNotifier<number>({ afterNotify: () => log.push('save'), afterPaint: frames.afterPaint });
    n.subscribeImmediate((next, previous) => log.push(`painter ${previous}->${next}`));
    n.subscribe(() => log.push('view'));
    const r = n.paintFirst(() => {
      n.changed(1, 0); // the tag
      n.changed(2, 1); // its selection
      log.push('end of change');
      return 'id';
    });
    expect(r).toBe('id');
    expect(log).toEqual(['end of change', 'painter 0->2']);
    expect(n.pending).toBe(true);
    frames.paint();
    // The save first: its request is under way while the views render.
    expect(log).toEqual(['end of change', 'painter 0->2', 'save', 'view']);
    expect(n.pending).toBe(false);
  });

  it('a change made outside paintFirst before the paint tells the views at once; the paint then has nothing left to tell', () => {
    const log: string[] = [];
    const frames = fakeFrames();
    const n = new ViewNotifier<number>({ afterNotify: () => log.push('save'), afterPaint: frames.afterPaint });
    n.subscribe(() => log.push('view'));
    n.paintFirst(() => n.changed(1, 0));
    n.changed(2, 1);
    expect(log).toEqual(['view', 'save']);
    frames.paint();
    expect(log).toEqual(['view', 'save']);
  });

  it('two tags before one paint are told once; dispose cancels what waits for a paint', () => {
    const log: string[] = [];
    const frames = fakeFrames();
    const n = new ViewNotifier<number>({ afterNotify: () => log.push('save'), afterPaint: frames.afterPaint });
    n.subscribe(() => log.push('view'));
    n.paintFirst(() => n.changed(1, 0));
    n.paintFirst(() => n.changed(2, 1));
    expect(frames.waiting).toBe(1);
    frames.paint();
    expect(log).toEqual(['save', 'view']);
    n.paintFirst(() => n.changed(3, 2));
    n.dispose();
    expect(frames.waiting).toBe(0);
  });
});

describe('DocumentSession.paintFirst (a label key)', () => {
  const SHA = (c: string) => c.repeat(64);
  const doc: OpenedDocument = {
    path: 'a.txt',
    text: 'Kim met Lee.',
    sha256: SHA('a'),
    length: 12,
    sidecar: { format: 'marginalia-annotations', version: 3, source: { name: 'a.txt', sha256: SHA('a'), length: 12 }, status: 'todo', annotations: [], relations: [] },
    sidecarSha256: SHA('1'),
    sourceChanged: false,
  };

  it('paints and says "not saved" at once; the views and the save follow once the frame has painted', async () => {
    const frames = fakeFrames();
    const saves: string[] = [];
    const session = new DocumentSession(doc, {
      afterPaint: frames.afterPaint,
      save: async (_p: string, sidecar: Sidecar): Promise<SaveResult> => {
        saves.push(sidecar.annotations.map((a) => a.text).join(','));
        return { savedAt: 'now', annotationCount: sidecar.annotations.length, sidecarSha256: SHA('2') };
      },
      remove: async () => {},
      reload: async () => doc,
    });
    const painted: { count: number; selected: string | null }[] = [];
    session.subscribeImmediate((next) => painted.push({ count: next.annotations.length, selected: next.selectedId }));
    let viewed = 0;
    session.subscribe(() => viewed++);
    const saveShown: string[] = [];
    session.saveState.subscribe(() => saveShown.push(session.saveState.getSnapshot().kind));

    const id = session.paintFirst(() => session.addAnnotation('PERSON', 'entity', 0, 3));
    expect(id).not.toBeNull();
    // One paint, of the new span selected; the status bar's save state is never "saved" of a change not saved.
    expect(painted).toEqual([{ count: 1, selected: id }]);
    expect(saveShown).toEqual(['unsaved']);
    expect(session.getSnapshot().annotations).toHaveLength(1);
    expect(viewed).toBe(0);
    await Promise.resolve();
    expect(saves).toEqual([]);

    const savedSignal = new Promise<void>((resolve) => session.saveState.subscribe(() => session.saveState.getSnapshot().kind === 'saved' && resolve()));
    frames.paint();
    expect(viewed).toBe(1);
    await savedSignal;
    expect(saves).toEqual(['Kim']);
    expect(session.saveState.getSnapshot().kind).toBe('saved');
    session.dispose();
  });
});
