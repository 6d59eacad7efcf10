// Entity suggestions for the open document (compromise, offline, in a
// worker): run, progress and cancel, the pending list with accept / reject
// per item, accept all / reject all. The state lives in a SuggestionStore
// (renderer/src/state/suggestion-store.ts); keys are the app's to map onto the
// store's methods (accept, reject, acceptAll, rejectAll, next, previous).
import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { TextIndex } from '../../../app/offsets';
import type { Suggestion } from '../../../app/suggestions';
import type { LabelInfo } from '../editor/labels';
import type { SuggestionStore } from '../state/suggestion-store';

export interface SuggestionsPanelProps {
  store: SuggestionStore;
  labelByName?: ReadonlyMap<string, LabelInfo>;
  /** Runs the suggester over the open document (the app calls store.run with its text, annotations and labels). */
  onRun?(): void;
  /** Shows a suggestion in the article (after a click in the list). */
  onFocus?(suggestion: Suggestion): void;
  /** The document is read-only: nothing can be accepted. */
  readOnly?: boolean;
  /** The open document's text, for showing a suggestion in its context in the review flow. */
  index?: TextIndex;
}

const SOURCE_NAMES: Record<string, string> = { 'string-match': 'tagged before', rules: 'schema rule', tagger: 'learned', compromise: 'built-in' };

/** How a suggestion was found, for people: "tagged before · 83%". */
export function provenance(s: Suggestion): string {
  const source = SOURCE_NAMES[s.source ?? 'compromise'] ?? s.source ?? '';
  return s.score === undefined ? source : `${source} · ${Math.round(s.score * 100)}%`;
}

/** Up to `around` UTF-16 units of the suggestion's line either side of it. */
export function contextOf(index: TextIndex, s: Suggestion, around = 90): { before: string; match: string; after: string } {
  const text = index.text;
  const from = index.toUtf16(s.start);
  const to = index.toUtf16(s.end);
  const lineStart = Math.max(text.lastIndexOf('\n', from - 1) + 1, from - around);
  const nl = text.indexOf('\n', to);
  const lineEnd = Math.min(nl < 0 ? text.length : nl, to + around);
  return { before: text.slice(lineStart, from), match: text.slice(from, to), after: text.slice(to, lineEnd) };
}

/** The review flow (Prodigy's): one suggestion at a time, surest first, in its sentence; accept, reject or skip. */
function ReviewCard(props: { store: SuggestionStore; index: TextIndex; labelByName?: ReadonlyMap<string, LabelInfo> | undefined; readOnly: boolean }) {
  const { store, index, labelByName, readOnly } = props;
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const s = snap.current;
  const total = snap.pending.length + snap.accepted + snap.rejected;
  const counts = `${snap.accepted + snap.rejected} of ${total} reviewed · ${snap.accepted} accepted · ${snap.rejected} rejected${snap.skipped ? ` · ${snap.skipped} skipped` : ''}`;
  if (!s) return <p className="mg-empty" role="status">{`Nothing left to review. ${counts}`}</p>;
  const info = labelByName?.get(s.label);
  const { before, match, after } = contextOf(index, s);
  return (
    <div className="mg-review" data-testid="suggestion-review">
      <p className="mg-review-context">
        {before}
        <mark className={`mg-review-match ${info ? `mg-slot-${info.slot}` : ''}`}>{match}</mark>
        {after}
      </p>
      <p>
        <span className={`mg-chip ${info ? `mg-slot-${info.slot}` : 'is-unknown'}`}>{s.label}</span> <span className="mg-muted">{provenance(s)}</span>
      </p>
      <div className="mg-suggest-actions">
        <button type="button" disabled={readOnly} onClick={() => store.accept()} aria-keyshortcuts="A">
          Accept <kbd>A</kbd>
        </button>
        <button type="button" onClick={() => store.reject()} aria-keyshortcuts="D">
          Reject <kbd>D</kbd>
        </button>
        <button type="button" onClick={() => store.skip()} aria-keyshortcuts="Shift+S">
          Skip <kbd>Shift+S</kbd>
        </button>
      </div>
      <p className="mg-muted" role="status" data-testid="review-counts">
        {counts}
      </p>
    </div>
  );
}

export function SuggestionsPanel(props: SuggestionsPanelProps) {
  const { store, labelByName, readOnly = false } = props;
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (!snap.currentId) return;
    listRef.current?.querySelector(`[data-id="${CSS.escape(snap.currentId)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [snap.currentId]);

  const running = snap.status === 'running';
  return (
    <section className="mg-panel mg-suggest" aria-label="Suggestions" data-testid="suggestions-panel">
      <h2>
        Suggestions <span className="mg-count">{snap.pending.length}</span>
      </h2>
      <div className="mg-suggest-actions">
        {props.onRun ? (
          <button type="button" onClick={props.onRun} disabled={running}>
            {snap.status === 'idle' && snap.accepted + snap.rejected === 0 ? 'Suggest entities' : 'Suggest again'}
          </button>
        ) : null}
        <button type="button" onClick={() => store.acceptAll()} disabled={readOnly || running || snap.pending.length === 0}>
          Accept all
        </button>
        <button type="button" onClick={() => store.rejectAll()} disabled={running || snap.pending.length === 0}>
          Reject all
        </button>
        {props.index ? (
          <button type="button" aria-pressed={snap.review} onClick={() => store.setReview(!snap.review)} disabled={snap.pending.length === 0 && !snap.review}>
            {snap.review ? 'Show the list' : 'Review one by one'}
          </button>
        ) : null}
      </div>
      {snap.review && props.index && (snap.status === 'ready' || (running && snap.pending.length > 0)) ? <ReviewCard store={store} index={props.index} labelByName={labelByName} readOnly={readOnly} /> : null}
      {running ? (
        <div className="mg-suggest-progress" role="status">
          <progress max={Math.max(1, snap.progress?.total ?? 1)} value={snap.progress?.done ?? 0} />
          <span>Reading the article…</span>
          <button type="button" onClick={() => store.cancel()}>
            Cancel
          </button>
        </div>
      ) : null}
      {snap.notices.length ? (
        <div className="mg-suggest-notices" role="status" data-testid="suggestion-notices">
          <p>Left out of what the suggestions learn from:</p>
          <ul>
            {snap.notices.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {snap.status === 'error' ? (
        <p className="mg-agree-error" role="alert">
          Suggestions failed: {snap.error}
        </p>
      ) : null}
      {snap.status === 'ready' && snap.pending.length === 0 ? (
        <p className="mg-empty">
          {snap.accepted + snap.rejected > 0
            ? `Done: ${snap.accepted} accepted, ${snap.rejected} rejected.`
            : 'No new people, organisations, places or dates found.'}
        </p>
      ) : null}
      {snap.status === 'idle' && snap.pending.length === 0 && !running ? (
        <p className="mg-empty">Suggestions are found offline and shown faintly in the article; nothing is saved until you accept it.</p>
      ) : null}
      {snap.pending.length > 0 && !snap.review ? (
        <ol className="mg-suggest-list" ref={listRef}>
          {snap.pending.map((s) => {
            const info = labelByName?.get(s.label);
            const current = s.id === snap.currentId;
            return (
              <li key={s.id} data-id={s.id} className={`mg-suggest-item${current ? ' is-current' : ''}`} data-testid="suggestion">
                <button
                  type="button"
                  className="mg-suggest-text"
                  aria-current={current}
                  onClick={() => {
                    store.select(s.id);
                    props.onFocus?.(s);
                  }}
                >
                  <span className={`mg-chip ${info ? `mg-slot-${info.slot}` : 'is-unknown'}`}>{s.label}</span>
                  <span className="mg-ann-text">{s.text}</span>
                  <span className="mg-muted mg-suggest-source">{provenance(s)}</span>
                </button>
                <button type="button" aria-label={`Accept ${s.text} as ${s.label}`} disabled={readOnly} onClick={() => store.accept(s.id)}>
                  ✓
                </button>
                <button type="button" aria-label={`Reject ${s.text} as ${s.label}`} onClick={() => store.reject(s.id)}>
                  ✕
                </button>
              </li>
            );
          })}
        </ol>
      ) : null}
    </section>
  );
}
