// Which files of a corpus folder are documents, and of what kind; which are
// the app's own (sidecars, backups, temporaries, locks) and never listed.
import { extname } from 'node:path';
import type { DocumentKind } from '../../app/ipc/contract';
import { TEMP_FILE } from './atomic-write';
import { isLockArtifact } from './file-lock';
import { HTML_EXTENSIONS, isExtractedTextArtifact } from './html-article';

/** Saved web pages are read as their article text (html-article.ts). */
const TEXT_EXTENSIONS = new Set(['.txt', '.md', ...HTML_EXTENSIONS]);
/** Folders never scanned besides dot-folders (.marginalia, .git, …). */
export const SKIPPED_FOLDERS = new Set(['node_modules']);
/**
 * Sidecars and the files the app writes beside them: backups (of a broken
 * sidecar, of an older format, of the version before re-anchoring) and
 * temporary files of atomic writes (ours, `.<hex>.tmp`, and write-file-atomic's, `.<number>`).
 */
const CORPUS_ARTIFACT = /\.annotations\.json(?:\.broken-[^/]*\.bak|\.before-reanchor-[^/]*\.bak|\.before-merge-[^/]*\.bak|\.v\d+\.bak|\.\d+|\.[0-9a-z]{6,16}\.tmp)?$/;

export function documentKind(path: string): DocumentKind {
  return TEXT_EXTENSIONS.has(extname(path).toLowerCase()) ? 'text' : 'unsupported';
}

export function isCorpusArtifact(name: string): boolean {
  return CORPUS_ARTIFACT.test(name) || isExtractedTextArtifact(name) || isAtomicTemp(name) || isLockArtifact(name);
}

/** A temporary file of an atomic write (any target): `<name>.<hex>.tmp`. A crash may leave one; it is never a document. */
function isAtomicTemp(name: string): boolean {
  return TEMP_FILE.test(name) && name.lastIndexOf('.', name.length - 5) > 0;
}

/**
 * Editors' backups and temporaries (`name~`, Sublime Text's `.subl….tmp`):
 * chokidar never reports them (its `atomic` filter), so they are never
 * listed either, or the list would differ with how the corpus was last read.
 */
const EDITOR_ARTIFACT = /~$|\.subl[^/]*\.tmp$/u;

/** Files the document list never shows: the app's own (isCorpusArtifact) and editors' backups and temporaries. */
export function isNeverListed(name: string): boolean {
  return EDITOR_ARTIFACT.test(name) || isCorpusArtifact(name);
}
