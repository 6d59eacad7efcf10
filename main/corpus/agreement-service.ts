// Agreement between two copies of a corpus annotated by two people (the open
// corpus is annotator A, another folder annotator B): pairing their documents
// by path, and comparing one document. No Electron.
//
// The corpus-level figures are the sum of the per-document counts
// (app/agreement.ts aggregateCounts). The renderer asks document by document
// (compareDocument) so it can show progress and stop; compareCorpora does the
// whole corpus in one call here, with the same AbortSignal and progress
// callback, for the command line and tests.
import { compareForMerge } from '../../app/agreement-merge';
import { textAround } from '../../app/agreement-context';
import { aggregateCounts, compareAnnotators, reportFromCounts, type AgreementCounts, type AgreementReport } from '../../app/agreement';
import type { DocumentComparison, DocumentPair } from '../../app/ipc/curation-contract';
import type { OpenedDocument } from '../../app/ipc/contract';
import { TextIndex } from '../../app/offsets';
import { CorpusError, type CorpusService } from './corpus-service';

/** The label order for reports: the corpus's schema, entity labels then claim labels. */
async function schemaOrder(service: CorpusService): Promise<string[]> {
  const { schema } = await service.loadLabelSchema();
  return [...schema.entityLabels, ...schema.claimLabels].map((l) => l.name);
}

/** Every text document of either side, by path, with each side's annotation count. */
export async function pairDocuments(current: CorpusService, other: CorpusService): Promise<DocumentPair[]> {
  const [mine, theirs] = await Promise.all([current.listDocuments(), other.listDocuments()]);
  const pairs = new Map<string, DocumentPair>();
  const get = (path: string) => {
    let p = pairs.get(path);
    if (!p) {
      p = { path, inCurrent: false, inOther: false, annotationsA: 0, annotationsB: 0 };
      pairs.set(path, p);
    }
    return p;
  };
  for (const d of mine) {
    if (d.kind !== 'text') continue;
    const p = get(d.path);
    p.inCurrent = true;
    p.annotationsA = d.annotationCount;
    if (d.sidecarProblem) p.problem = d.sidecarProblem;
  }
  for (const d of theirs) {
    if (d.kind !== 'text') continue;
    const p = get(d.path);
    p.inOther = true;
    p.annotationsB = d.annotationCount;
    if (d.sidecarProblem) p.problem = p.problem ? `${p.problem}; ${d.sidecarProblem} (other folder)` : `${d.sidecarProblem} (other folder)`;
  }
  return [...pairs.values()].sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

async function readOrMissing(service: CorpusService, path: string): Promise<OpenedDocument | null> {
  try {
    return await service.readDocument(path);
  } catch (e) {
    if (e instanceof CorpusError && e.code === 'not-found') return null;
    throw e;
  }
}

/**
 * Compares document `path` as annotated in the open corpus (A) and in the
 * other folder (B). Not comparable when it is missing on a side, when the two
 * copies of the text differ (offsets would not mean the same thing), or when
 * a sidecar cannot be read.
 */
export async function compareDocumentIn(
  current: CorpusService,
  other: CorpusService,
  path: string,
  options: { order?: readonly string[] } = {},
): Promise<DocumentComparison> {
  const [docA, docB] = await Promise.all([readOrMissing(current, path), readOrMissing(other, path)]);
  const out: DocumentComparison = {
    path,
    otherRoot: other.root,
    comparable: false,
    warnings: [],
    a: docA?.sidecar?.annotations ?? [],
    b: docB?.sidecar?.annotations ?? [],
    report: null,
    disagreements: [],
  };
  if (!docA || !docB) {
    out.problem = `${path} is only in ${docA ? 'the open corpus' : `the other folder (${other.name})`}`;
    return out;
  }
  if (docA.sha256 !== docB.sha256) {
    out.problem = `the two copies of ${path} have different text, so their offsets cannot be compared`;
    return out;
  }
  for (const [doc, where] of [
    [docA, 'the open corpus'],
    [docB, `the other folder (${other.name})`],
  ] as const) {
    if (doc.sidecarProblem) {
      out.problem = `the annotations of ${path} in ${where} cannot be read: ${doc.sidecarProblem.message}`;
      return out;
    }
    if (doc.sourceChanged) out.warnings.push(`the annotations of ${path} in ${where} were made for a different version of its text`);
  }
  out.comparable = true;
  const index = new TextIndex(docA.text);
  out.report = compareAnnotators(index, out.a, out.b, options.order ? { order: options.order } : {});
  out.disagreements = compareForMerge(out.a, out.b).disagreements.map((d) => ({ ...d, around: textAround(index, d.start, d.end) }));
  return out;
}

export interface CorpusComparison {
  pairs: DocumentPair[];
  documents: DocumentComparison[];
  /** Sum of the comparable documents' counts, and its figures (micro-averaged). */
  counts: AgreementCounts;
  report: AgreementReport;
}

export interface CompareCorporaOptions {
  signal?: AbortSignal;
  /** After each document: how many are done of how many. */
  onProgress?(done: number, total: number, path: string): void;
}

/** The whole corpus in one call: every document present on both sides. Throws the signal's reason when aborted. */
export async function compareCorpora(current: CorpusService, other: CorpusService, options: CompareCorporaOptions = {}): Promise<CorpusComparison> {
  options.signal?.throwIfAborted();
  const pairs = await pairDocuments(current, other);
  const order = await schemaOrder(current);
  const both = pairs.filter((p) => p.inCurrent && p.inOther);
  const documents: DocumentComparison[] = [];
  for (const [i, p] of both.entries()) {
    options.signal?.throwIfAborted();
    documents.push(await compareDocumentIn(current, other, p.path, { order }));
    options.onProgress?.(i + 1, both.length, p.path);
  }
  const counts = aggregateCounts(
    documents.flatMap((d) => (d.report ? [d.report.counts] : [])),
    order,
  );
  return { pairs, documents, counts, report: reportFromCounts(counts) };
}

export { schemaOrder };
