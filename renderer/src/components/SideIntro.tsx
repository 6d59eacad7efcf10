// The right column before a document is open: what will appear there and how
// to start, with the corpus's labels and their keys (rather than an empty panel).
import type { CorpusSummary } from '../../../app/ipc/contract';
import type { LabelInfo } from '../editor/labels';

export function SideIntro({ corpus, labels }: { corpus: CorpusSummary | null; labels: readonly LabelInfo[] }) {
  return (
    <section className="mg-panel mg-side-intro" aria-label="No document open" data-testid="side-intro">
      <h2>No document open</h2>
      <p className="mg-empty">
        {corpus
          ? 'Choose a document on the left. Its annotations, claims, relations and entities are listed here.'
          : 'Open a folder of articles (Open folder…, Ctrl+O). The annotations of the document you open are listed here.'}
      </p>
      {labels.length ? (
        <>
          <h3 className="mg-muted">Labels and their keys</h3>
          <ul className="mg-side-intro-labels">
            {labels.map((l) => (
              <li key={`${l.type}:${l.name}`}>
                <span className={`mg-chip mg-slot-${l.slot}`}>{l.name}</span>
                {l.hotkey ? <kbd>{l.hotkey}</kbd> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p className="mg-empty">Select text, press a label’s key: the tag is saved beside the file. Press ? for every key.</p>
    </section>
  );
}
