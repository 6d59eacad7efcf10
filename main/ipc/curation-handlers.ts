// The curation channels' handlers (agreement with another folder, tag all
// occurrences), spread into createHandlers. No Electron.
//
// compareDocument reads a folder outside the open corpus, so it accepts only a
// folder the user picked in compareWithFolder's dialog during this run of the
// app: the renderer cannot name arbitrary folders (as with openRecentCorpus).
import type { ArgsOf, ResultOf } from '../../app/ipc/contract';
import { CorpusError, CorpusService } from '../corpus/corpus-service';
import { compareDocumentIn, pairDocuments, schemaOrder } from '../corpus/agreement-service';
import { findInCorpus, tagInCorpus } from '../corpus/occurrences';

type CurationChannel = 'compareWithFolder' | 'compareDocument' | 'findOccurrences' | 'tagOccurrences';
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
  /** Real paths of folders chosen through the dialog, with their services. */
  const others = new Map<string, CorpusService>();

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
