// `marginalia stats`: documents, annotations per label, relations, claims by
// stance and status, progress by document status, and documents per document label.
import { sidecarNameFor } from '../../app/sidecar/sidecar-io';
import { indexedDocumentsOf, type IndexSource, type ListingSource } from '../workspace/corpus-index';
import { CLAIM_STATUSES, DOCUMENT_STATUSES, STANCES, type Category, type DocumentStatus } from '../../app/sidecar/sidecar-schema';
import { categoryKey, compareCategories } from '../../app/categories';

export interface CorpusStats {
  corpus: string;
  documents: { text: number; unsupported: number; annotated: number };
  /** Text documents by status (a document without a sidecar is "todo"). */
  progress: Record<DocumentStatus, number>;
  annotations: number;
  /** Annotation counts by type, then label, most frequent first. */
  labels: { type: 'entity' | 'claim'; label: string; count: number }[];
  relations: number;
  relationTypes: { type: string; count: number }[];
  claims: { stance: Record<string, number>; status: Record<string, number> };
  orphans: number;
  /** Annotations by author (null: no author recorded), most first, with how many documents each annotated. */
  annotators: { author: string | null; count: number; documents: number }[];
  /** Documents per document label and value (value absent for a label without values), by name then value. */
  categories: { name: string; value?: string; count: number }[];
  /** Sidecars that could not be read, naming the file: their documents are counted as todo. */
  unreadable: string[];
}

function sortedCounts<K extends string>(m: Map<K, number>): [K, number][] {
  return [...m].sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : ka > kb ? 1 : 0));
}

/** The corpus's stats from its index (the workspace's, or one listing of the corpus): no sidecar is read twice. */
export async function corpusStats(source: IndexSource | ListingSource): Promise<CorpusStats> {
  const documents = await indexedDocumentsOf(source);
  const stats: CorpusStats = {
    corpus: source.root,
    documents: { text: 0, unsupported: 0, annotated: 0 },
    progress: Object.fromEntries(DOCUMENT_STATUSES.map((s) => [s, 0])) as Record<DocumentStatus, number>,
    annotations: 0,
    labels: [],
    relations: 0,
    relationTypes: [],
    claims: {
      stance: Object.fromEntries([...STANCES, 'none'].map((s) => [s, 0])),
      status: Object.fromEntries([...CLAIM_STATUSES, 'none'].map((s) => [s, 0])),
    },
    orphans: 0,
    annotators: [],
    categories: [],
    unreadable: [],
  };
  const authors = new Map<string | null, { count: number; documents: number }>();
  const labels = new Map<string, number>();
  const relationTypes = new Map<string, number>();
  const categories = new Map<string, { category: Category; count: number }>();
  const add = <K>(into: Map<K, number>, from: Map<K, number>) => {
    for (const [k, n] of from) into.set(k, (into.get(k) ?? 0) + n);
  };
  for (const { entry: e, summary } of documents) {
    if (e.kind !== 'text') {
      stats.documents.unsupported++;
      continue;
    }
    stats.documents.text++;
    if (e.sidecarProblem) {
      stats.unreadable.push(`${sidecarNameFor(e.path)}: ${e.sidecarProblem}`);
      stats.progress.todo++;
      continue;
    }
    stats.progress[e.status]++;
    for (const c of e.categories ?? []) categories.set(categoryKey(c), { category: c, count: (categories.get(categoryKey(c))?.count ?? 0) + 1 });
    if (!summary) continue;
    if (summary.annotations > 0) stats.documents.annotated++;
    stats.annotations += summary.annotations;
    stats.relations += summary.relations;
    stats.orphans += summary.orphans;
    add(labels, summary.labels);
    for (const [stance, n] of summary.stances) stats.claims.stance[stance] = (stats.claims.stance[stance] ?? 0) + n;
    for (const [status, n] of summary.statuses) stats.claims.status[status] = (stats.claims.status[status] ?? 0) + n;
    for (const [author, n] of summary.authors) {
      const entry = authors.get(author) ?? { count: 0, documents: 0 };
      entry.count += n;
      entry.documents++;
      authors.set(author, entry);
    }
    add(relationTypes, summary.relationTypes);
  }
  stats.labels = sortedCounts(labels).map(([key, count]) => {
    const [type, label] = key.split('\u0000') as ['entity' | 'claim', string];
    return { type, label, count };
  });
  stats.labels.sort((a, b) => (a.type === b.type ? 0 : a.type === 'entity' ? -1 : 1) || b.count - a.count);
  stats.relationTypes = sortedCounts(relationTypes).map(([type, count]) => ({ type, count }));
  stats.annotators = [...authors]
    .map(([author, e]) => ({ author, ...e }))
    .sort((a, b) => b.count - a.count || (a.author ?? '\uffff').localeCompare(b.author ?? '\uffff'));
  stats.categories = [...categories.values()]
    .sort((a, b) => compareCategories(a.category, b.category))
    .map(({ category, count }) => ({ ...category, count }));
  return stats;
}
