// The benchmark's `workspace` section (issue 15, items 1-2), main side only,
// through the real IPC handlers over generated folders:
// - a tag's save (saveSidecarChanges) until the sidecar is on disk, in a
//   flat folder of 20,000 articles against the folder of two;
// - main's event-loop time per save of the 1 MB article with 5,000
//   annotations (the search index built, so its update is counted);
// - one sidecar changed by another program in the 10,000-document corpus,
//   until main's document entry and search reflect it (watcher included).
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { basename, join } from 'node:path';
import type { Annotation } from '../../app/sidecar/sidecar-schema';
import type { CorpusFileEvent } from '../../app/ipc/contract';
import { createHandlers, type HandlerDeps, type Handlers } from '../../main/ipc/handlers';
import { Workspace } from '../../main/workspace/workspace';
import { watchCorpus } from '../../main/corpus/corpus-watcher';
import { createSearchHandlers } from '../../main/search/search-handlers';
import type { GeneratedData } from './generate';
import type { Metric } from './metric';

/** A row of the bench report. */
export type WorkspaceMetric = Metric;

type Stats = (xs: number[]) => { n: number; p50: number; p95: number; max: number };

/** The real IPC handlers over the corpus `root` (no window: no folder chooser, no recent list); `more` adds to their deps. */
export function benchHandlers(root: string, more: Partial<HandlerDeps> = {}): Handlers {
  return createHandlers({ chooseFolder: async () => null, settings: { getRecent: () => [], addRecent: () => {} }, sampleCorpusRoot: root, initialCorpus: root, ...more });
}

async function handlersOver(root: string): Promise<Handlers> {
  const handlers = benchHandlers(root);
  await handlers.getStartup({});
  return handlers;
}

/** `n` tags on `path`, each saved as the app saves it (changes against the last save); times to disk and main's busy time per save. */
async function tagSaves(handlers: Handlers, path: string, n: number): Promise<{ toDisk: number[]; busy: number[] }> {
  const doc = await handlers.openDocument({ path });
  const first = doc.sidecar?.annotations[0];
  if (!doc.sidecar || !first || doc.sidecarSha256 == null) throw new Error(`${path}: the benchmark article has no annotations`);
  await handlers.buildSearchIndex({});
  // The window lists the corpus: the corpus index is built, and each save updates it as in the app.
  await handlers.listDocuments({});
  let base = doc.sidecarSha256;
  const toDisk: number[] = [];
  const busy: number[] = [];
  for (let i = 0; i < n; i++) {
    const put: Annotation = { ...first, id: `bench-ws-${i}` };
    const elu = performance.eventLoopUtilization();
    const t0 = performance.now();
    const saved = await handlers.saveSidecarChanges({ path, baseSha256: base, changes: { annotations: { put: [put], remove: [] } } });
    toDisk.push(performance.now() - t0);
    busy.push(performance.eventLoopUtilization(elu).active);
    base = saved.sidecarSha256;
  }
  return { toDisk, busy };
}

export async function benchWorkspace(options: { smoke: boolean }, data: GeneratedData, metric: (m: WorkspaceMetric) => void, stats: Stats): Promise<Record<string, unknown>> {
  const n = options.smoke ? 3 : 60;
  const flatCount = options.smoke ? 20 : 20_000;

  // A flat folder: the 100 KB article and its sidecar among flatCount - 1 small articles.
  const flat = join(data.root, 'workspace-flat');
  await mkdir(flat, { recursive: true });
  const medium = basename(data.medium.path);
  await copyFile(join(data.articlesDir, data.medium.path), join(flat, medium));
  await copyFile(join(data.articlesDir, `${data.medium.path}.annotations.json`), join(flat, `${medium}.annotations.json`));
  for (let i = 1; i < flatCount; i++) await writeFile(join(flat, `filler-${String(i).padStart(5, '0')}.txt`), `Filler article ${i}. Nothing to see here.\n`);

  const inTwo = stats((await tagSaves(await handlersOver(data.articlesDir), data.medium.path, n)).toDisk);
  const inFlat = stats((await tagSaves(await handlersOver(flat), medium, n)).toDisk);
  const ratio = inTwo.p95 > 0 ? Math.round((inFlat.p95 / inTwo.p95) * 100) / 100 : null;
  metric({ id: 'workspace.save-flat.p95', name: `A tag's save until the sidecar is on disk (main side), 100 KB article in a flat folder of ${flatCount} articles, p95 of ${n}`, value: inFlat.p95, unit: 'ms', target: '< 50 ms', pass: inFlat.p95 < 50 });
  metric({ id: 'workspace.save-two.p95', name: 'The same in a folder of two articles, p95', value: inTwo.p95, unit: 'ms', target: null, pass: null });
  metric({ id: 'workspace.save-flat.ratio', name: 'Ratio flat folder / folder of two (p95)', value: ratio, unit: 'x', target: null, pass: null });

  const big = await tagSaves(await handlersOver(data.articlesDir), data.big.path, n);
  const busy = stats(big.busy);
  metric({
    id: 'workspace.save-main-thread.p95',
    name: `Main's event-loop busy time per save, ${Math.round(data.big.bytes / 1024)} KB article with ${data.big.annotations} annotations (search index built), p95 of ${n}`,
    value: busy.p95,
    unit: 'ms',
    target: '< 10 ms',
    pass: busy.p95 < 10,
    note: `to disk p95 ${stats(big.toDisk).p95} ms`,
  });

  // Another program rewrites one sidecar in the generated corpus.
  const search = createSearchHandlers();
  const workspace = await Workspace.open(data.corpusDir, { search });
  const corpus = workspace.corpus;
  await search.handlers.buildSearchIndex({});
  // The renderer has listed the corpus: the index is built.
  await workspace.listDocuments();
  const waiting = new Map<string, (event: CorpusFileEvent) => void>();
  const processing: number[] = [];
  /** When the watcher last reported: the workspace's own work is what follows until the event is sent. */
  let reportedAt = 0;
  const watcher = await workspace.watch(
    (out) => {
      if (out.kind === 'documents-updated') processing.push(performance.now() - reportedAt);
      for (const [path, done] of waiting) if (out.kind === 'documents-updated' && out.changes.some((c) => c.path === path)) done(out);
    },
    {
      watch: (o) =>
        watchCorpus({
          ...o,
          onEvent: (event) => {
            if (event.kind === 'documents-changed') reportedAt = performance.now();
            o.onEvent(event);
          },
        }),
    },
  );
  const external: number[] = [];
  try {
    const paths = (await corpus.scanTextDocuments()).filter((d) => d.sidecarFile !== null).map((d) => d.path);
    for (let i = 0; i < (options.smoke ? 1 : 5); i++) {
      const path = paths[(i * 997) % paths.length] as string;
      const file = join(corpus.root, `${path}.annotations.json`);
      const sidecar = JSON.parse(await readFile(file, 'utf8')) as { annotations: { note?: string }[] };
      const word = `quokkaws${i}x`;
      (sidecar.annotations[0] as { note?: string }).note = word;
      const updated = new Promise<CorpusFileEvent>((resolve) => waiting.set(path, resolve));
      const t0 = performance.now();
      await writeFile(file, `${JSON.stringify(sidecar, null, 2)}\n`);
      await updated;
      waiting.delete(path);
      const found = (await search.handlers.searchCorpus({ query: word })).results.map((r) => r.path);
      if (found[0] !== path) throw new Error(`search did not find ${word} in ${path} after the update (found ${found.join(', ') || 'nothing'})`);
      external.push(performance.now() - t0);
    }
  } finally {
    await watcher.close();
  }
  const ext = stats(external);
  const proc = stats(processing);
  metric({
    id: 'workspace.external-change',
    name: `One sidecar changed by another program, ${data.corpus.docs} documents: until main's list entry and search reflect it (watcher's 30 ms debounce and 25 ms size-settle included), median of ${ext.n}`,
    value: ext.p50,
    unit: 'ms',
    target: '< 200 ms',
    pass: ext.p50 < 200,
    note: `after the watcher reports: ${proc.p50} ms median (entry + search index)`,
  });
  metric({ id: 'workspace.external-change.after-report', name: 'The same, from the watcher\'s report to list entry and search updated, median', value: proc.p50, unit: 'ms', target: null, pass: null });
  return { flatCount, inTwo, inFlat, bigSaves: { busy, toDisk: stats(big.toDisk) }, external: ext, processing: proc };
}
