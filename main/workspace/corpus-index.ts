// One record per document of the open corpus, kept by the workspace: what the
// document list shows, and what entity mentions, counts and stats need of its
// sidecar. Built while the corpus is listed, then kept up to date from the
// sidecar the app just wrote (never read back) and from the watcher's deltas,
// so none of those features reads every sidecar again. A save made from a
// change list updates the summary by what it removed and added (a tag's save
// of a 5,000-annotation sidecar recounted all of them). No Electron, no files.
import type { DocumentEntry, EntityMention } from '../../app/ipc/contract';
import type { SidecarDelta } from '../../app/sidecar/sidecar-changes';
import type { Annotation, Sidecar } from '../../app/sidecar/sidecar-schema';
import { countLabels } from '../../app/search/filter-documents';
import { countInto } from '../../app/count-map';
import type { WrittenDelta } from '../corpus/sidecar-write-types';

/** An annotation linked to an entity, as the entity's mention list shows it. */
export type EntityLink = Omit<EntityMention, 'path'> & { entity: string };

/** What stats and entity features need of one sidecar (the annotations themselves are not kept). */
export interface SidecarSummary {
  annotations: number;
  relations: number;
  orphans: number;
  /** `${type}\0${label}` → count. */
  labels: Map<string, number>;
  /** Claims by stance and by status ('none' when unset). */
  stances: Map<string, number>;
  statuses: Map<string, number>;
  /** Annotations per author (null: none recorded). */
  authors: Map<string | null, number>;
  relationTypes: Map<string, number>;
  /** By annotation id. */
  links: Map<string, EntityLink>;
}

/** One document of the corpus as the index holds it. */
export interface IndexedDocument {
  entry: DocumentEntry;
  /** Changes when the document or its sidecar does: `<size>@<mtime>|<sidecar SHA-256 or ->`. */
  signature: string;
  /** Null: no sidecar, or one that cannot be read (entry.sidecarProblem says why). */
  summary: SidecarSummary | null;
}

/**
 * A document as the corpus service read it: its list entry and the summary
 * of its sidecar (made as each sidecar is read, so the parsed sidecars of a
 * whole corpus are never all held at once: keeping them until the listing
 * ended made the garbage collector copy 200,000 annotations).
 */
export interface DocumentRecord {
  entry: DocumentEntry;
  signature: string;
  /** Null: no sidecar, or one that cannot be read (entry.sidecarProblem says why). */
  summary: SidecarSummary | null;
  /** Reached through a symlink inside the corpus: the same file may be listed under another path too. */
  linked?: true;
}

/** Counts one annotation into `s` (by 1) or out of it (by -1). */
function countAnnotation(s: SidecarSummary, a: Annotation, by: 1 | -1): void {
  countInto(s.labels, `${a.type}\u0000${a.label}`, by);
  if (a.type === 'claim') {
    countInto(s.stances, a.stance ?? 'none', by);
    countInto(s.statuses, a.status ?? 'none', by);
  }
  countInto(s.authors, a.author ?? null, by);
  if (a.entity === undefined) return;
  if (by < 0) s.links.delete(a.id);
  else s.links.set(a.id, { entity: a.entity, annotationId: a.id, text: a.text, start: a.start, end: a.end, label: a.label, prefix: a.prefix, suffix: a.suffix });
}

/**
 * `s`, the summary of the sidecar a change list was applied to, updated in
 * place to summarise `sidecar`, its result: only what `delta` removed and
 * added is counted (equal to summarizeSidecar(sidecar), map order aside).
 */
export function applySummaryDelta(s: SidecarSummary, sidecar: Sidecar, delta: SidecarDelta): void {
  s.annotations = sidecar.annotations.length;
  s.relations = sidecar.relations.length;
  s.orphans = sidecar.orphans?.length ?? 0;
  for (const a of delta.annotations.removed) countAnnotation(s, a, -1);
  for (const a of delta.annotations.added) countAnnotation(s, a, 1);
  for (const r of delta.relations.removed) countInto(s.relationTypes, r.type, -1);
  for (const r of delta.relations.added) countInto(s.relationTypes, r.type, 1);
}

export function summarizeSidecar(sidecar: Sidecar): SidecarSummary {
  const s: SidecarSummary = {
    annotations: sidecar.annotations.length,
    relations: sidecar.relations.length,
    orphans: sidecar.orphans?.length ?? 0,
    labels: new Map(),
    stances: new Map(),
    statuses: new Map(),
    authors: new Map(),
    relationTypes: new Map(),
    links: new Map(),
  };
  for (const a of sidecar.annotations) countAnnotation(s, a, 1);
  for (const r of sidecar.relations) countInto(s.relationTypes, r.type);
  return s;
}

const byKey = ([a]: [string, number], [b]: [string, number]) => (a < b ? -1 : a > b ? 1 : 0);

/** Annotations per label, keys in label order: the same object whether counted afresh or from a summary kept by deltas. */
function labelCountsOf(sidecar: Sidecar, summary?: SidecarSummary): Record<string, number> {
  if (!summary) return Object.fromEntries(Object.entries(countLabels(sidecar.annotations)).sort(byKey));
  const counts = new Map<string, number>();
  for (const [key, n] of summary.labels) {
    const label = key.slice(key.indexOf('\u0000') + 1);
    counts.set(label, (counts.get(label) ?? 0) + n);
  }
  // Own properties: labels are user text ("__proto__" counts like any other).
  return Object.fromEntries([...counts].sort(byKey));
}

/** The list entry's fields that come from the sidecar, set on a copy of `entry`; `summary`: the sidecar's, when at hand. */
export function entryWithSidecar(entry: DocumentEntry, sidecar: Sidecar | null, summary?: SidecarSummary): DocumentEntry {
  const { sidecarProblem: _p, labelCounts: _l, orphanCount: _o, categories: _c, ...rest } = entry;
  const out: DocumentEntry = { ...rest, annotationCount: sidecar?.annotations.length ?? 0, status: sidecar?.status ?? 'todo' };
  if (!sidecar) return out;
  if (sidecar.annotations.length) out.labelCounts = labelCountsOf(sidecar, summary);
  if (sidecar.orphans?.length) out.orphanCount = sidecar.orphans.length;
  if (sidecar.categories?.length) out.categories = sidecar.categories;
  return out;
}

/** The signature with its sidecar part replaced (a save: the source did not change). */
function withSidecarSignature(signature: string, sidecarSha256: string | null): string {
  const bar = signature.indexOf('|');
  return `${bar === -1 ? signature : signature.slice(0, bar)}|${sidecarSha256 ?? '-'}`;
}

export function indexedDocument(record: DocumentRecord): IndexedDocument {
  return { entry: record.entry, signature: record.signature, summary: record.summary };
}

const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class CorpusIndex {
  private readonly docs = new Map<string, IndexedDocument>();
  /** Sorted paths, rebuilt lazily after an addition or removal. */
  private order: string[] | null = [];

  /** Replaces everything with a fresh listing of the corpus. */
  replaceAll(records: Iterable<DocumentRecord>): void {
    this.docs.clear();
    for (const r of records) this.docs.set(r.entry.path, indexedDocument(r));
    this.order = null;
  }

  /** A document (re)read from disk: a watcher delta, or a write whose sidecar is not at hand. Null: it left the corpus. */
  put(path: string, record: DocumentRecord | null): void {
    if (record === null) {
      if (this.docs.delete(path)) this.order = null;
      return;
    }
    if (!this.docs.has(path)) this.order = null;
    this.docs.set(path, indexedDocument(record));
  }

  /**
   * The app wrote (or removed: null) the sidecar of `path`: the record is
   * updated from what was written, nothing is read. A document the index does
   * not hold yet is left for the next listing. With `delta` (the write applied
   * a change list to the version hashed `delta.baseSha256`) and the record of
   * that very version, only what the changes removed and added is counted.
   */
  sidecarWritten(path: string, sidecar: Sidecar | null, sidecarSha256: string | null, delta?: WrittenDelta): void {
    const doc = this.docs.get(path);
    if (!doc) return;
    if (sidecar && delta && doc.summary && !doc.entry.sidecarProblem && doc.signature.endsWith(`|${delta.baseSha256}`)) {
      applySummaryDelta(doc.summary, sidecar, delta.delta);
      this.docs.set(path, { entry: entryWithSidecar(doc.entry, sidecar, doc.summary), signature: withSidecarSignature(doc.signature, sidecarSha256), summary: doc.summary });
      return;
    }
    this.docs.set(path, {
      entry: entryWithSidecar(doc.entry, sidecar),
      signature: withSidecarSignature(doc.signature, sidecarSha256),
      summary: sidecar ? summarizeSidecar(sidecar) : null,
    });
  }

  get(path: string): IndexedDocument | undefined {
    return this.docs.get(path);
  }

  get size(): number {
    return this.docs.size;
  }

  /** Every document, sorted by path. */
  documents(): IndexedDocument[] {
    this.order ??= [...this.docs.keys()].sort(byPath);
    return this.order.map((p) => this.docs.get(p) as IndexedDocument);
  }

  /** The document list's entries, sorted by path. */
  entries(): DocumentEntry[] {
    return this.documents().map((d) => d.entry);
  }
}

/** What serves indexed documents: the workspace's index, kept up to date. */
export interface IndexSource {
  readonly root: string;
  indexedDocuments(): Promise<readonly IndexedDocument[]>;
}

/** A corpus service (the command line, tests): each call lists the corpus once, reading each sidecar once. */
export interface ListingSource {
  readonly root: string;
  listDocumentRecords(): Promise<DocumentRecord[]>;
}

/** The indexed documents of either source, sorted by path. */
export async function indexedDocumentsOf(source: IndexSource | ListingSource): Promise<readonly IndexedDocument[]> {
  if ('indexedDocuments' in source) return source.indexedDocuments();
  return (await source.listDocumentRecords()).map(indexedDocument);
}
