import { describe, expect, it } from 'vitest';
import { NO_SIDECAR } from '../../../app/document-state';
import type { HistoryState } from '../../../app/history';
import type { OpenedDocument, SaveResult } from '../../../app/ipc/contract';
import type { SidecarChanges } from '../../../app/sidecar/sidecar-changes';
import type { Annotation, Sidecar } from '../../../app/sidecar/sidecar-schema';
import { DiskSync, readOnlyReasonOf, type DiskApi } from './disk-sync';
import { DocumentSession } from './document-session';
import { FakeApp, FakeCorpus, fakeHash } from './fake-corpus';

const SHA = (c: string) => c.repeat(64);
const ann = (id: string, label = 'PERSON'): Annotation => ({ id, type: 'entity', label, start: 0, end: 3, text: 'Kim', prefix: '', suffix: ' met' });

function opened(over: Partial<OpenedDocument> = {}): OpenedDocument {
  return {
    path: 'a.txt',
    text: 'Kim met Lee.',
    sha256: SHA('a'),
    length: 12,
    sidecar: { format: 'marginalia-annotations', version: 3, source: { name: 'a.txt', sha256: SHA('a'), length: 12 }, status: 'todo', annotations: [ann('k')], relations: [] },
    sidecarSha256: SHA('1'),
    sourceChanged: false,
    ...over,
  };
}

class CodedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The bridge, recording each call; saveChanges answers as the test says. */
function fakeApi(changes: 'ok' | 'stale' | 'conflict' | 'none' = 'ok') {
  const calls: string[] = [];
  let n = 2;
  const result = (): SaveResult => ({ savedAt: 'now', annotationCount: 0, sidecarSha256: SHA(String(n++ % 10)) });
  const api: DiskApi = {
    save: async (_p: string, sidecar: Sidecar, expected) => {
      calls.push(`save ${sidecar.annotations.map((a) => a.id).join(',')} expecting ${String(expected).slice(0, 1)}`);
      return result();
    },
    remove: async (_p, expected) => void calls.push(`remove expecting ${expected.slice(0, 1)}`),
    reload: async () => opened({ sidecarSha256: SHA('9'), sidecar: { ...opened().sidecar!, status: 'done' } }),
  };
  if (changes !== 'none') {
    api.saveChanges = async (_p: string, base: string, diff: SidecarChanges) => {
      calls.push(`changes on ${base.slice(0, 1)}: +${(diff.annotations?.put ?? []).map((a) => a.id).join(',')}`);
      if (changes !== 'ok') throw new CodedError(changes, `${changes}!`);
      return result();
    };
  }
  return { api, calls };
}

const withAnn = (s: HistoryState, id: string): HistoryState => ({ ...s, annotations: [...s.annotations, ann(id)] });

describe('DiskSync', () => {
  it('sends only the changes since the file it knows, then the next ones against the file it wrote', async () => {
    const { api, calls } = fakeApi('ok');
    const noted: (string | null)[] = [];
    const sync = new DiskSync(opened(), api, (sha) => void noted.push(sha));
    const s1 = withAnn(sync.initial, 'l');
    await sync.write(s1);
    await sync.write(withAnn(s1, 'm'));
    expect(calls).toEqual(['changes on 1: +l', 'changes on 2: +m']);
    expect(noted).toEqual([SHA('1'), SHA('2'), SHA('3')]);
  });

  it("sends the whole sidecar, with the hash it expects, when main answers 'stale'; a conflict is passed on", async () => {
    const stale = fakeApi('stale');
    const staleSync = new DiskSync(opened(), stale.api);
    await staleSync.write(withAnn(staleSync.initial, 'l'));
    expect(stale.calls).toEqual(['changes on 1: +l', 'save k,l expecting 1']);
    const conflict = fakeApi('conflict');
    const sync = new DiskSync(opened(), conflict.api);
    await expect(sync.write(withAnn(sync.initial, 'l'))).rejects.toMatchObject({ code: 'conflict' });
    expect(conflict.calls).toEqual(['changes on 1: +l']);
  });

  it('writes a re-anchored document whole (the file holds the old offsets), and removes the file on going back to none', async () => {
    const { api, calls } = fakeApi('ok');
    const reanchor = { moved: 1, unchanged: 0, fuzzy: 0, orphaned: 0, previousSource: { name: 'a.txt', sha256: SHA('b'), length: 10 } };
    const sync = new DiskSync(opened({ sourceChanged: true, reanchor: reanchor as never }), api);
    await sync.write(sync.initial);
    expect(calls).toEqual(['save k expecting 1']);
    const fresh = new DiskSync(opened({ sidecar: null, sidecarSha256: null }), api);
    expect(fresh.initial).toBe(NO_SIDECAR);
    await fresh.write(withAnn(NO_SIDECAR, 'n'));
    await fresh.write(NO_SIDECAR);
    expect(calls.slice(1)).toEqual(['save n expecting n', 'remove expecting 3']);
    expect(fresh.sidecarSha256).toBeNull();
  });

  it('reads the file again for a merge: unchanged, theirs, or null when the article itself changed', async () => {
    const { api } = fakeApi();
    const sync = new DiskSync(opened(), api);
    const read = await sync.readTheirs();
    expect(read).toMatchObject({ theirs: { status: 'done' } });
    expect(sync.isCurrent(SHA('9'))).toBe(true);
    expect(await sync.readTheirs()).toBe('unchanged');
    api.reload = async () => opened({ sha256: SHA('c') });
    expect(await new DiskSync(opened(), api).readTheirs()).toBeNull();
  });

  it('is read-only, saying why, on a broken sidecar or annotations that could not be re-anchored', () => {
    expect(readOnlyReasonOf(opened())).toBeNull();
    expect(readOnlyReasonOf(opened({ sidecar: null, sidecarProblem: { message: 'not valid JSON', backupPath: 'a.txt.annotations.json.broken.bak' } }))).toBe(
      'The annotations file cannot be read (not valid JSON). It was left untouched and a copy kept at a.txt.annotations.json.broken.bak; annotations are read-only until it is fixed.',
    );
    expect(readOnlyReasonOf(opened({ sourceChanged: true }))).toMatch(/could not be re-anchored/u);
  });

  it('is read-only, naming the file and how many spans, when spans do not fit the text', () => {
    const message = 'a.txt.annotations.json: 2 annotations do not fit the text: annotation "a3" …';
    expect(readOnlyReasonOf(opened({ spanProblems: { message, ids: ['a3', 'a2'] } }))).toBe(
      `${message}. The annotations are shown read-only and the file is left untouched: fix its offsets, or move it aside to start again.`,
    );
  });

  it('says the article can be read but its name is too long for an annotations file, with the limit', () => {
    const path = `${'b'.repeat(236)}.txt`;
    const reason = readOnlyReasonOf(opened({ path, sidecar: null, sidecarProblem: { message: `${path}.annotations.json: the file name is too long (ENAMETOOLONG)` } }));
    expect(reason).toMatch(/can be read but not annotated: .* 257 bytes long, over the 255 bytes a file name may have\. Rename the article to at most 238 bytes/u);
    expect(reason).not.toMatch(/cannot be read/u);
  });
});

describe('DocumentSession with its disk', () => {
  it('a read-only session changes nothing and writes nothing', async () => {
    const { api, calls } = fakeApi();
    const session = new DocumentSession(opened({ sidecarProblem: { message: 'broken' } }), api);
    expect(session.addAnnotation('PERSON', 'entity', 4, 7)).toBeNull();
    session.setStatus('done');
    await session.flush();
    expect(calls).toEqual([]);
    expect(session.getSnapshot()).toMatchObject({ readOnly: true, save: { kind: 'read-only' }, status: 'todo', canUndo: false });
  });

  it('merges a file another program changed instead of overwriting it, and says so', async () => {
    const corpus = new FakeCorpus({ 'a.txt': 'Kim met Lee in Seoul.' });
    const app = new FakeApp(corpus, { reload: (p) => corpus.read(p) });
    await app.open('a.txt');
    app.current.addAnnotation('PERSON', 'entity', 0, 3);
    await app.current.flush();
    // Another analyst tags Lee and marks the document done, while this one tags Seoul.
    const other = corpus.sidecar('a.txt')!;
    corpus.externalWrite('a.txt', { ...other, status: 'done', annotations: [...other.annotations, { ...ann('theirs'), start: 8, end: 11, text: 'Lee' }] });
    app.current.addAnnotation('GPE', 'entity', 15, 20);
    await app.current.flush();
    const saved = corpus.sidecar('a.txt')!;
    expect(saved.status).toBe('done');
    expect(saved.annotations.map((a) => a.text).sort()).toEqual(['Kim', 'Lee', 'Seoul']);
    expect(app.current.getSnapshot()).toMatchObject({ save: { kind: 'saved' }, notice: expect.stringMatching(/merged \(1 change from disk, 1 from here\)/u) });
    // The watcher's report of the app's own write is ignored; another program's is merged.
    await app.current.onSidecarChangedOnDisk(fakeHash(corpus.sidecars.get('a.txt')!));
    corpus.externalWrite('a.txt', { ...saved, status: 'in-progress' });
    await app.current.onSidecarChangedOnDisk(fakeHash(corpus.sidecars.get('a.txt')!));
    expect(app.current.getSnapshot().status).toBe('in-progress');
  });

  it('a failed save keeps the change in the app, says why, and keeps the document open', async () => {
    const corpus = new FakeCorpus({ 'a.txt': 'Kim met Lee.', 'b.txt': 'Other.' });
    const app = new FakeApp(corpus);
    await app.open('a.txt');
    const save = corpus.save;
    corpus.save = () => Promise.reject(new Error('Could not save a.txt.annotations.json: no space left on the disk. The previous version of the file is intact'));
    app.current.addAnnotation('PERSON', 'entity', 0, 3);
    expect(await app.open('b.txt')).toBe(false);
    expect(app.current.getSnapshot()).toMatchObject({ doc: { path: 'a.txt' }, save: { kind: 'failed', message: expect.stringContaining('no space left') } });
    expect(app.current.hasUnsavedChanges).toBe(true);
    corpus.save = save;
    expect(await app.open('b.txt')).toBe(true);
    expect(corpus.sidecar('a.txt')?.annotations.map((a) => a.text)).toEqual(['Kim']);
  });
});
