// The corpus's progress (doccano's dashboard): documents by status, and
// annotations per label and per annotator, counted by main over every sidecar
// (getCorpusProgress). Opened from the sidebar's progress bar.
import { useEffect, useState } from 'react';
import type { CorpusProgress } from '../../../app/ipc/contract';
import { call } from '../bridge/client';
import type { LabelInfo } from '../editor/labels';
import { Modal } from './Modal';
import { plural } from './plural';

function Bar({ value, max }: { value: number; max: number }) {
  return (
    <span className="mg-progress-cell" aria-hidden="true">
      <span style={{ width: `${max ? (100 * value) / max : 0}%` }} />
    </span>
  );
}

export function ProgressDialog({ labelByName, onClose }: { labelByName: ReadonlyMap<string, LabelInfo>; onClose(): void }) {
  const [data, setData] = useState<CorpusProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    call('getCorpusProgress', {}).then(
      (d) => live && setData(d),
      (e: unknown) => live && setError((e as Error).message),
    );
    return () => {
      live = false;
    };
  }, []);
  const maxLabel = Math.max(0, ...(data?.labels.map((l) => l.count) ?? []));
  const maxAuthor = Math.max(0, ...(data?.annotators.map((a) => a.count) ?? []));
  return (
    <Modal className="mg-modal mg-progress-modal" label="Progress" onClose={onClose}>
      <h2>Progress</h2>
      {error ? (
        <p role="alert">Could not count the corpus: {error}</p>
      ) : !data ? (
        <p className="mg-muted" role="status">
          Counting…
        </p>
      ) : (
        <>
          <p data-testid="progress-summary">
            {data.progress.done} of {plural(data.documents, 'document')} done, {data.progress['in-progress']} in progress, {data.progress.todo} to do;{' '}
            {plural(data.annotations, 'annotation')} in {plural(data.annotated, 'document')}.
          </p>
          <div className="mg-progress-tables">
            <table aria-label="Annotations per label">
              <thead>
                <tr>
                  <th scope="col">Label</th>
                  <th scope="col">Annotations</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {data.labels.length === 0 ? (
                  <tr>
                    <td colSpan={3} className="mg-muted">
                      No annotations yet.
                    </td>
                  </tr>
                ) : (
                  data.labels.map((l) => {
                    const info = labelByName.get(l.label);
                    return (
                      <tr key={`${l.type}:${l.label}`}>
                        <td>
                          <span className={`mg-chip ${info ? `mg-slot-${info.slot}` : 'is-unknown'}`}>{l.label}</span>
                        </td>
                        <td className="mg-num">{l.count.toLocaleString('en')}</td>
                        <td>
                          <Bar value={l.count} max={maxLabel} />
                        </td>
                      </tr>
                    );
                  })
                )}
              </tbody>
            </table>
            <table aria-label="Annotations per annotator">
              <thead>
                <tr>
                  <th scope="col">Annotator</th>
                  <th scope="col">Annotations</th>
                  <th scope="col">Documents</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {data.annotators.map((a) => (
                  <tr key={a.author ?? ''}>
                    <td>{a.author ?? <span className="mg-muted">no name recorded</span>}</td>
                    <td className="mg-num">{a.count.toLocaleString('en')}</td>
                    <td className="mg-num">{a.documents.toLocaleString('en')}</td>
                    <td>
                      <Bar value={a.count} max={maxAuthor} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {data.unreadable.length ? (
            <p className="mg-muted">
              Not counted ({plural(data.unreadable.length, 'unreadable file')}): {data.unreadable.join('; ')}
            </p>
          ) : null}
        </>
      )}
      <div className="mg-modal-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
