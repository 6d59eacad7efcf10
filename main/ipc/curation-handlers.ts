// The curation channels' handlers (agreement with another folder, tag all
// occurrences), spread into createHandlers. No Electron.
//
// compareDocument reads a folder outside the open corpus, so it accepts only a
// folder the user picked in compareWithFolder's dialog during this run of the
// app: the renderer cannot name arbitrary folders (as with openRecentCorpus).
//
// compareWithRevision reads the open corpus's folder as it is in a git
// revision (git ls-tree and cat-file, nothing checked out) into a temporary
// folder, once per commit and run, removed when the app quits; that folder
// is then an allowed otherRoot like a chosen one.
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArgsOf, ResultOf } from '../../app/ipc/contract';
import { CorpusError, CorpusService } from '../corpus/corpus-service';
import { compareDocumentIn, pairDocuments, schemaOrder } from '../corpus/agreement-service';
import { GitError, listRevisions, resolveCommit, writeTreeAt } from '../corpus/git';
import { findInCorpus, tagInCorpus } from '../corpus/occurrences';

type CurationChannel = 'compareWithFolder' | 'compareDocument' | 'listRevisions' | 'compareWithRevision' | 'findOccurrences' | 'tagOccurrences';
export type CurationHandlers = { [C in CurationChannel]: (args: ArgsOf<C>) => Promise<ResultOf<C>> };

export interface CurationDeps {
  /** Shows the folder picker; null when the user cancels. */
  chooseFolder(): Promise<string | null>;
  /** The resources/ folder, for the other folder's default label schema. */
  resourcesDir?: string;
  /** Called after tagOccurrences wrote a document's sidecar (the search index reads it again). */
  onSidecarWritten?(path: string): void;
}

export function createCurationHandlers(deps: CurationDeps, corpus: () => CorpusService): CurationHandlers {
  /** Real paths of folders chosen through the dialog (or read from git), with their services. */
  const others = new Map<string, CorpusService>();
  /** Revisions read from git, by corpus root and commit. */
  const revisions = new Map<string, CorpusService>();
  const temporary: string[] = [];
  const removeTemporary = () => {
    for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
  };

  const other = (root: string): CorpusService => {
    const service = others.get(root);
    if (!service) {
      throw new CorpusError('invalid-arguments', `${root} was not chosen for comparison; use Compare with folder… to choose it`);
    }
    return service;
  };

  return {
    async compareWithFolder() {
      const current = corpus();
      const chosen = await deps.chooseFolder();
      if (chosen === null) return null;
      const service = await CorpusService.open(chosen, deps.resourcesDir ? { resourcesDir: deps.resourcesDir } : {});
      if (service.root === current.root) {
        throw new CorpusError('invalid-arguments', `${service.root} is the open corpus itself; choose the other annotator's copy`);
      }
      others.set(service.root, service);
      return { otherRoot: service.root, otherName: service.name, pairs: await pairDocuments(current, service) };
    },

    async listRevisions() {
      try {
        const list = await listRevisions(corpus().root);
        if (!list) return { repository: false, current: null, revisions: [], message: `${corpus().name} is not in a git repository` };
        return { repository: true, ...list };
      } catch (e) {
        if (e instanceof GitError) return { repository: false, current: null, revisions: [], message: e.message };
        throw e;
      }
    },

    async compareWithRevision({ rev }) {
      const current = corpus();
      let commit: string;
      try {
        commit = await resolveCommit(current.root, rev);
      } catch (e) {
        if (e instanceof GitError) throw new CorpusError('invalid-arguments', e.message);
        throw e;
      }
      const key = `${current.root}\0${commit}`;
      let service = revisions.get(key);
      if (!service) {
        const dir = await mkdtemp(join(tmpdir(), 'marginalia-revision-'));
        if (temporary.length === 0) process.once('exit', removeTemporary);
        temporary.push(dir);
        await writeTreeAt(current.root, commit, dir);
        service = await CorpusService.open(dir, deps.resourcesDir ? { resourcesDir: deps.resourcesDir } : {});
        revisions.set(key, service);
        others.set(service.root, service);
      }
      return { otherRoot: service.root, otherName: `${rev} (${commit.slice(0, 7)})`, pairs: await pairDocuments(current, service) };
    },

    async compareDocument({ otherRoot, path }) {
      const current = corpus();
      return compareDocumentIn(current, other(otherRoot), path, { order: await schemaOrder(current) });
    },

    async findOccurrences({ text, label, options, paths }) {
      return findInCorpus(corpus(), {
        text,
        ...(label !== undefined ? { label } : {}),
        ...(options !== undefined ? { options } : {}),
        ...(paths !== undefined ? { paths } : {}),
      });
    },

    async tagOccurrences({ label, type, items, skipPaths, author }) {
      const result = await tagInCorpus(corpus(), {
        label,
        type,
        items,
        ...(skipPaths !== undefined ? { skipPaths } : {}),
        ...(author !== undefined ? { author } : {}),
      });
      for (const d of result.documents) if (d.added > 0) deps.onSidecarWritten?.(d.path);
      return result;
    },
  };
}
