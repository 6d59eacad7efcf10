// Inter-annotator agreement in the renderer: a plain store class (React
// subscribes through useSyncExternalStore) with two sources of the two
// annotators' work (docs/agreement.md):
//
// - folder: the open corpus is annotator A; another copy of it, chosen with
//   the folder picker, is annotator B. Documents are compared one call at a
//   time (compareDocument) so the store reports progress and can stop
//   (cancel(), an AbortController); the corpus figures are the sum of the
//   documents' counts (micro-averaged);
// - authors: one document's sidecar holds two authors' annotations (after a
//   git merge); compared here, from the open document's text and annotations.
//
// Disagreements get a decision each (take A, take B, both, neither); the
// merge itself is pure (app/agreement-merge.ts) and handed to the app as a
// MergeRequest, which applies it to the open document through its session
// (one undo step) and so saves it the usual way.
import { aggregateCounts, authorsOf, compareAnnotators, reportFromCounts, splitByAuthor, type AgreementReport } from '../../../app/agreement';
import { Store } from './store';
import { compareForMerge, mergeAnnotations, mergeAuthors, type MergeDecision, type MergeResult } from '../../../app/agreement-merge';
import { textAround } from '../../../app/agreement-context';
import type { DocumentComparison, DocumentPair, FolderComparison, RevisionList } from '../../../app/ipc/curation-contract';
import { TextIndex } from '../../../app/offsets';
import type { Annotation, CurationDecision } from '../../../app/sidecar/sidecar-schema';
import { call } from '../bridge/client';

export interface AgreementApi {
  compareWithFolder(): Promise<FolderComparison | null>;
  compareDocument(otherRoot: string, path: string): Promise<DocumentComparison>;
  /** The corpus's git branches and tags (absent: comparing with a revision is not offered). */
  listRevisions?(): Promise<RevisionList>;
  /** The corpus at a git revision, paired like a chosen folder (its otherRoot is read from git). */
  compareWithRevision?(rev: string): Promise<FolderComparison>;
}

export const bridgeAgreementApi: AgreementApi = {
  compareWithFolder: () => call('compareWithFolder', {}),
  compareDocument: (otherRoot, path) => call('compareDocument', { otherRoot, path }),
  listRevisions: () => call('listRevisions', {}),
  compareWithRevision: (rev) => call('compareWithRevision', { rev }),
};

export type AgreementSource =
  | { kind: 'folder'; otherRoot: string; otherName: string }
  | { kind: 'authors'; path: string; authorA: string; authorB: string };

export type AgreementStatus = 'idle' | 'choosing' | 'running' | 'ready' | 'cancelled' | 'error';

export interface AgreementSnapshot {
  status: AgreementStatus;
  source: AgreementSource | null;
  /** Folder mode: every text document of either side. */
  pairs: readonly DocumentPair[];
  /** The documents compared so far (comparable or not), by path. */
  documents: readonly DocumentComparison[];
  /** Micro-averaged over the comparable documents compared so far; null before the first. */
  corpus: AgreementReport | null;
  progress: { done: number; total: number; path: string | null } | null;
  error: string | null;
  /** The document whose disagreements are shown. */
  selectedPath: string | null;
  /** Authors mode: the authors of the document, most annotations first ('' is "no author"). */
  authors: readonly { author: string; count: number }[];
  /** Decisions per document path, per disagreement id. */
  decisions: ReadonlyMap<string, ReadonlyMap<string, MergeDecision>>;
  /** Paths whose merge was applied since they were compared. */
  applied: ReadonlySet<string>;
}

/** What the app applies to the open document: replace its annotations (one undo step). */
export interface MergeRequest {
  path: string;
  source: AgreementSource;
  annotations: Annotation[];
  /** For carrying the document's relations over (app/batch-annotations.ts replaceAnnotations). */
  idMap: ReadonlyMap<string, string>;
  description: string;
  summary: MergeResult['summary'];
  /** Disagreements with no decision: settled as A (kept as they are). */
  undecided: string[];
  /**
   * The document's annotations the merge was computed from (folder mode: the
   * saved sidecar when compared). If the open document's annotations are no
   * longer these (sameAnnotations), compare again before applying.
   */
  base: readonly Annotation[];
  /** The decisions, for the document's curation record (the app adds who and when). */
  record: Omit<CurationDecision, 'by' | 'at'>[];
}

/** True when two lists hold the same annotations (ids, spans, labels), in any order. */
export function sameAnnotations(x: readonly Annotation[], y: readonly Annotation[]): boolean {
  if (x.length !== y.length) return false;
  const key = (a: Annotation) => JSON.stringify([a.id, a.type, a.label, a.start, a.end, a.claimant ?? null]);
  const set = new Set(x.map(key));
  return y.every((a) => set.has(key(a)));
}

export interface AgreementStoreOptions {
  api?: AgreementApi;
  /** The label schema's order (entity labels, then claim labels) for the tables. */
  labelOrder?: readonly string[];
}

const INITIAL: AgreementSnapshot = {
  status: 'idle',
  source: null,
  pairs: [],
  documents: [],
  corpus: null,
  progress: null,
  error: null,
  selectedPath: null,
  authors: [],
  decisions: new Map(),
  applied: new Set(),
};

function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}

export class AgreementStore extends Store<AgreementSnapshot> {
  private controller: AbortController | null = null;
  private readonly api: AgreementApi;
  private labelOrder: readonly string[];
  /** The document compared in authors mode (all its annotations, others' included). */
  private authorsDoc: { path: string; text: string; annotations: readonly Annotation[] } | null = null;

  constructor(options: AgreementStoreOptions = {}) {
    super(INITIAL);
    this.api = options.api ?? bridgeAgreementApi;
    this.labelOrder = options.labelOrder ?? [];
  }



  private set(patch: Partial<AgreementSnapshot>): void {
    this.publish({ ...this.getSnapshot(), ...patch });
  }

  /** The label schema changed (another corpus): tables list its labels in its order. */
  setLabelOrder(order: readonly string[]): void {
    this.labelOrder = order;
  }

  /** Back to nothing compared (say, another corpus was opened). */
  reset(): void {
    this.controller?.abort();
    this.controller = null;
    this.set({ ...INITIAL, decisions: new Map(), applied: new Set() });
  }

  /**
   * Folder mode: asks for the other annotator's folder, then compares every
   * document present in both, reporting progress. Resolves when done,
   * cancelled (status 'cancelled', with what was compared so far) or failed.
   */
  async compareWithFolder(): Promise<void> {
    return this.compareWithOther(() => this.api.compareWithFolder());
  }

  /** Whether comparing with a git revision is offered (the api can list and read revisions). */
  get canCompareRevisions(): boolean {
    return this.api.listRevisions !== undefined && this.api.compareWithRevision !== undefined;
  }

  /** The open corpus's branches and tags to choose from. */
  async listRevisions(): Promise<RevisionList> {
    if (!this.api.listRevisions) return { repository: false, current: null, revisions: [], message: 'comparing with a git revision is not available here' };
    return this.api.listRevisions();
  }

  /** Like compareWithFolder, with the open corpus as it is in git revision `rev` as B (a branch: another analyst's work). */
  async compareWithRevision(rev: string): Promise<void> {
    const api = this.api;
    return this.compareWithOther(async () => {
      if (!api.compareWithRevision) throw new Error('comparing with a git revision is not available here');
      return api.compareWithRevision(rev);
    });
  }

  private async compareWithOther(choose: () => Promise<FolderComparison | null>): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.set({ status: 'choosing', error: null });
    let folder: FolderComparison | null;
    try {
      folder = await choose();
    } catch (e) {
      if (this.controller === controller) this.set({ status: 'error', error: (e as Error).message });
      return;
    }
    if (this.controller !== controller) return;
    if (!folder || controller.signal.aborted) {
      this.controller = null;
      this.set({ status: this.getSnapshot().source ? 'ready' : 'idle' });
      return;
    }
    await this.runFolder(folder, controller);
  }

  /** Compares the documents of a folder already chosen (compareWithFolder's result), e.g. again after merging. */
  async runFolder(folder: FolderComparison, controller = new AbortController()): Promise<void> {
    if (this.controller !== controller) {
      this.controller?.abort();
      this.controller = controller;
    }
    const paths = folder.pairs.filter((p) => p.inCurrent && p.inOther).map((p) => p.path);
    this.set({
      status: 'running',
      source: { kind: 'folder', otherRoot: folder.otherRoot, otherName: folder.otherName },
      pairs: folder.pairs,
      documents: [],
      corpus: null,
      progress: { done: 0, total: paths.length, path: null },
      error: null,
      selectedPath: null,
      authors: [],
      decisions: new Map(),
      applied: new Set(),
    });
    const documents: DocumentComparison[] = [];
    try {
      for (const [i, path] of paths.entries()) {
        controller.signal.throwIfAborted();
        this.set({ progress: { done: i, total: paths.length, path } });
        const doc = await this.api.compareDocument(folder.otherRoot, path);
        if (this.controller !== controller) return;
        controller.signal.throwIfAborted(); // cancelled while this one was on its way: it is not counted
        documents.push(doc);
        this.set({ documents: [...documents], corpus: this.sum(documents), progress: { done: i + 1, total: paths.length, path } });
      }
      this.set({ status: 'ready', progress: null, selectedPath: this.firstWithDisagreements(documents) });
    } catch (e) {
      if (this.controller !== controller) return; // a newer comparison took over
      if (controller.signal.aborted || isAbort(e)) this.set({ status: 'cancelled', progress: null, selectedPath: this.firstWithDisagreements(documents) });
      else this.set({ status: 'error', progress: null, error: (e as Error).message });
    } finally {
      if (this.controller === controller) this.controller = null;
    }
  }

  /** Stops a folder comparison under way; what was compared so far stays. */
  cancel(): void {
    this.controller?.abort(new DOMException('Comparison cancelled', 'AbortError'));
  }

  /** Compares one document again (after its merge was applied and saved). */
  async refreshDocument(path: string): Promise<void> {
    const source = this.getSnapshot().source;
    if (source?.kind !== 'folder') return;
    try {
      const doc = await this.api.compareDocument(source.otherRoot, path);
      const documents = this.getSnapshot().documents.map((d) => (d.path === path ? doc : d));
      const decisions = new Map(this.getSnapshot().decisions);
      decisions.delete(path);
      const applied = new Set(this.getSnapshot().applied);
      applied.delete(path);
      this.set({ documents, corpus: this.sum(documents), decisions, applied });
    } catch (e) {
      this.set({ error: (e as Error).message });
    }
  }

  /**
   * Authors mode: compares two authors' annotations in one document (by
   * default the two with the most annotations). Throws a RangeError when the
   * document has fewer than two authors.
   */
  compareAuthors(doc: { path: string; text: string; annotations: readonly Annotation[] }, authorA?: string, authorB?: string): void {
    this.controller?.abort();
    this.controller = null;
    const authors = authorsOf(doc.annotations);
    const a = authorA ?? authors[0]?.author;
    const b = authorB ?? authors.find((x) => x.author !== a)?.author;
    if (a === undefined || b === undefined || a === b) {
      throw new RangeError(`${doc.path} has annotations by ${authors.length === 1 ? 'one author' : 'no author'}: there is nothing to compare`);
    }
    const split = splitByAuthor(doc.annotations, a, b);
    const index = new TextIndex(doc.text);
    const report = compareAnnotators(index, split.a, split.b, { order: this.labelOrder });
    const comparison: DocumentComparison = {
      path: doc.path,
      otherRoot: '',
      comparable: true,
      warnings: [],
      a: split.a,
      b: split.b,
      report,
      disagreements: compareForMerge(split.a, split.b).disagreements.map((d) => ({ ...d, around: textAround(index, d.start, d.end) })),
    };
    this.authorsDoc = doc;
    this.set({
      status: 'ready',
      source: { kind: 'authors', path: doc.path, authorA: a, authorB: b },
      pairs: [],
      documents: [comparison],
      corpus: report,
      progress: null,
      error: null,
      selectedPath: doc.path,
      authors,
      decisions: new Map(),
      applied: new Set(),
    });
  }

  selectDocument(path: string | null): void {
    if (path !== this.getSnapshot().selectedPath) this.set({ selectedPath: path });
  }

  decide(path: string, disagreementId: string, decision: MergeDecision | null): void {
    const decisions = new Map(this.getSnapshot().decisions);
    const forDoc = new Map(decisions.get(path) ?? []);
    if (decision === null) forDoc.delete(disagreementId);
    else forDoc.set(disagreementId, decision);
    decisions.set(path, forDoc);
    this.set({ decisions });
  }

  /** The same decision for every disagreement of a document. */
  decideAll(path: string, decision: MergeDecision): void {
    const doc = this.getSnapshot().documents.find((d) => d.path === path);
    if (!doc) return;
    const decisions = new Map(this.getSnapshot().decisions);
    decisions.set(path, new Map(doc.disagreements.map((d) => [d.id, decision])));
    this.set({ decisions });
  }

  /** The merge of a document with the decisions so far (undecided disagreements keep A's annotations). */
  mergeRequest(path: string): MergeRequest | null {
    const source = this.getSnapshot().source;
    const doc = this.getSnapshot().documents.find((d) => d.path === path);
    if (!source || !doc?.comparable) return null;
    const decisions = this.getSnapshot().decisions.get(path) ?? new Map<string, MergeDecision>();
    let result: MergeResult;
    let description: string;
    let base: readonly Annotation[];
    if (source.kind === 'authors') {
      if (!this.authorsDoc || this.authorsDoc.path !== path) return null;
      base = this.authorsDoc.annotations;
      result = mergeAuthors(base, source.authorA, source.authorB, decisions);
      description = `Merge ${source.authorA || 'no author'} and ${source.authorB || 'no author'}`;
    } else {
      base = doc.a;
      result = mergeAnnotations(doc.a, doc.b, decisions);
      description = `Merge with ${source.otherName}`;
    }
    const [a, b] = source.kind === 'authors' ? [source.authorA || '(no author)', source.authorB || '(no author)'] : ['this corpus', source.otherName];
    const record = doc.disagreements.map((d) => ({ id: d.id, decision: decisions.get(d.id) ?? ('undecided' as const), a, b }));
    return { path, source, annotations: result.annotations, idMap: result.idMap, description, summary: result.summary, undecided: result.undecided, base, record };
  }

  /** The app applied (and will save) a document's merge. */
  markApplied(path: string): void {
    const applied = new Set(this.getSnapshot().applied);
    applied.add(path);
    this.set({ applied });
  }

  private sum(documents: readonly DocumentComparison[]): AgreementReport | null {
    const counts = documents.flatMap((d) => (d.report ? [d.report.counts] : []));
    return counts.length ? reportFromCounts(aggregateCounts(counts, this.labelOrder)) : null;
  }

  private firstWithDisagreements(documents: readonly DocumentComparison[]): string | null {
    return documents.find((d) => d.disagreements.length > 0)?.path ?? documents[0]?.path ?? null;
  }

  dispose(): void {
    this.controller?.abort();
    this.clearListeners();
  }
}
