// What the search index reads of a corpus (SearchSource): each text
// document's text and sidecar and a signature that changes when either file
// does, read through the corpus's confinement. The index (search-service.ts)
// takes any source; tests give it one in memory.
import { lstatSync, statSync, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { indexableSidecarOf, type IndexableSidecar } from '../../app/search/document-model';
import { sidecarNameFor } from '../../app/sidecar/sidecar-io';
import { decodeSidecar } from '../workspace/document-reader';
import type { Entity } from '../../app/entity-registry';
import { loadEntityRegistry } from '../corpus/entity-store';
import { MAX_DOCUMENT_BYTES, decodeDocument, formatSize } from '../corpus/decode';
import { documentSourceText, isHtmlDocument } from '../corpus/html-article';
import { readRegularFileSync, resolveInsideSync } from '../corpus/confined-fs';
import { CorpusError } from '../corpus/paths';
import type { CorpusService } from '../corpus/corpus-service';

/** One document as the index reads it. */
export interface SourceDocument {
  text: string;
  sidecar: IndexableSidecar | null;
  /** Changes when the document or its sidecar changes ('' when unknown: read it again next time). */
  signature: string;
}

/** Where the index reads from; corpusSearchSource() is the real one, tests may pass another. */
export interface SearchSource {
  readonly root: string;
  /** The text documents (what listDocuments lists as 'text'), sorted. */
  listPaths(): Promise<string[]>;
  /** The signature read() would give, without reading the files (missing: ''). */
  signature(path: string): Promise<string>;
  /**
   * The same for documents of the last listing, at once and synchronously
   * (a few at a time: the caller yields between batches). A refresh checks
   * every document: one promise round trip each cost 3 times the stats.
   */
  listedSignatures?(paths: readonly string[]): string[];
  read(path: string): Promise<SourceDocument>;
  /** The document's text, exactly as openDocument gives it (offsets refer to it). */
  readText(path: string): Promise<string>;
  /** The entity registry's entities, for entity: filters that name an entity. */
  loadEntities?(): Promise<readonly Entity[]>;
}

function stampOf(info: { size: number; mtimeMs: number; isFile(): boolean } | null): string {
  return info?.isFile() ? `${info.size}@${info.mtimeMs}` : '-';
}

/** The bytes of a document and its stamp (size and time), through the corpus confinement; too large is refused before reading. */
function readSmallFileSync(file: string, rel: string): { bytes: Uint8Array; stamp: string } {
  try {
    const { bytes, size, mtimeMs } = readRegularFileSync(file, rel, MAX_DOCUMENT_BYTES);
    return { bytes, stamp: `${size}@${mtimeMs}` };
  } catch (e) {
    if (e instanceof CorpusError && e.code === 'too-large') throw new CorpusError('too-large', `${rel} is too large (over ${formatSize(MAX_DOCUMENT_BYTES)}); not indexed`);
    throw e;
  }
}

/** A SearchSource over a corpus folder: the same scan, confinement, size limit and decoding as CorpusService. */
export function corpusSearchSource(service: Pick<CorpusService, 'root' | 'scanTextDocuments'>): SearchSource {
  const root = service.root;
  /**
   * Real paths from the last listing, each taken once by the build that
   * listed it: the scan already resolved and confined them, and resolving
   * every path again costs a system call per folder level. Later reads (a
   * saved document) resolve the path afresh.
   */
  let listed = new Map<string, string>();
  /** The sidecar of a document, if it is a file inside the corpus. */
  const sidecarOf = (path: string): { file: string; info: Stats } | null => {
    // It sits in the document's folder, already known to be inside the corpus:
    // only a sidecar that is itself a symlink needs its target checked.
    const rel = sidecarNameFor(path);
    let file = join(root, ...rel.split('/'));
    let info: Stats | null;
    try {
      info = lstatSync(file);
      if (info.isSymbolicLink()) {
        file = resolveInsideSync(root, rel);
        info = statSync(file);
      }
    } catch {
      return null;
    }
    return info.isFile() ? { file, info } : null;
  };
  const textOf = async (file: string, path: string, bytes: Uint8Array): Promise<string> =>
    // The same text as openDocument; a plain text file needs no hash here.
    isHtmlDocument(path) ? (await documentSourceText(root, file, path, bytes)).text : decodeDocument(bytes, path);
  return {
    root,
    async listPaths() {
      const documents = await service.scanTextDocuments();
      listed = new Map(documents.map((d) => [d.path, d.file]));
      return documents.map((d) => d.path);
    },
    async signature(path) {
      let file: string;
      try {
        file = resolveInsideSync(root, path);
      } catch {
        return '';
      }
      const info = await stat(file).catch(() => null);
      return `${stampOf(info)}|${stampOf(sidecarOf(path)?.info ?? null)}`;
    },
    listedSignatures(paths) {
      return paths.map((path) => {
        let file = listed.get(path);
        try {
          file ??= resolveInsideSync(root, path);
        } catch {
          return '';
        }
        const info = statSync(file, { throwIfNoEntry: false }) ?? null;
        return `${stampOf(info)}|${stampOf(sidecarOf(path)?.info ?? null)}`;
      });
    },
    async readText(path) {
      const file = resolveInsideSync(root, path);
      return textOf(file, path, readSmallFileSync(file, path).bytes);
    },
    async read(path) {
      const known = listed.get(path);
      if (known !== undefined) listed.delete(path);
      const file = known ?? resolveInsideSync(root, path);
      const { bytes, stamp } = readSmallFileSync(file, path);
      const side = sidecarOf(path);
      let sidecar: IndexableSidecar | null = null;
      if (side) {
        try {
          // The same validation and migration as opening it (document-reader.ts).
          const decoded = decodeSidecar(readRegularFileSync(side.file, sidecarNameFor(path)).bytes, sidecarNameFor(path));
          if (decoded.state === 'ok') sidecar = indexableSidecarOf(decoded.sidecar);
        } catch {
          // unreadable: indexed without annotations (openDocument reports the problem)
        }
      }
      return { text: await textOf(file, path, bytes), sidecar, signature: `${stamp}|${stampOf(side?.info ?? null)}` };
    },
    async loadEntities() {
      return (await loadEntityRegistry({ root })).registry.entities;
    },
  };
}
