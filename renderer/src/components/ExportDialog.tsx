// Export the corpus as a dataset from the app: choose the format and filters,
// then where to write; a progress bar with Cancel while it runs; what was
// written, and any problems, when it is done.
import { useEffect, useRef, useState } from 'react';
import type { ExportJobStatus } from '../../../app/ipc/contract';
import { EXPORT_FORMATS, type ExportFormatName } from '../../../app/formats/types';
import { DOCUMENT_STATUSES, type DocumentStatus } from '../../../app/sidecar/sidecar-schema';
import { call } from '../bridge/client';
import { Modal } from './Modal';
import type { LabelInfo } from '../editor/labels';

const FORMAT_TEXT: Record<ExportFormatName, string> = {
  jsonl: 'spaCy / Prodigy JSONL (code points)',
  doccano: 'doccano JSONL with relations',
  conll: 'CoNLL-2003, IOB2',
  brat: 'brat standoff folder',
  labelstudio: 'Label Studio tasks',
  w3c: 'W3C Web Annotation JSON-LD',
  csv: 'CSV, one row per claim',
  claimreview: 'schema.org ClaimReview JSON-LD (fact-checks)',
  fever: 'FEVER JSONL (claims with evidence)',
};

export function ExportDialog({ labels, onClose }: { labels: readonly LabelInfo[]; onClose(): void }) {
  const [format, setFormat] = useState<ExportFormatName>('jsonl');
  const [split, setSplit] = useState(false);
  const [splitText, setSplitText] = useState('80,10,10');
  const [seed, setSeed] = useState(1);
  const [statuses, setStatuses] = useState<DocumentStatus[]>([]);
  const [chosenLabels, setChosenLabels] = useState<string[]>([]);
  const [job, setJob] = useState<ExportJobStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);

  useEffect(() => () => {
    if (timer.current) clearInterval(timer.current);
  }, []);

  const splitParts = splitText.split(',').map((x) => Number(x.trim()));
  const splitValid = !split || (splitParts.length >= 2 && splitParts.length <= 3 && splitParts.every((n) => Number.isInteger(n) && n >= 0) && splitParts.reduce((a, b) => a + b, 0) === 100);
  const running = job?.state === 'running';

  const start = async () => {
    setError(null);
    try {
      const started = await call('startExport', {
        format,
        ...(split ? { split: splitParts, seed } : {}),
        ...(statuses.length ? { status: statuses } : {}),
        ...(chosenLabels.length ? { labels: chosenLabels } : {}),
      });
      if (!started) return;
      setJob({ jobId: started.jobId, state: 'running', done: 0, total: 0, out: started.out });
      timer.current = setInterval(() => {
        void call('exportStatus', { jobId: started.jobId }).then((status) => {
          setJob(status);
          if (status.state !== 'running' && timer.current) {
            clearInterval(timer.current);
            timer.current = null;
          }
        });
      }, 150);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const toggle = <T,>(list: T[], value: T) => (list.includes(value) ? list.filter((x) => x !== value) : [...list, value]);

  return (
    <Modal className="mg-modal mg-export" label="Export" onClose={onClose} busy={running}>
        <h2>Export the corpus</h2>
        <label className="mg-field">
          Format
          <select aria-label="Format" value={format} disabled={running} onChange={(e) => setFormat(e.target.value as ExportFormatName)}>
            {EXPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {f} — {FORMAT_TEXT[f]}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="mg-export-filters" disabled={running}>
          <legend>Documents</legend>
          {DOCUMENT_STATUSES.map((st) => (
            <label key={st} className="mg-check">
              <input type="checkbox" checked={statuses.includes(st)} onChange={() => setStatuses(toggle(statuses, st))} />
              {st}
            </label>
          ))}
          <span className="mg-muted">{statuses.length ? '' : '(all statuses)'}</span>
        </fieldset>
        <fieldset className="mg-export-filters" disabled={running}>
          <legend>Labels</legend>
          {labels.map((l) => (
            <label key={l.name} className="mg-check">
              <input type="checkbox" checked={chosenLabels.includes(l.name)} onChange={() => setChosenLabels(toggle(chosenLabels, l.name))} />
              {l.name}
            </label>
          ))}
          <span className="mg-muted">{chosenLabels.length ? '' : '(all labels)'}</span>
        </fieldset>
        <fieldset className="mg-export-filters" disabled={running}>
          <legend>Split</legend>
          <label className="mg-check">
            <input type="checkbox" checked={split} onChange={(e) => setSplit(e.target.checked)} />
            train / dev / test by document
          </label>
          {split ? (
            <>
              <input aria-label="Split percentages" value={splitText} onChange={(e) => setSplitText(e.target.value)} size={10} aria-invalid={!splitValid} />
              <label>
                seed <input aria-label="Seed" type="number" value={seed} onChange={(e) => setSeed(Number(e.target.value) || 0)} style={{ width: '6em' }} />
              </label>
              {!splitValid ? <span className="mg-error">two or three whole numbers adding up to 100</span> : null}
            </>
          ) : null}
        </fieldset>
        {job ? (
          <div className="mg-export-progress" role="status" data-testid="export-status">
            <progress max={Math.max(1, job.total)} value={job.done} aria-label="Export progress" />
            {job.state === 'running' ? (
              <span>
                Exporting… {job.done} of {job.total || '?'} documents
              </span>
            ) : job.state === 'done' && job.report ? (
              <span>
                Wrote {job.report.documents} documents, {job.report.annotations} annotations, {job.report.relations} relations to {job.out}
                {job.report.problems.length ? ` — ${job.report.problems.length} problems: ${job.report.problems.slice(0, 3).join('; ')}` : ''}
                {job.report.warnings.length ? ` — ${job.report.warnings.slice(0, 2).join('; ')}` : ''}
              </span>
            ) : job.state === 'cancelled' ? (
              <span>Cancelled; nothing was left under {job.out}.</span>
            ) : (
              <span className="mg-error">Export failed: {job.error}</span>
            )}
          </div>
        ) : null}
        {error ? (
          <p className="mg-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="mg-modal-actions">
          {running ? (
            <button type="button" onClick={() => job && void call('cancelExport', { jobId: job.jobId })}>
              Cancel export
            </button>
          ) : (
            <button type="button" className="mg-primary" disabled={!splitValid} onClick={() => void start()}>
              Export…
            </button>
          )}
          <button type="button" onClick={onClose} disabled={running}>
            Close
          </button>
        </div>
    </Modal>
  );
}
