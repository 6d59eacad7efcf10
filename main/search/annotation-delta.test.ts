// A save's delta in the search index (annotation-delta.ts): after any run of
// change lists, the record, the word sequence and the notes' postings are
// what indexing each saved sidecar whole gives.
import fc from 'fast-check';
import type MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import type { IndexedAnnotation } from '../../app/search/document-model';
import { applySidecarChangesWithDelta, type SidecarChanges } from '../../app/sidecar/sidecar-changes';
import { SIDECAR_FORMAT, SIDECAR_VERSION, type Annotation, type Sidecar } from '../../app/sidecar/sidecar-schema';
import { sha256 } from '../test-support';
import { SearchService, type SearchSource } from './search-service';

const TEXT = 'Kim met Lee in Seoul. The Space Force and Japan signed a pact about zebras in 東京.';
const OTHER = 'Another article, about zebras and the Space Force.';
const NEEDLES = ['Kim', 'Lee', 'Seoul', 'Space Force', 'Japan', 'zebras', '東京'];
const NOTES = ['zebras roam', 'a note on the pact', '東京 会議', 'Space Force review', 'zebras roam'];
const IDS = ['a', 'b', 'c', 'd', 'e', 'f'];

function annotation(id: string, needle: string, label: string, note?: string, author?: string, entity?: string): Annotation {
  const start = [...TEXT.slice(0, TEXT.indexOf(needle))].length;
  const a: Annotation = { id, type: label === 'CLAIM' ? 'claim' : 'entity', label, start, end: start + [...needle].length, text: needle, prefix: '', suffix: '' };
  if (note !== undefined) a.note = note;
  if (author !== undefined) a.author = author;
  if (entity !== undefined) a.entity = entity;
  return a;
}

const annotationArb = fc
  .tuple(fc.constantFrom(...IDS), fc.constantFrom(...NEEDLES), fc.constantFrom('PERSON', 'ORG', 'CLAIM'), fc.option(fc.constantFrom(...NOTES), { nil: undefined }), fc.option(fc.constantFrom('ana', 'Bo'), { nil: undefined }), fc.option(fc.constantFrom('e1', 'e2'), { nil: undefined }))
  .map(([id, needle, label, note, author, entity]) => annotation(id, needle, label, note, author, entity));
const changesArb: fc.Arbitrary<SidecarChanges> = fc.record(
  {
    status: fc.constantFrom('todo', 'in-progress', 'done') as fc.Arbitrary<Sidecar['status']>,
    annotations: fc.record({ put: fc.array(annotationArb, { maxLength: 3 }), remove: fc.array(fc.constantFrom(...IDS), { maxLength: 2 }) }),
  },
  { requiredKeys: ['annotations'] },
);

const sidecarOf = (annotations: Annotation[]): Sidecar => ({
  format: SIDECAR_FORMAT,
  version: SIDECAR_VERSION,
  source: { name: 'a.txt', sha256: 'a'.repeat(64), length: [...TEXT].length },
  status: 'todo',
  annotations,
  relations: [],
  orphans: [],
});

interface Internals {
  mini: MiniSearch & { _index: Map<string, Map<number, Map<number, number>>>; _idToShortId: Map<string, number>; _fieldIds: Record<string, number>; _fieldLength: Map<number, number[]>; _avgFieldLength: number[] };
  records: Map<string, { annotations: IndexedAnnotation[]; keys: ReadonlySet<string>; status: string; words: { seq: Uint16Array | Uint32Array; textLength: number } }>;
  dictionary: { terms: string[] };
}

/** What the index holds of document `path`, in terms (not ids, which differ from index to index). */
function holdings(search: SearchService, path: string) {
  const s = search as unknown as Internals;
  const record = s.records.get(path);
  if (!record) throw new Error(`${path} not indexed`);
  const shortId = s.mini._idToShortId.get(path) as number;
  const notes = s.mini._fieldIds.notes as number;
  const postings: [string, number][] = [];
  // SearchableMap iterates as [term, data].
  for (const [term, data] of s.mini._index as unknown as Iterable<[string, Map<number, Map<number, number>>]>) {
    const tf = data.get(notes)?.get(shortId);
    if (tf !== undefined) postings.push([term, tf]);
  }
  postings.sort(([a], [b]) => (a < b ? -1 : 1));
  const separator = record.words.seq instanceof Uint16Array ? 0xffff : 0xffffffff;
  return {
    status: record.status,
    annotations: record.annotations,
    keys: [...record.keys].sort(),
    words: Array.from(record.words.seq, (id) => (id === separator ? '|' : s.dictionary.terms[id])),
    textLength: record.words.textLength,
    postings,
    notesLength: s.mini._fieldLength.get(shortId)?.[notes],
    averageNotes: s.mini._avgFieldLength[notes] as number,
  };
}

describe('a search record kept by deltas', () => {
  it('holds what indexing each saved sidecar whole holds, after any run of change lists', async () => {
    let deltas = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(changesArb, { minLength: 1, maxLength: 8 }), async (steps) => {
        const docs: Record<string, Sidecar> = { 'a.txt': sidecarOf([annotation('s', 'Seoul', 'GPE', 'zebras roam')]), 'b.txt': sidecarOf([]) };
        const source: SearchSource = {
          root: '/in-memory',
          listPaths: async () => ['a.txt', 'b.txt'],
          signature: async () => 'same',
          read: async (path) => ({ text: path === 'a.txt' ? TEXT : OTHER, sidecar: docs[path] as Sidecar, signature: 'same' }),
          readText: async (path) => (path === 'a.txt' ? TEXT : OTHER),
        };
        const kept = new SearchService(source);
        const whole = new SearchService(source);
        await kept.build();
        await whole.build();
        let sidecar = docs['a.txt'] as Sidecar;
        let sha = sha256('0');
        // The first save is indexed whole (nothing known of the version read from disk); the next ones by delta.
        await kept.updateAnnotations('a.txt', sidecar, { sha256: sha });
        for (const [i, changes] of steps.entries()) {
          const applied = applySidecarChangesWithDelta(sidecar, changes);
          const before = (kept as unknown as Internals).records.get('a.txt')?.annotations ?? [];
          const next = sha256(String(i + 1));
          await kept.updateAnnotations('a.txt', applied.sidecar, { sha256: next, delta: { baseSha256: sha, delta: applied.delta } });
          // Taken by delta: the annotations it did not change are the same objects as before.
          const after = (kept as unknown as Internals).records.get('a.txt')?.annotations ?? [];
          if (after.some((a) => before.includes(a))) deltas++;
          sidecar = applied.sidecar;
          sha = next;
          await whole.updateAnnotations('a.txt', sidecar);
          const k = holdings(kept, 'a.txt');
          const w = holdings(whole, 'a.txt');
          expect({ ...k, averageNotes: 0 }).toEqual({ ...w, averageNotes: 0 });
          expect(k.averageNotes).toBeCloseTo(w.averageNotes, 9);
          docs['a.txt'] = sidecar;
        }
        // And it answers as a fresh build over the same sidecars does.
        const fresh = new SearchService(source);
        await fresh.build();
        for (const q of ['zebras', 'roam', '会議', 'label:ORG', 'author:bo', 'entity:e1', '"Space Force review"', 'pact']) {
          const answer = async (s: SearchService) => (await s.search(q)).results.map((r) => [r.path, r.score, r.annotationHits.map((h) => h.annotationId)]);
          expect(await answer(kept)).toEqual(await answer(fresh));
        }
      }),
      { numRuns: 60 },
    );
    expect(deltas).toBeGreaterThan(30);
  });

  it('indexes whole a save whose base is not the version it holds', async () => {
    const source: SearchSource = {
      root: '/in-memory',
      listPaths: async () => ['a.txt'],
      signature: async () => 'same',
      read: async () => ({ text: TEXT, sidecar: sidecarOf([annotation('s', 'Seoul', 'GPE')]), signature: 'same' }),
      readText: async () => TEXT,
    };
    const search = new SearchService(source);
    await search.build();
    const base = sidecarOf([annotation('s', 'Seoul', 'GPE')]);
    await search.updateAnnotations('a.txt', base, { sha256: sha256('base') });
    // Changes applied to another version (the file changed on disk meanwhile): the sidecar written is taken whole.
    const elsewhere = sidecarOf([annotation('k', 'Kim', 'PERSON', 'zebras roam')]);
    const applied = applySidecarChangesWithDelta(elsewhere, { annotations: { put: [annotation('j', 'Japan', 'GPE')], remove: [] } });
    await search.updateAnnotations('a.txt', applied.sidecar, { sha256: sha256('next'), delta: { baseSha256: sha256('other'), delta: applied.delta } });
    expect((await search.search('zebras')).results.map((r) => r.annotationHits.map((h) => h.annotationId))).toEqual([['k']]);
    expect((await search.search('label:GPE')).results.map((r) => r.annotationHits.map((h) => h.annotationId))).toEqual([['j']]);
  });
});
