// Tag all occurrences across the corpus: find a text in every document
// (app/tag-all.ts per document), and add annotations to other documents'
// sidecars. No Electron.
//
// Writes go through CorpusService.writeSidecar (atomic, refuses to overwrite
// an unreadable sidecar), one document at a time, merging without duplicates:
// a span already there with the same label is not added again. Documents the
// app has open are skipped: the renderer applies those through its document
// session, so they land in its undo history and its next save.
import { basename } from 'node:path';
import { addSpans } from '../../app/batch-annotations';
import type {
  DocumentOccurrences,
  FindOccurrencesResult,
  TagOccurrencesResult,
} from '../../app/ipc/curation-contract';
import { TextIndex } from '../../app/offsets';
import { emptySidecar } from '../../app/sidecar/sidecar-io';
import type { AnnotationType } from '../../app/sidecar/sidecar-schema';
import { contextOf, findOccurrences, type OccurrenceOptions } from '../../app/tag-all';
import { CorpusError, type CorpusService } from './corpus-service';

/** The search stops after this many occurrences (the result says it was truncated). */
export const MAX_OCCURRENCES = 5000;
/** Documents read at once. */
const CONCURRENCY = 8;

export interface FindInCorpusRequest {
  text: string;
  label?: string;
  options?: OccurrenceOptions;
  paths?: readonly string[];
}

function problemText(e: unknown, path: string): string {
  return e instanceof CorpusError ? e.message : `${path}: ${(e as Error).message}`;
}

export async function findInCorpus(service: CorpusService, request: FindInCorpusRequest, signal?: AbortSignal): Promise<FindOccurrencesResult> {
  const paths = request.paths
    ? [...new Set(request.paths)].sort()
    : // The candidates from the scan alone: each is read below anyway, its sidecar need not be read twice.
      await service.listTextDocumentPaths();
  const found: (DocumentOccurrences | null)[] = new Array<DocumentOccurrences | null>(paths.length).fill(null);
  const problems: (string | null)[] = new Array<string | null>(paths.length).fill(null);
  let total = 0;
  let truncated = false;
  let next = 0;
  const worker = async () => {
    while (next < paths.length && !truncated) {
      signal?.throwIfAborted();
      const i = next++;
      const path = paths[i] as string;
      let doc;
      try {
        doc = await service.readDocument(path);
      } catch (e) {
        problems[i] = problemText(e, path);
        continue;
      }
      if (doc.sidecarProblem) {
        problems[i] = `${path} is left out: its annotations cannot be read (${doc.sidecarProblem.message})`;
        continue;
      }
      if (doc.sourceChanged) {
        problems[i] = `${path} is left out: its text changed since it was annotated (open it to re-anchor first)`;
        continue;
      }
      const index = new TextIndex(doc.text);
      const exclude = request.label ? { label: request.label, annotations: doc.sidecar?.annotations ?? [] } : undefined;
      const result = findOccurrences(index, request.text, request.options ?? {}, exclude);
      if (result.occurrences.length === 0 && result.alreadyTagged === 0) continue;
      let occurrences = result.occurrences;
      if (total + occurrences.length > MAX_OCCURRENCES) {
        occurrences = occurrences.slice(0, Math.max(0, MAX_OCCURRENCES - total));
        truncated = true;
      }
      total += occurrences.length;
      found[i] = {
        path,
        alreadyTagged: result.alreadyTagged,
        occurrences: occurrences.map((o) => ({ start: o.start, end: o.end, text: o.text, ...contextOf(index, o) })),
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, paths.length) }, worker));
  const documents = found.filter((d): d is DocumentOccurrences => d !== null);
  return {
    documents,
    total: documents.reduce((s, d) => s + d.occurrences.length, 0),
    alreadyTagged: documents.reduce((s, d) => s + d.alreadyTagged, 0),
    truncated,
    problems: problems.filter((p): p is string => p !== null),
  };
}

export interface TagInCorpusRequest {
  label: string;
  type: AnnotationType;
  items: readonly { path: string; start: number; end: number }[];
  skipPaths?: readonly string[];
  author?: string;
}

/** Adds the items' spans to their documents' sidecars, one atomic write per document. */
export async function tagInCorpus(service: CorpusService, request: TagInCorpusRequest): Promise<TagOccurrencesResult> {
  const skip = new Set(request.skipPaths ?? []);
  const byPath = new Map<string, { start: number; end: number }[]>();
  for (const it of request.items) {
    const list = byPath.get(it.path);
    if (list) list.push(it);
    else byPath.set(it.path, [it]);
  }
  const result: TagOccurrencesResult = { documents: [], added: 0, skippedOpen: [], problems: [] };
  for (const [path, spans] of [...byPath].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (skip.has(path)) {
      result.skippedOpen.push(path);
      continue;
    }
    try {
      const outcome = await tagOne(service, path, spans, request);
      if (typeof outcome === 'string') {
        result.problems.push(outcome);
        continue;
      }
      result.documents.push({ path, ...outcome });
      result.added += outcome.added;
    } catch (e) {
      result.problems.push(problemText(e, path));
    }
  }
  return result;
}

/** How often a write refused as a conflict (the file changed between reading and writing) is tried again. */
const CONFLICT_RETRIES = 3;

/** Merges one document's spans into its sidecar; a string is why it was not changed. */
async function tagOne(
  service: CorpusService,
  path: string,
  spans: readonly { start: number; end: number }[],
  request: TagInCorpusRequest,
): Promise<{ added: number; skipped: number } | string> {
  for (let attempt = 0; ; attempt++) {
    const doc = await service.readDocument(path);
    if (doc.sidecarProblem) return `${path} was not changed: its annotations cannot be read (${doc.sidecarProblem.message})`;
    if (doc.sourceChanged) return `${path} was not changed: its text changed since it was annotated (open it to re-anchor first)`;
    const sidecar = doc.sidecar ?? emptySidecar({ name: basename(path), sha256: doc.sha256, length: doc.length });
    const { doc: next, added, skipped } = addSpans(
      sidecar,
      new TextIndex(doc.text),
      spans.map((s) => ({ label: request.label, type: request.type, start: s.start, end: s.end })),
      request.author !== undefined ? { author: request.author } : {},
    );
    if (added.length === 0) return { added: 0, skipped };
    try {
      // Written only over the bytes just read: a change made meanwhile (another program, git) is not lost.
      await service.writeSidecar(path, next, doc.sidecarSha256 !== undefined ? { expectedSha256: doc.sidecarSha256 } : {});
      return { added: added.length, skipped };
    } catch (e) {
      if (!(e instanceof CorpusError && e.code === 'conflict') || attempt >= CONFLICT_RETRIES) throw e;
    }
  }
}
