// The main-process side of every IPC channel, as plain async functions over
// the corpus service. No Electron: the shell passes in what needs it (the
// folder dialog, the settings store), and tests pass fakes.
import { corpusStats } from '../export/stats-service';
import { loadTrainingData } from '../corpus/training-data';
import { realpath } from 'node:fs/promises';
import type { ArgsOf, ChannelName, CorpusSummary, ResultOf, StartupInfo } from '../../app/ipc/contract';
import { Workspace } from '../workspace/workspace';
import { CorpusError, CorpusService, readDefaultLabelSchema, type LabelSchemaResult } from '../corpus/corpus-service';
import { resourcesDir } from '../corpus/resources-path';
import { createExportJobs } from '../export/export-jobs';
import { saveLabelSchema } from '../corpus/schema-store';
import { countMentions, findMentions, loadEntityRegistry, saveEntityRegistry } from '../corpus/entity-store';
import { createAboutHandlers } from './about';
import { createSearchHandlers } from '../search/search-handlers';
import { createCurationHandlers } from './curation-handlers';
import type { SearchIndexProgress } from '../../app/search/types';

export type Handlers = { [C in ChannelName]: (args: ArgsOf<C>) => Promise<ResultOf<C>> };

export interface HandlerDeps {
  /** Shows the folder picker; null when the user cancels. */
  chooseFolder(): Promise<string | null>;
  settings: {
    /** Recently opened corpus roots, newest first. */
    getRecent(): string[];
    /** Called with the real path of each corpus opened (never the sample). */
    addRecent(root: string): void;
  };
  /** The sample corpus, opened when no other corpus is given or the given one fails. */
  sampleCorpusRoot: string;
  /** A corpus folder named on the command line. */
  initialCorpus?: string;
  /** The resources/ folder (default-schema.json); defaults to resourcesDir(). */
  resourcesDir?: string;
  /** Called whenever the open corpus changes, including the first one at startup, with its workspace (the watcher feeds it). */
  onCorpusChanged?(summary: CorpusSummary, workspace: Workspace): void;
  /** Called while the search index is built (the shell sends it as the searchIndexProgress event). */
  onSearchIndexProgress?(progress: SearchIndexProgress): void;
  /** The About box's version (Electron's app.getVersion()); defaults to package.json's. */
  appVersion?: string;
  /** Where search indexes are kept between sessions (the app's cache folder); none: built afresh each time. */
  searchCacheDir?: string;
}

export function createHandlers(deps: HandlerDeps): Handlers {
  let current: { workspace: Workspace; summary: CorpusSummary } | null = null;
  /** Opening the first corpus, shared by concurrent getStartup calls (React runs effects twice in development). */
  let startup: Promise<void> | undefined;
  /** What went wrong opening the first corpus; reported by getStartup until another corpus is opened. */
  let startupProblems: string[] = [];
  let sampleReal: Promise<string | null> | undefined;
  /** Full-text search (main/search): one index per open corpus. */
  const search = createSearchHandlers({
    ...(deps.onSearchIndexProgress ? { onProgress: deps.onSearchIndexProgress } : {}),
    ...(deps.searchCacheDir ? { cacheDir: deps.searchCacheDir } : {}),
  });

  const isSample = async (root: string): Promise<boolean> => {
    sampleReal ??= realpath(deps.sampleCorpusRoot).catch(() => null);
    return root === (await sampleReal);
  };

  const open = async (root: string): Promise<CorpusSummary> => {
    // The composition root of a corpus's workspace: its service, sidecar store, index, and the search index it feeds.
    const workspace = await Workspace.open(root, { ...(deps.resourcesDir ? { resourcesDir: deps.resourcesDir } : {}), search });
    const summary: CorpusSummary = { root: workspace.root, name: workspace.name, isSample: await isSample(workspace.root) };
    if (!summary.isSample) deps.settings.addRecent(workspace.root);
    void current?.workspace.detach();
    current = { workspace, summary };
    startupProblems = [];
    deps.onCorpusChanged?.(summary, workspace);
    return summary;
  };

  const workspace = (): Workspace => {
    if (!current) throw new CorpusError('no-corpus', 'no corpus folder is open');
    return current.workspace;
  };
  const corpus = (): CorpusService => workspace().corpus;

  /** Opens the command-line corpus, else the sample, noting what went wrong on the way. */
  const openAtStartup = async (): Promise<void> => {
    if (current) return; // a corpus was opened before the renderer asked
    const problems: string[] = [];
    if (deps.initialCorpus !== undefined) {
      try {
        await open(deps.initialCorpus);
        return;
      } catch (e) {
        problems.push(`Could not open ${deps.initialCorpus} (given on the command line): ${(e as Error).message}. Showing the sample corpus instead.`);
      }
    }
    try {
      await open(deps.sampleCorpusRoot);
    } catch (e) {
      problems.push(`Could not open the sample corpus: ${(e as Error).message}.`);
    }
    startupProblems = problems;
  };

  return {
    // getAbout, getLicenseText (main/ipc/about.ts).
    ...createAboutHandlers({
      ...(deps.resourcesDir !== undefined ? { resourcesDir: deps.resourcesDir } : {}),
      ...(deps.appVersion !== undefined ? { appVersion: deps.appVersion } : {}),
    }),
    // Opens a corpus on the first call only: later calls (a reloaded renderer,
    // or one that heard corpusChanged) get the corpus open now, with its label schema.
    async getStartup() {
      await (startup ??= openAtStartup());
      const problems = [...startupProblems];
      const labels: LabelSchemaResult = current
        ? await current.workspace.corpus.loadLabelSchema()
        : { schema: await readDefaultLabelSchema(resourcesDir(deps.resourcesDir)) };
      if (labels.problem) problems.push(labels.problem);
      const info: StartupInfo = { corpus: current?.summary ?? null, recent: deps.settings.getRecent(), labelSchema: labels.schema };
      if (problems.length) info.problem = problems.join('\n');
      return info;
    },

    async openCorpusDialog() {
      const chosen = await deps.chooseFolder();
      return chosen === null ? null : open(chosen);
    },

    async openRecentCorpus({ root }) {
      if (!deps.settings.getRecent().includes(root)) {
        throw new CorpusError('invalid-arguments', `${root} is not in the list of recent corpora; open it with File > Open Folder…`);
      }
      return open(root);
    },

    async listDocuments() {
      return workspace().listDocuments();
    },

    async openDocument({ path }) {
      return corpus().readDocument(path);
    },

    async saveSidecar({ path, sidecar, expectedSha256 }) {
      // The workspace gives the written sidecar to its index and to search (nothing is read back).
      return corpus().writeSidecar(path, sidecar, expectedSha256 === undefined ? {} : { expectedSha256 });
    },

    async saveSidecarChanges({ path, baseSha256, changes }) {
      return corpus().writeSidecarChanges(path, baseSha256, changes);
    },

    async deleteSidecar({ path, expectedSha256 }) {
      return corpus().deleteSidecar(path, expectedSha256);
    },

    async saveLabelSchema({ schema }) {
      return saveLabelSchema(corpus().root, schema);
    },

    // The entity registry (main/corpus/entity-store.ts).
    async getEntityRegistry() {
      return loadEntityRegistry(corpus());
    },

    async saveEntityRegistry({ registry, baseRevision }) {
      return saveEntityRegistry(corpus(), registry, baseRevision === undefined ? {} : { baseRevision });
    },

    async findEntityMentions({ entityId }) {
      return findMentions(workspace(), entityId);
    },

    async countEntityMentions() {
      return countMentions(workspace());
    },

    async getCorpusProgress() {
      const s = await corpusStats(workspace());
      return { documents: s.documents.text, annotated: s.documents.annotated, progress: s.progress, annotations: s.annotations, labels: s.labels, annotators: s.annotators, unreadable: s.unreadable };
    },

    async getSuggestionTrainingData() {
      return loadTrainingData(corpus());
    },

    // searchCorpus, buildSearchIndex, cancelSearchIndex (main/search/search-handlers.ts).
    ...search.handlers,

    // compareWithFolder, compareDocument, findOccurrences, tagOccurrences (main/ipc/curation-handlers.ts).
    ...createCurationHandlers(
      {
        chooseFolder: () => deps.chooseFolder(),
        ...(deps.resourcesDir !== undefined ? { resourcesDir: deps.resourcesDir } : {}),
      },
      corpus,
    ),

    ...exportHandlers(createExportJobs({ corpus, chooseFolder: () => deps.chooseFolder() })),
  };
}

function exportHandlers(jobs: ReturnType<typeof createExportJobs>): Pick<Handlers, 'startExport' | 'exportStatus' | 'cancelExport'> {
  return {
    startExport: async (request) => jobs.startExport(request),
    exportStatus: async ({ jobId }) => jobs.exportStatus(jobId),
    cancelExport: async ({ jobId }) => {
      jobs.cancelExport(jobId);
      return { cancelled: true };
    },
  };
}
