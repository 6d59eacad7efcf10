// Messages above the article: a problem, read-only, the article changed on
// disk, a notice from the session, and the re-anchoring report.
import type { DocumentSession, SessionSnapshot } from '../state/document-session';

export function ProblemBanner({ problem, onDismiss }: { problem: string | null; onDismiss(): void }) {
  if (!problem) return null;
  return (
    <div className="mg-problem" role="alert">
      <span>{problem}</span>
      <button type="button" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}

export function DocumentBanners({ snap, session, sourceChangedOnDisk, onReload }: { snap: SessionSnapshot; session: DocumentSession; sourceChangedOnDisk: string | null; onReload(): void }) {
  return (
    <>
      {snap.save.kind === 'read-only' ? (
        <div className="mg-problem is-warning" role="status">
          {snap.save.message}
        </div>
      ) : null}
      {sourceChangedOnDisk ? (
        <div className="mg-problem is-warning" role="alert">
          <span>{sourceChangedOnDisk} Your annotations are saved; reload to see the new text with the annotations moved onto it.</span>
          <button type="button" className="mg-inline-button" onClick={onReload}>
            Reload
          </button>
        </div>
      ) : null}
      {snap.notice ? (
        <div className="mg-problem is-info" role="status" data-testid="notice">
          <span>{snap.notice}</span>
          <button type="button" aria-label="Dismiss" onClick={() => session.dismissNotice()}>
            ×
          </button>
        </div>
      ) : null}
      {snap.reanchor && !snap.readOnly ? (
        <div className="mg-problem is-info" role="status" data-testid="reanchor-report">
          <details>
            <summary>
              The article changed since it was annotated: {snap.reanchor.unchanged.length} in place, {snap.reanchor.moved.length} moved,{' '}
              {snap.reanchor.fuzzy.length} adjusted to changed text, {snap.reanchor.orphaned.length} not found.
            </summary>
            <ul>
              {snap.reanchor.fuzzy.map((f) => (
                <li key={f.id}>
                  “{f.oldText}” → “{f.newText}”
                </li>
              ))}
              {snap.reanchor.orphaned.map((o) => (
                <li key={o.id}>not found: {o.id}</li>
              ))}
            </ul>
          </details>
        </div>
      ) : null}
    </>
  );
}
