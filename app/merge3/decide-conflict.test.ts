import { describe, expect, it } from 'vitest';
import type { HistoryState } from '../history';
import { mergeDocumentStates } from '../merge';
import { applySidecarChanges, diffSidecarState } from '../sidecar/sidecar-changes';
import { SIDECAR_FORMAT, SIDECAR_VERSION, type Annotation, type Conflict, type Sidecar } from '../sidecar/sidecar-schema';
import { decideConflict } from './decide-conflict';

const ann = (id: string, label: string, more: Partial<Annotation> = {}): Annotation => ({ id, type: 'entity', label, start: 0, end: 3, text: 'abc', prefix: '', suffix: '', ...more });
const onA: Conflict = { kind: 'annotation', id: 'a', base: ann('a', 'PERSON'), ours: ann('a', 'ORG'), theirs: ann('a', 'GPE') };
const state = (more: Partial<HistoryState> = {}): HistoryState => ({
  annotations: [ann('a', 'ORG'), ann('b', 'PERSON')],
  relations: [{ id: 'r', type: 'rel', from: 'a', to: 'b' }],
  status: 'done',
  conflicts: [onA],
  ...more,
});

describe('decideConflict', () => {
  it('keeping ours leaves the lists and removes the entry; taking theirs puts theirs in place', () => {
    expect(decideConflict(state(), 'annotation', 'a', 'ours')).toEqual({ ...state(), conflicts: [] });
    const theirs = decideConflict(state(), 'annotation', 'a', 'theirs') as HistoryState;
    expect(theirs.annotations).toEqual([ann('a', 'GPE'), ann('b', 'PERSON')]);
    expect(theirs.conflicts).toEqual([]);
  });

  it('taking a deletion removes the annotation with its relations; taking an edit of one ours deleted brings it back', () => {
    const deleted: Conflict = { ...onA, theirs: null };
    const gone = decideConflict(state({ conflicts: [deleted] }), 'annotation', 'a', 'theirs') as HistoryState;
    expect(gone.annotations.map((a) => a.id)).toEqual(['b']);
    expect(gone.relations).toEqual([]);
    const back = decideConflict(state({ annotations: [ann('b', 'PERSON')], relations: [], conflicts: [{ ...onA, ours: null }] }), 'annotation', 'a', 'theirs') as HistoryState;
    expect(back.annotations.map((a) => a.id)).toEqual(['b', 'a']);
  });

  it('refuses a relation version whose end is gone, and decides the status', () => {
    const rel: Conflict = { kind: 'relation', id: 'r', base: null, ours: { id: 'r', type: 'rel', from: 'a', to: 'b' }, theirs: { id: 'r', type: 'rel', from: 'a', to: 'zz' } };
    expect(decideConflict(state({ conflicts: [rel] }), 'relation', 'r', 'theirs')).toMatch(/no longer in this document/);
    const status: Conflict = { kind: 'status', id: 'status', base: 'todo', ours: 'done', theirs: 'in-progress' };
    expect((decideConflict(state({ conflicts: [status] }), 'status', 'status', 'theirs') as HistoryState).status).toBe('in-progress');
    expect(decideConflict(state(), 'status', 'status', 'ours')).toMatch(/no conflict/);
  });
});

describe('deciding an event conflict', () => {
  const event = { id: 'E1', type: 'Attack', trigger: 'a', arguments: [{ role: 'Target', ref: 'b' }] };
  const onE = (theirs: Conflict['theirs']): Conflict => ({ kind: 'event', id: 'E1', base: event, ours: { ...event, type: 'Bombing' }, theirs } as Conflict);
  it('takes theirs in place of ours, or deletes it with its place in groups; keeping ours only clears the entry', () => {
    const s = state({ events: [{ ...event, type: 'Bombing' }], conflicts: [onE({ ...event, arguments: [] })] });
    expect((decideConflict(s, 'event', 'E1', 'theirs') as HistoryState).events).toEqual([{ ...event, arguments: [] }]);
    expect(decideConflict(s, 'event', 'E1', 'ours')).toEqual({ ...s, conflicts: [] });
    const grouped = state({ events: [{ ...event, type: 'Bombing' }], equivalences: [{ type: 'Equiv', members: ['E1', 'a'] }], conflicts: [onE(null)] });
    const gone = decideConflict(grouped, 'event', 'E1', 'theirs') as HistoryState;
    expect(gone.events).toEqual([]);
    expect(gone.equivalences).toEqual([]);
  });
  it('refuses a version whose trigger or argument is no longer in the document', () => {
    const s = state({ events: [{ ...event, type: 'Bombing' }], conflicts: [onE({ ...event, arguments: [{ role: 'Target', ref: 'zz' }] })] });
    expect(decideConflict(s, 'event', 'E1', 'theirs')).toMatch(/no longer in this document/);
  });
});

describe('conflicts through the app’s saves and its merge with changes on disk', () => {
  it('a decision is sent as the whole list; no decision sends nothing; applied, it replaces the file’s', () => {
    const before = state();
    const after = decideConflict(before, 'annotation', 'a', 'ours') as HistoryState;
    expect(diffSidecarState(before, { ...before, status: 'todo' }).conflicts).toBeUndefined();
    expect(diffSidecarState(before, after).conflicts).toEqual([]);
    const file: Sidecar = { format: SIDECAR_FORMAT, version: SIDECAR_VERSION, source: { name: 'a.txt', sha256: 'a'.repeat(64), length: 9 }, status: 'done', annotations: [], relations: [], conflicts: [onA] };
    expect(applySidecarChanges(file, { status: 'todo' }).conflicts).toEqual([onA]);
    expect(applySidecarChanges(file, diffSidecarState(before, after)).conflicts).toEqual([]);
  });

  it('conflicts a git merge wrote while the document was open are kept when the app merges the file from disk', () => {
    const base = state({ conflicts: [] });
    const mine = { ...base, status: 'in-progress' as const };
    const theirs = { ...base, conflicts: [onA] };
    expect(mergeDocumentStates(base, mine, theirs).merged.conflicts).toEqual([onA]);
    // …and one decided here stays decided.
    expect(mergeDocumentStates(theirs, { ...theirs, conflicts: [] }, theirs).merged.conflicts).toEqual([]);
  });
});
