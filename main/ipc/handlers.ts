// The main-process side of every IPC channel, as plain async functions over
// the corpus service. No Electron: the shell passes in what needs it (the
// folder dialog, the settings store), and tests pass fakes.
import { realpath } from 'node:fs/promises';
import type { ArgsOf, ChannelName, CorpusSummary, ResultOf, StartupInfo } from '../../app/ipc/contract';
import { CorpusError, CorpusService, readDefaultLabelSchema, type LabelSchemaResult } from '../corpus/corpus-service';
import { resourcesDir } from '../corpus/resources-path';

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
  /** Called whenever the open corpus changes, including the first one at startup. */
  onCorpusChanged?(summary: CorpusSummary): void;
}

export function createHandlers(deps: HandlerDeps): Handlers {
  let current: { service: CorpusService; summary: CorpusSummary } | null = null;
  /** Opening the first corpus, shared by concurrent getStartup calls (React runs effects twice in development). */
  let startup: Promise<void> | undefined;
  /** What went wrong opening the first corpus; reported by getStartup until another corpus is opened. */
  let startupProblems: string[] = [];
  let sampleReal: Promise<string | null> | undefined;

  const isSample = async (root: string): Promise<boolean> => {
    sampleReal ??= realpath(deps.sampleCorpusRoot).catch(() => null);
    return root === (await sampleReal);
  };

  const open = async (root: string): Promise<CorpusSummary> => {
    const service = await CorpusService.open(root, deps.resourcesDir ? { resourcesDir: deps.resourcesDir } : {});
    const summary: CorpusSummary = { root: service.root, name: service.name, isSample: await isSample(service.root) };
    if (!summary.isSample) deps.settings.addRecent(service.root);
    current = { service, summary };
    startupProblems = [];
    deps.onCorpusChanged?.(summary);
    return summary;
  };

  const corpus = (): CorpusService => {
    if (!current) throw new CorpusError('no-corpus', 'no corpus folder is open');
    return current.service;
  };

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
    // Opens a corpus on the first call only: later calls (a reloaded renderer,
    // or one that heard corpusChanged) get the corpus open now, with its label schema.
    async getStartup() {
      await (startup ??= openAtStartup());
      const problems = [...startupProblems];
      const labels: LabelSchemaResult = current
        ? await current.service.loadLabelSchema()
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
      return corpus().listDocuments();
    },

    async openDocument({ path }) {
      return corpus().readDocument(path);
    },

    async saveSidecar({ path, sidecar }) {
      return corpus().writeSidecar(path, sidecar);
    },
  };
}
