// Inter-annotator agreement, side by side: the figures per label (span-level
// P/R/F1 exact and overlap, token-level Cohen's kappa), the documents (folder
// mode), and the selected document's disagreements, each with take A / take B
// / both / neither, and "Apply merge". Its state lives in an AgreementStore
// (renderer/src/state/agreement-store.ts); applying a merge is the app's
// (onApplyMerge), so it goes through the document session: one undo step,
// saved like any other change.
import { useState, useSyncExternalStore } from 'react';
import type { AgreementReport, LabelAgreement } from '../../../app/agreement';
import { ConfirmMerge } from './ConfirmMerge';
import { DisagreementSentence } from './DisagreementSentence';
import { MERGE_DECISIONS, mergeChanges, type Disagreement, type MergeDecision } from '../../../app/agreement-merge';
import type { Annotation } from '../../../app/sidecar/sidecar-schema';
import type { LabelInfo } from '../editor/labels';
import type { AgreementSnapshot, AgreementStore, MergeRequest } from '../state/agreement-store';
import { RevisionPicker } from './RevisionPicker';

export interface AgreementViewProps {
  store: AgreementStore;
  /** For label colours; chips are grey without it. */
  labelByName?: ReadonlyMap<string, LabelInfo>;
  /**
   * Applies a document's merge: replace its annotations (request.annotations,
   * carrying relations through request.idMap) in one undo step. Return false
   * when it could not be applied (say, the document is read-only).
   */
  onApplyMerge(request: MergeRequest): boolean | void | Promise<boolean | void>;
  /** Shows a span of a document in the article (opening the document if needed). */
  onShowSpan?(path: string, start: number, end: number): void;
  /** Offered when given: compare two authors of the open document (the app calls store.compareAuthors). */
  onCompareAuthors?(): void;
  /** Awaited before comparing with a folder: the app saves the open document (the comparison reads saved sidecars). */
  onBeforeCompare?(): Promise<unknown> | void;
  onClose?(): void;
}

const DECISION_TEXT: Record<MergeDecision, string> = { a: 'Take A', b: 'Take B', both: 'Both', neither: 'Neither' };
const KIND_TEXT: Record<Disagreement['kind'], string> = {
  label: 'label',
  boundary: 'boundary',
  'only-a': 'only A',
  'only-b': 'only B',
  mixed: 'mixed',
};

/** A figure with three decimals, or a dash when it is undefined. */
export function figure(n: number | null | undefined): string {
  return n === null || n === undefined || Number.isNaN(n) ? '—' : n.toFixed(3);
}

function Chip({ label, labelByName }: { label: string; labelByName: ReadonlyMap<string, LabelInfo> | undefined }) {
  const info = labelByName?.get(label);
  return <span className={`mg-chip ${info ? `mg-slot-${info.slot}` : 'is-unknown'}`}>{label}</span>;
}

function sideName(snap: AgreementSnapshot, side: 'a' | 'b'): string {
  const s = snap.source;
  if (!s) return side.toUpperCase();
  if (s.kind === 'authors') return (side === 'a' ? s.authorA : s.authorB) || '(no author)';
  return side === 'a' ? 'this corpus' : s.otherName;
}

function Figures({ report, labelByName }: { report: AgreementReport; labelByName: ReadonlyMap<string, LabelInfo> | undefined }) {
  const rows = report.labels.filter((l) => l.exact.a + l.exact.b > 0);
  const o = report.overall;
  return (
    <div className="mg-agree-figures">
      <dl className="mg-agree-overall" data-testid="agreement-overall">
        <div>
          <dt>F1 exact</dt>
          <dd data-testid="overall-f1">{figure(o.exact.f1)}</dd>
        </div>
        <div>
          <dt>F1 overlap</dt>
          <dd data-testid="overall-f1-overlap">{figure(o.overlap.f1)}</dd>
        </div>
        <div>
          <dt>Cohen’s κ</dt>
          <dd data-testid="overall-kappa">{figure(o.kappa)}</dd>
        </div>
        <div>
          <dt>Precision / recall</dt>
          <dd>
            {figure(o.exact.precision)} / {figure(o.exact.recall)}
          </dd>
        </div>
        <div>
          <dt>Spans A / B / matched</dt>
          <dd>
            {o.exact.a} / {o.exact.b} / {o.exact.matched}
          </dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd>{o.tokens.toLocaleString()}</dd>
        </div>
      </dl>
      <table className="mg-agree-table" aria-label="Agreement per label">
        <thead>
          <tr>
            <th scope="col">Label</th>
            <th scope="col" title="Spans by A">A</th>
            <th scope="col" title="Spans by B">B</th>
            <th scope="col" title="Same start, end and label">Exact</th>
            <th scope="col" title="B against A: matched / B">P</th>
            <th scope="col" title="B against A: matched / A">R</th>
            <th scope="col">F1</th>
            <th scope="col" title="F1 with spans that overlap (same label)">F1 overlap</th>
            <th scope="col" title="Token-level Cohen's kappa, this label or not">κ</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((l: LabelAgreement) => (
            <tr key={l.label} data-label={l.label}>
              <th scope="row">
                <Chip label={l.label} labelByName={labelByName} />
              </th>
              <td>{l.exact.a}</td>
              <td>{l.exact.b}</td>
              <td>{l.exact.matched}</td>
              <td>{figure(l.exact.precision)}</td>
              <td>{figure(l.exact.recall)}</td>
              <td>{figure(l.exact.f1)}</td>
              <td>{figure(l.overlap.f1)}</td>
              <td>{figure(l.kappa)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SpanList({ list, labelByName }: { list: readonly Annotation[]; labelByName: ReadonlyMap<string, LabelInfo> | undefined }) {
  if (list.length === 0) return <span className="mg-muted">nothing</span>;
  return (
    <>
      {list.map((a) => (
        <span key={a.id} className="mg-agree-span">
          <Chip label={a.label} labelByName={labelByName} /> <span className="mg-agree-span-text">{a.text}</span>
        </span>
      ))}
    </>
  );
}

export function AgreementView(props: AgreementViewProps) {
  const { store, labelByName } = props;
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const [applying, setApplying] = useState(false);
  const [applyProblem, setApplyProblem] = useState<string | null>(null);
  const selected = snap.documents.find((d) => d.path === snap.selectedPath) ?? null;
  const decisions = selected ? snap.decisions.get(selected.path) : undefined;
  const undecided = selected ? selected.disagreements.filter((d) => !decisions?.has(d.id)).length : 0;
  const running = snap.status === 'running' || snap.status === 'choosing';

  const [pending, setPending] = useState<{ request: MergeRequest; removed: Annotation[]; added: Annotation[] } | null>(null);

  /** A merge that would remove or change annotations already in the document is applied only once the curator confirms it. */
  const requestApply = () => {
    if (!selected) return;
    const request = store.mergeRequest(selected.path);
    if (!request) return;
    const changes = mergeChanges(request.base, request.annotations);
    if (changes.removed.length === 0) void apply(request);
    else setPending({ request, ...changes });
  };

  const apply = async (request: MergeRequest) => {
    if (!selected) return;
    setPending(null);
    setApplying(true);
    setApplyProblem(null);
    try {
      const ok = await props.onApplyMerge(request);
      if (ok === false) setApplyProblem('The merge could not be applied to this document.');
      else store.markApplied(selected.path);
    } catch (e) {
      setApplyProblem((e as Error).message);
    } finally {
      setApplying(false);
    }
  };

  return (
    <section className="mg-agree" aria-label="Agreement" data-testid="agreement-view">
      <header className="mg-agree-head">
        <h2>Agreement</h2>
        <p className="mg-agree-source" data-testid="agreement-source">
          {snap.source
            ? snap.source.kind === 'folder'
              ? `A: this corpus · B: ${snap.source.otherName}`
              : `A: ${sideName(snap, 'a')} · B: ${sideName(snap, 'b')} in ${snap.source.path}`
            : 'Compare this corpus with another annotator’s copy of it, or two authors within this document.'}
        </p>
        <div className="mg-agree-actions">
          <button
            type="button"
            onClick={() => void (async () => {
              await props.onBeforeCompare?.();
              await store.compareWithFolder();
            })()}
            disabled={running}
          >
            Compare with folder…
          </button>
          <RevisionPicker store={store} disabled={running} {...(props.onBeforeCompare ? { onBeforeCompare: props.onBeforeCompare } : {})} />
          {props.onCompareAuthors ? (
            <button type="button" onClick={props.onCompareAuthors} disabled={running}>
              Compare authors in this document
            </button>
          ) : null}
          {props.onClose ? (
            <button type="button" onClick={props.onClose} aria-label="Close agreement">
              ×
            </button>
          ) : null}
        </div>
      </header>

      {snap.progress ? (
        <div className="mg-agree-progress" role="status" data-testid="agreement-progress">
          <progress max={Math.max(1, snap.progress.total)} value={snap.progress.done} />
          <span>
            Comparing {snap.progress.done} of {snap.progress.total}
            {snap.progress.path ? `: ${snap.progress.path}` : ''}
          </span>
          <button type="button" onClick={() => store.cancel()}>
            Cancel
          </button>
        </div>
      ) : null}
      {snap.status === 'choosing' ? <p className="mg-muted">Choose the other annotator’s folder…</p> : null}
      {snap.status === 'cancelled' ? <p className="mg-muted" role="status">Stopped: the figures cover the documents compared so far.</p> : null}
      {snap.error ? (
        <p className="mg-agree-error" role="alert">
          {snap.error}
        </p>
      ) : null}

      {snap.corpus ? (
        <>
          <h3>
            {snap.source?.kind === 'folder' ? `All documents (${snap.corpus.counts.documents}, micro-averaged)` : 'This document'}
          </h3>
          <Figures report={snap.corpus} labelByName={labelByName} />
        </>
      ) : null}

      {snap.source?.kind === 'folder' && snap.pairs.length > 0 ? (
        <>
          <h3>Documents</h3>
          <table className="mg-agree-table mg-agree-docs" aria-label="Documents compared">
            <thead>
              <tr>
                <th scope="col">Document</th>
                <th scope="col">A</th>
                <th scope="col">B</th>
                <th scope="col">F1</th>
                <th scope="col">κ</th>
                <th scope="col">Disagreements</th>
              </tr>
            </thead>
            <tbody>
              {snap.pairs.map((p) => {
                const d = snap.documents.find((x) => x.path === p.path);
                const status = !p.inOther ? 'only in this corpus' : !p.inCurrent ? `only in ${sideName(snap, 'b')}` : d && !d.comparable ? d.problem : null;
                return (
                  <tr key={p.path} className={p.path === snap.selectedPath ? 'is-selected' : ''}>
                    <th scope="row">
                      <button type="button" className="mg-link" disabled={!d?.comparable} onClick={() => store.selectDocument(p.path)}>
                        {p.path}
                      </button>
                      {status ? <span className="mg-agree-note"> {status}</span> : null}
                    </th>
                    <td>{p.annotationsA}</td>
                    <td>{p.annotationsB}</td>
                    <td>{figure(d?.report?.overall.exact.f1)}</td>
                    <td>{figure(d?.report?.overall.kappa)}</td>
                    <td>{d?.comparable ? d.disagreements.length : ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      ) : null}

      {selected ? (
        <section className="mg-agree-disagreements" aria-label="Disagreements">
          <h3>
            Disagreements in {selected.path} <span className="mg-count">{selected.disagreements.length}</span>
          </h3>
          {snap.source?.kind === 'folder' && selected.report ? <Figures report={selected.report} labelByName={labelByName} /> : null}
          {selected.warnings.map((w) => (
            <p key={w} className="mg-agree-note">
              {w}
            </p>
          ))}
          {selected.disagreements.length === 0 ? (
            <p className="mg-empty">The two agree on every span.</p>
          ) : (
            <>
              <div className="mg-agree-bulk">
                <span className="mg-muted">All:</span>
                {MERGE_DECISIONS.map((d) => (
                  <button key={d} type="button" onClick={() => store.decideAll(selected.path, d)}>
                    {DECISION_TEXT[d]}
                  </button>
                ))}
              </div>
              <ol className="mg-agree-list">
                {selected.disagreements.map((d) => {
                  const chosen = decisions?.get(d.id);
                  return (
                    <li key={d.id} className="mg-agree-item" data-id={d.id} data-testid="disagreement">
                      <div className="mg-agree-where">
                        <span className={`mg-agree-kind is-${d.kind}`}>{KIND_TEXT[d.kind]}</span>
                        {props.onShowSpan ? (
                          <button type="button" className="mg-link" title={`Code points ${d.start}–${d.end}`} onClick={() => props.onShowSpan?.(selected.path, d.start, d.end)}>
                            Show in text
                          </button>
                        ) : (
                          <span className="mg-muted">
                            [{d.start}, {d.end})
                          </span>
                        )}
                      </div>
                      <DisagreementSentence d={d} nameA={sideName(snap, 'a')} nameB={sideName(snap, 'b')} />
                      <div className="mg-agree-sides">
                        <div className="mg-agree-side">
                          <span className="mg-agree-who">A · {sideName(snap, 'a')}</span>
                          <SpanList list={d.a} labelByName={labelByName} />
                        </div>
                        <div className="mg-agree-side">
                          <span className="mg-agree-who">B · {sideName(snap, 'b')}</span>
                          <SpanList list={d.b} labelByName={labelByName} />
                        </div>
                      </div>
                      <div className="mg-agree-decide" role="group" aria-label={`Decision for ${d.id}`}>
                        {MERGE_DECISIONS.map((m) => (
                          <button
                            key={m}
                            type="button"
                            aria-pressed={chosen === m}
                            className={chosen === m ? 'is-active' : ''}
                            onClick={() => store.decide(selected.path, d.id, chosen === m ? null : m)}
                          >
                            {DECISION_TEXT[m]}
                          </button>
                        ))}
                      </div>
                    </li>
                  );
                })}
              </ol>
            </>
          )}
          <div className="mg-agree-apply">
            <button type="button" className="mg-primary" disabled={applying || !selected.comparable || pending !== null} onClick={requestApply} data-testid="apply-merge">
              Apply merge
            </button>
            {pending ? <ConfirmMerge path={selected.path} removed={pending.removed} added={pending.added} onConfirm={() => void apply(pending.request)} onCancel={() => setPending(null)} /> : null}
            <span className="mg-muted">
              {undecided > 0 ? `${undecided} undecided: A’s annotations are kept there.` : 'Every disagreement is decided.'} Agreed spans are kept.
            </span>
            {snap.applied.has(selected.path) ? (
              <span className="mg-agree-applied" role="status">
                Merge applied to {selected.path}.
              </span>
            ) : null}
            {applyProblem ? (
              <span className="mg-agree-error" role="alert">
                {applyProblem}
              </span>
            ) : null}
          </div>
        </section>
      ) : null}
    </section>
  );
}
