// A document's search record after a save made from a change list, made from
// what the change removed and added: a tag's save of the 1 MB article with
// 5,000 annotations re-made all 5,000 kept annotations, their filter keys and
// the notes' postings (~3 ms of main's time and most of its garbage). The
// record of the version the changes applied to is the starting point, known
// by the sidecar's hash; unchanged annotations keep their objects and their
// place, and anything that does not line up answers null: the caller then
// indexes the sidecar whole (SearchService.updateAnnotations).
import type MiniSearch from 'minisearch';
import { countInto } from '../../app/count-map';
import { forEachAnnotationKey, indexedAnnotationOf, notesText, recordWith, searchRecordOf, type IndexableSidecar, type IndexedAnnotation, type SearchRecord } from '../../app/search/document-model';
import { indexTerms } from '../../app/search/tokenize';
import type { WrittenDelta } from '../corpus/sidecar-write-types';
import { changeFieldTerms, replaceFieldTerms } from './notes-field';
import type { DocumentWords, WordCollector } from './word-index';

/** What a record's delta update needs beside the record: kept for records made from a sidecar the app wrote. */
export interface SavedAnnotations {
  /** SHA-256 of the sidecar the record holds. */
  sha256: string;
  /** How many annotations give each filter key (the record's keys are those above 0). */
  keyCounts: Map<string, number>;
  /** How often each term occurs in the notes field (its length is how many distinct ones). */
  noteTerms: Map<string, number>;
}

/** The state a record made whole from `annotations` (the notes field indexed with `noteTerms`) starts from. */
export function savedAnnotationsOf(sha256: string, annotations: readonly IndexedAnnotation[], noteTerms: readonly string[]): SavedAnnotations {
  const keyCounts = new Map<string, number>();
  const add = (key: string) => countInto(keyCounts, key, 1);
  for (const a of annotations) forEachAnnotationKey(a, add);
  const terms = new Map<string, number>();
  for (const t of noteTerms) countInto(terms, t, 1);
  return { sha256, keyCounts, noteTerms: terms };
}

/**
 * The record and words of `sidecar` (null: removed) made whole, the notes
 * field of `mini` replaced in place, and the state the next delta starts from
 * when the sidecar's hash `sha256` is known. Null, with nothing changed, when
 * the notes cannot be replaced in place (the caller reads the document again).
 */
export function recordWhole(
  mini: MiniSearch,
  collector: WordCollector,
  entry: { record: SearchRecord; words: DocumentWords },
  sidecar: IndexableSidecar | null,
  sha256: string | null,
): { record: SearchRecord; words: DocumentWords; saved?: SavedAnnotations } | null {
  const { path } = entry.record;
  const record = searchRecordOf(path, sidecar);
  const before = indexTerms(entry.record.annotations.map((a) => a.note ?? '').filter(Boolean).join('\n'));
  const after = indexTerms(notesText(sidecar));
  if (!replaceFieldTerms(mini, path, 'notes', before, after)) return null;
  const words = collector.withAnnotations(entry.words, record.annotations);
  return sha256 === null ? { record, words } : { record, words, saved: savedAnnotationsOf(sha256, record.annotations, after) };
}

/** The notes of these annotations, as the index's tokenizer gives them. */
function noteTermsOf(annotations: readonly IndexedAnnotation[]): string[] {
  const terms: string[] = [];
  for (const a of annotations) if (a.note) terms.push(...indexTerms(a.note));
  return terms;
}

/**
 * The record and words of document `path` after the save `written` (its
 * sidecar `sidecar`), from `record`/`words`, which hold the version the
 * changes applied to, and `saved`, their state; the notes field of `mini` is
 * updated in place and `saved` moves on to the new version. Null, with
 * nothing changed, when they do not line up (the caller indexes whole).
 */
export function recordAfterDelta(
  mini: MiniSearch,
  collector: WordCollector,
  entry: { record: SearchRecord; words: DocumentWords; saved: SavedAnnotations },
  sidecar: IndexableSidecar,
  written: { sha256: string; delta: WrittenDelta },
): { record: SearchRecord; words: DocumentWords; saved: SavedAnnotations } | null {
  const { record, words, saved } = entry;
  if (saved.sha256 !== written.delta.baseSha256) return null;
  const delta = written.delta.delta.annotations;
  const old = record.annotations;
  const next = sidecar.annotations;
  // A save adds one annotation or a few: comparing with each is quicker than a set for 5,000 lookups.
  const addedSet = delta.added.length <= 4 ? null : new Set<object>(delta.added);
  const isAdded = (a: object) => (addedSet ? addedSet.has(a) : delta.added.includes(a as (typeof delta.added)[number]));
  // Unchanged annotations are the same objects in the same order (applySidecarChanges): walk both lists once.
  const annotations: IndexedAnnotation[] = new Array<IndexedAnnotation>(next.length);
  const from = new Int32Array(next.length);
  const fresh: IndexedAnnotation[] = [];
  const gone: IndexedAnnotation[] = [];
  let j = 0;
  for (let i = 0; i < next.length; i++) {
    const a = next[i] as IndexableSidecar['annotations'][number];
    if (isAdded(a)) {
      const made = indexedAnnotationOf(a);
      annotations[i] = made;
      fresh.push(made);
      from[i] = -1;
      continue;
    }
    while (j < old.length && (old[j] as IndexedAnnotation).id !== a.id) gone.push(old[j++] as IndexedAnnotation);
    if (j === old.length) return null;
    annotations[i] = old[j] as IndexedAnnotation;
    from[i] = j++;
  }
  while (j < old.length) gone.push(old[j++] as IndexedAnnotation);
  if (gone.length !== delta.removed.length || fresh.length !== delta.added.length) return null;

  // The notes field: only the notes that left or came, and its length in distinct terms.
  const removedTerms = noteTermsOf(gone);
  const addedTerms = noteTermsOf(fresh);
  if (removedTerms.length || addedTerms.length) {
    const diff = new Map<string, number>();
    for (const t of removedTerms) countInto(diff, t, -1);
    for (const t of addedTerms) countInto(diff, t, 1);
    let distinctAfter = saved.noteTerms.size;
    for (const [t, d] of diff) {
      const before = saved.noteTerms.get(t) ?? 0;
      if (before === 0 && d > 0) distinctAfter++;
      else if (before > 0 && before + d === 0) distinctAfter--;
      else if (before + d < 0) return null;
    }
    const change = { removed: removedTerms, added: addedTerms, distinctBefore: saved.noteTerms.size, distinctAfter };
    if (!changeFieldTerms(mini, record.path, 'notes', change)) return null;
    for (const [t, d] of diff) countInto(saved.noteTerms, t, d);
  }
  const nextWords = collector.withChangedAnnotations(words, old.length, annotations, from) ?? collector.withAnnotations(words, annotations);
  for (const a of gone) forEachAnnotationKey(a, (key) => countInto(saved.keyCounts, key, -1));
  for (const a of fresh) forEachAnnotationKey(a, (key) => countInto(saved.keyCounts, key, 1));
  saved.sha256 = written.sha256;
  return { record: recordWith(record.path, sidecar, annotations, new Set(saved.keyCounts.keys())), words: nextWords, saved };
}
