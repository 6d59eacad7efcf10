// Events and equivalence groups never dangle: deleting what they name changes
// them in the same undo step, and undo brings them back.
import { describe, expect, it } from 'vitest';
import { createAnnotation } from './annotations';
import { deleteAnnotation, deleteEvent, deleteOrphan, replaceAll } from './document-edits';
import { pruneEvents, removeEvent, triggerIds } from './events';
import { AnnotationHistory, type HistoryState } from './history';
import { mergeDocumentStates } from './merge';
import { decideConflict } from './merge3/decide-conflict';
import { mergeSidecars } from './merge3/merge-sidecar';
import { TextIndex } from './offsets';
import { checkReferences, emptySidecar, parseSidecar, serializeSidecar } from './sidecar/sidecar-io';
import type { Sidecar } from './sidecar/sidecar-schema';

const TEXT = 'IL-2 binds the receptor and TRAF2, which regulates expression.';
const index = new TextIndex(TEXT);
const NOW = '2026-01-01T00:00:00.000Z';
const span = (id: string, label: string, word: string) => {
  const start = TEXT.indexOf(word);
  return createAnnotation(index, { id, type: 'entity', label, start, end: start + word.length, now: NOW });
};

const STATE: HistoryState = {
  status: 'todo',
  orphans: [],
  annotations: [span('p1', 'Protein', 'IL-2'), span('t1', 'Binding', 'binds'), span('p2', 'Protein', 'TRAF2'), span('t2', 'Regulation', 'regulates'), span('p3', 'Protein', 'receptor')],
  relations: [],
  events: [
    { id: 'e1', type: 'Binding', trigger: 't1', arguments: [{ role: 'Theme', ref: 'p1' }, { role: 'Theme2', ref: 'p3' }] },
    { id: 'e2', type: 'Regulation', trigger: 't2', arguments: [{ role: 'Cause', ref: 'p2' }, { role: 'Theme', ref: 'e1' }], note: 'nested' },
  ],
  equivalences: [{ type: 'Equiv', members: ['p1', 'p2', 'p3'] }],
};

function valid(state: HistoryState): string | null {
  return checkReferences({ annotations: [...state.annotations], relations: [...state.relations], orphans: [...(state.orphans ?? [])], events: [...(state.events ?? [])], equivalences: [...(state.equivalences ?? [])] });
}

describe('deleting what events name', () => {
  it('deleting an argument removes it from its event and its group; undo brings both back', () => {
    expect(valid(STATE)).toBeNull();
    const history = new AnnotationHistory(STATE);
    const edit = deleteAnnotation(STATE, 'p3', NOW);
    if (!edit) throw new Error('not deleted');
    history.apply(edit);
    expect(history.state.events?.[0]?.arguments).toEqual([{ role: 'Theme', ref: 'p1' }]);
    expect(history.state.equivalences).toEqual([{ type: 'Equiv', members: ['p1', 'p2'] }]);
    expect(valid(history.state)).toBeNull();
    history.undo();
    expect(history.state).toBe(STATE);
  });

  it('deleting a trigger removes its event and that event\'s place as an argument of another', () => {
    const edit = deleteAnnotation(STATE, 't1', NOW);
    expect(edit?.next.events).toEqual([{ id: 'e2', type: 'Regulation', trigger: 't2', arguments: [{ role: 'Cause', ref: 'p2' }], note: 'nested' }]);
    expect(edit && valid(edit.next)).toBeNull();
  });

  it('a group left with one member goes', () => {
    const two = { ...STATE, equivalences: [{ type: 'Equiv', members: ['p1', 'p2'] }] };
    expect(deleteAnnotation(two, 'p1', NOW)?.next.equivalences).toEqual([]);
  });

  it('deleting an orphan that was an argument removes the argument too', () => {
    const [p3, ...rest] = [STATE.annotations[4], ...STATE.annotations.slice(0, 4)];
    if (!p3) throw new Error('fixture');
    const state = { ...STATE, annotations: rest, orphans: [p3] };
    expect(valid(state)).toBeNull();
    const next = deleteOrphan(state, 'p3', NOW)?.next;
    expect(next?.events?.[0]?.arguments.map((a) => a.ref)).toEqual(['p1']);
    expect(next && valid(next)).toBeNull();
  });

  it('a curated merge (every annotation replaced) carries events through the id map and drops what is gone', () => {
    // p1 becomes q1, t1 becomes u1, p3 is gone; the others keep their ids.
    const idMap = new Map([['p1', 'q1'], ['t1', 'u1'], ['p2', 'p2'], ['t2', 't2']]);
    const replaced = STATE.annotations.filter((a) => a.id !== 'p3').map((a) => ({ ...a, id: idMap.get(a.id) ?? a.id }));
    const next = replaceAll(STATE, replaced, 'Merge', idMap)?.next;
    expect(next?.events?.map((e) => [e.trigger, e.arguments.map((a) => a.ref)])).toEqual([['u1', ['q1']], ['t2', ['p2', 'e1']]]);
    expect(next?.equivalences).toEqual([{ type: 'Equiv', members: ['q1', 'p2'] }]);
    expect(next && valid(next)).toBeNull();
  });

  it('taking theirs deletion in a git merge conflict removes the argument too', () => {
    const p3 = STATE.annotations.find((a) => a.id === 'p3') ?? null;
    const state = { ...STATE, conflicts: [{ kind: 'annotation' as const, id: 'p3', base: p3, ours: p3, theirs: null }] };
    const next = decideConflict(state, 'annotation', 'p3', 'theirs');
    if (typeof next === 'string') throw new Error(next);
    expect(next.events?.[0]?.arguments.map((a) => a.ref)).toEqual(['p1']);
    expect(valid(next)).toBeNull();
  });

  it('deleting an event keeps its trigger as a span and removes it as an argument of another', () => {
    const edit = deleteEvent(STATE, 'e1');
    expect(edit?.description).toBe('Delete event Binding');
    expect(edit?.next.annotations).toBe(STATE.annotations);
    expect(edit?.next.events?.map((e) => [e.id, e.arguments.map((a) => a.ref)])).toEqual([['e2', ['p2']]]);
    expect(deleteEvent(STATE, 'nope')).toBeNull();
  });

  it('pruning changes nothing (the same object) when everything named is there', () => {
    expect(pruneEvents(STATE, new Set(STATE.annotations.map((a) => a.id)))).toBe(STATE);
    expect(removeEvent(STATE, 'nope')).toBe(STATE);
    expect(removeEvent(STATE, 'e1').events).toEqual([{ ...STATE.events?.[1], arguments: [{ role: 'Cause', ref: 'p2' }] }]);
    expect([...triggerIds(STATE.events)]).toEqual(['t1', 't2']);
  });
});

describe('events in the sidecar', () => {
  const sidecar: Sidecar = { ...emptySidecar({ name: 'a.txt', sha256: '0'.repeat(64), length: index.length }), annotations: [...STATE.annotations], relations: [], events: [...(STATE.events ?? [])], equivalences: [...(STATE.equivalences ?? [])] };

  it('are written in their order and read back the same', () => {
    const text = serializeSidecar(sidecar);
    const parsed = parseSidecar(text);
    expect(parsed.ok && parsed.sidecar.events).toEqual(STATE.events);
    expect(parsed.ok && parsed.sidecar.equivalences).toEqual(STATE.equivalences);
    expect(parsed.ok && serializeSidecar(parsed.sidecar)).toBe(text);
  });

  it('an event id may not repeat an annotation id, and a trigger must be an annotation', () => {
    expect(parseSidecar(serializeSidecar({ ...sidecar, events: [{ id: 'p1', type: 'X', trigger: 't1', arguments: [] }] }))).toMatchObject({ ok: false, message: 'event id "p1" is used twice' });
    expect(parseSidecar(serializeSidecar({ ...sidecar, events: [{ id: 'e9', type: 'X', trigger: 'e1', arguments: [] }] }))).toMatchObject({ ok: false, message: 'event "e9" has trigger "e1", which is not an annotation' });
  });

  it('a disk merge keeps events added on either side, and drops what names an annotation the other side deleted', () => {
    const mine = { ...STATE, events: [...(STATE.events ?? []), { id: 'e3', type: 'Binding', trigger: 't1', arguments: [{ role: 'Theme', ref: 'p2' }] }] };
    const theirs = { ...STATE, annotations: STATE.annotations.filter((a) => a.id !== 'p1') };
    const { merged } = mergeDocumentStates(STATE, mine, theirs);
    expect(merged.events?.map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
    expect(merged.events?.[0]?.arguments.map((a) => a.ref)).toEqual(['p3']);
    expect(valid(merged)).toBeNull();
  });

  it('a git merge keeps both sides\' new events and groups', () => {
    const ours: Sidecar = { ...sidecar, events: [...(sidecar.events ?? []), { id: 'e3', type: 'Binding', trigger: 't1', arguments: [] }] };
    const theirs: Sidecar = { ...sidecar, equivalences: [...(sidecar.equivalences ?? []), { type: 'Equiv', members: ['t1', 't2'] }] };
    const { sidecar: out } = mergeSidecars(sidecar, ours, theirs);
    expect(out.events?.map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
    expect(out.equivalences).toHaveLength(2);
  });
});
