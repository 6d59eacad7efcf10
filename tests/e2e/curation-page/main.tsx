// A test page for the curation components on their own (AgreementView,
// SuggestionsPanel with its worker, TagAllPreview): the real components,
// stores and stylesheet, the bridge answered by the harness. Built by
// tests/e2e/agreement.test.ts. It stands in for the app's wiring: the merge
// and accepted suggestions are applied to one open document held here, and
// saved through saveSidecar as the document session would.
import { StrictMode, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { addSpans, replaceAnnotations, type NewSpan } from '../../../app/batch-annotations';
import type { OpenedDocument } from '../../../app/ipc/contract';
import type { FindOccurrencesResult } from '../../../app/ipc/curation-contract';
import { TextIndex } from '../../../app/offsets';
import type { OccurrenceOptions } from '../../../app/tag-all';
import type { Sidecar } from '../../../app/sidecar/sidecar-schema';
import { emptySidecar } from '../../../app/sidecar/sidecar-io';
import { call } from '../../../renderer/src/bridge/client';
import { AgreementView } from '../../../renderer/src/components/AgreementView';
import { SuggestionsPanel } from '../../../renderer/src/components/SuggestionsPanel';
import { TagAllPreview } from '../../../renderer/src/components/TagAllPreview';
import { labelInfos, applyLabelColours } from '../../../renderer/src/editor/labels';
import { AgreementStore, sameAnnotations, type MergeRequest } from '../../../renderer/src/state/agreement-store';
import { SuggestionStore } from '../../../renderer/src/state/suggestion-store';
import { applyTagAll, findAll, type SelectedOccurrence } from '../../../renderer/src/state/tag-all';
import { bridgeWorkspaceDisk, WorkspaceUndo } from '../../../renderer/src/state/workspace-undo';
import { createWorkerSuggester } from '../../../renderer/src/workers/suggest-client';
import '../../../renderer/src/styles/app.css';

interface TestLog {
  merges: { path: string; description: string; count: number; undecided: string[]; stale: boolean }[];
  accepted: NewSpan[][];
  tagged: { openSpans: number; added: number; problems: string[] }[];
  saves: number;
}
declare global {
  interface Window {
    curationTest: TestLog;
  }
}
const log: TestLog = { merges: [], accepted: [], tagged: [], saves: 0 };
const workspace = new WorkspaceUndo(bridgeWorkspaceDisk);
window.curationTest = log;

const suggester = createWorkerSuggester();

function Page() {
  const [doc, setDoc] = useState<OpenedDocument | null>(null);
  const [sidecar, setSidecar] = useState<Sidecar | null>(null);
  const [labels, setLabels] = useState<ReturnType<typeof labelInfos>>([]);
  const [found, setFound] = useState<{ text: string; label: string; options: OccurrenceOptions; results: FindOccurrencesResult } | null>(null);
  const index = useMemo(() => (doc ? new TextIndex(doc.text) : null), [doc]);
  const labelByName = useMemo(() => new Map(labels.map((l) => [l.name, l])), [labels]);

  // The latest document state, for callbacks made once (the stores outlive renders).
  const current = useRef<{ doc: OpenedDocument | null; sidecar: Sidecar | null; index: TextIndex | null }>({ doc: null, sidecar: null, index: null });
  useLayoutEffect(() => {
    current.current = { doc, sidecar, index };
  }, [doc, sidecar, index]);

  const save = async (next: Sidecar) => {
    const path = current.current.doc?.path;
    if (!path) return;
    current.current = { ...current.current, sidecar: next };
    setSidecar(next);
    await call('saveSidecar', { path, sidecar: next });
    log.saves++;
  };

  const agreement = useMemo(() => new AgreementStore(), []);
  const [suggestions] = useState(
    () =>
      new SuggestionStore({
        suggest: suggester.suggest,
        onAccept: (spans) => {
          log.accepted.push(spans);
          const { sidecar: sc, index: ix } = current.current;
          if (!sc || !ix) return false;
          void save(addSpans(sc, ix, spans).doc);
        },
      }),
  );

  useEffect(() => {
    void (async () => {
      const info = await call('getStartup', {});
      const l = labelInfos(info.labelSchema);
      setLabels(l);
      applyLabelColours(l);
      agreement.setLabelOrder(l.map((x) => x.name));
      const docs = await call('listDocuments', {});
      const first = docs.find((d) => d.kind === 'text');
      if (!first) return;
      const opened = await call('openDocument', { path: first.path });
      setDoc(opened);
      setSidecar(opened.sidecar ?? emptySidecar({ name: first.name, sha256: opened.sha256, length: opened.length }));
    })();
  }, [agreement]);

  if (!doc || !sidecar || !index) return <p>Loading…</p>;

  const applyMerge = async (request: MergeRequest) => {
    const stale = !sameAnnotations(sidecar.annotations, request.base);
    log.merges.push({ path: request.path, description: request.description, count: request.annotations.length, undecided: request.undecided, stale });
    if (request.path !== doc.path || stale) return false;
    await save(replaceAnnotations(sidecar, request.annotations, request.idMap));
    return true;
  };

  const search = (text: string, label: string, options: OccurrenceOptions) =>
    void findAll({ text, label, options }, { path: doc.path, index, annotations: sidecar.annotations }).then((results) =>
      setFound({ text, label, options, results }),
    );

  return (
    <main className="mg-curation-test">
      <p data-testid="open-doc">
        {doc.path}: {sidecar.annotations.length} annotations
      </p>
      <AgreementView
        store={agreement}
        labelByName={labelByName}
        onApplyMerge={applyMerge}
        onCompareAuthors={() => agreement.compareAuthors({ path: doc.path, text: doc.text, annotations: sidecar.annotations })}
      />
      <SuggestionsPanel
        store={suggestions}
        labelByName={labelByName}
        onRun={() => void suggestions.run({ path: doc.path, text: doc.text }, sidecar.annotations, { allowedLabels: labels.filter((l) => l.type === 'entity').map((l) => l.name) })}
      />
      <form
        aria-label="Tag all"
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          search(String(data.get('text')), String(data.get('label')), { wholeWord: true });
        }}
      >
        <input name="text" aria-label="Text to find" />
        <input name="label" aria-label="Label" />
        <button type="submit">Find all</button>
      </form>
      {found ? (
        <TagAllPreview
          text={found.text}
          label={found.label}
          results={found.results}
          openPath={doc.path}
          options={found.options}
          onOptionsChange={(options) => {
            setFound({ ...found, options });
            search(found.text, found.label, options);
          }}
          onCancel={() => setFound(null)}
          onApply={(selected: SelectedOccurrence[]) =>
            void applyTagAll({
              label: found.label,
              type: 'entity',
              selected,
              openPath: doc.path,
              addToOpen: (spans) => void save(addSpans(sidecar, index, spans).doc),
              workspace,
            }).then((r) => {
              log.tagged.push({ openSpans: r.openSpans, added: r.corpus?.added ?? 0, problems: r.corpus?.problems ?? [] });
              setFound(null);
            })
          }
        />
      ) : null}
    </main>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('no #root');
createRoot(root).render(
  <StrictMode>
    <Page />
  </StrictMode>,
);
