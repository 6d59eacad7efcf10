// Exports started from the app: run in the background with progress the
// renderer polls, cancellable, written into a folder the analyst chose, under
// a new name (never over an existing file).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FORMATS } from '../../app/formats/registry';
import type { AppExportRequest } from '../../app/formats/export-request';
import type { ExportJobStatus } from '../../app/ipc/contract';
import type { CorpusService } from '../corpus/corpus-service';
import { CorpusError } from '../corpus/paths';
import { exportCorpus } from './export-service';

/** What the app's export dialog sends (checked by the IPC contract with the shared export schema). */
export type ExportRequest = AppExportRequest;


/** A name in `folder` that does not exist yet: marginalia-jsonl.jsonl, then marginalia-jsonl-2.jsonl, … */
export function freshOutputPath(folder: string, base: string, request: ExportRequest): string {
  const info = FORMATS[request.format];
  const extension = info.layout === 'folder' || request.split?.length ? '' : info.extension;
  for (let n = 1; ; n++) {
    const candidate = join(folder, `${base}-${request.format}${n === 1 ? '' : `-${n}`}${extension}`);
    if (!existsSync(candidate)) return candidate;
  }
}

export function createExportJobs(deps: { corpus(): CorpusService; chooseFolder(): Promise<string | null> }) {
  const jobs = new Map<string, { status: ExportJobStatus; controller: AbortController }>();
  let next = 1;
  return {
    /** Ask where to write, then start; null when the analyst cancels the folder dialog. */
    async startExport(request: ExportRequest): Promise<{ jobId: string; out: string } | null> {
      const service = deps.corpus();
      const folder = await deps.chooseFolder();
      if (folder === null) return null;
      const out = freshOutputPath(folder, service.name.replace(/[^\p{L}\p{N}_.-]+/gu, '-') || 'corpus', request);
      const jobId = `export-${next++}`;
      const controller = new AbortController();
      const status: ExportJobStatus = { jobId, state: 'running', done: 0, total: 0, out };
      jobs.set(jobId, { status, controller });
      void exportCorpus(
        service,
        { ...request, out },
        (done, total) => {
          status.done = done;
          status.total = total;
        },
        controller.signal,
      ).then(
        (report) => {
          status.state = 'done';
          status.report = report;
        },
        (e: Error) => {
          status.state = controller.signal.aborted ? 'cancelled' : 'failed';
          if (!controller.signal.aborted) status.error = e.message;
        },
      );
      return { jobId, out };
    },
    exportStatus(jobId: string): ExportJobStatus {
      const job = jobs.get(jobId);
      if (!job) throw new CorpusError('not-found', `no export ${jobId}`);
      return { ...job.status };
    },
    cancelExport(jobId: string): void {
      jobs.get(jobId)?.controller.abort();
    },
  };
}
