// A test page for the search panel on its own: the real component, store and
// stylesheet, the bridge answered by the harness. Built by search.test.ts.
import { StrictMode, useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { call } from '../../../renderer/src/bridge/client';
import { applyLabelColours, labelInfos, type LabelInfo } from '../../../renderer/src/editor/labels';
import { SearchPanel } from '../../../renderer/src/components/SearchPanel';
import '../../../renderer/src/styles/app.css';

interface TestLog {
  opened: { path: string; start: number; end: number }[];
  /** Keys that reached window: the app's shortcuts would have seen them. */
  leakedKeys: string[];
}
declare global {
  interface Window {
    searchTest: TestLog;
  }
}
const log: TestLog = { opened: [], leakedKeys: [] };
window.searchTest = log;
window.addEventListener('keydown', (e) => {
  const t = e.target as HTMLElement | null;
  if (!t || t.tagName !== 'INPUT') log.leakedKeys.push(e.key);
});

function Page() {
  const [labels, setLabels] = useState<LabelInfo[]>([]);
  useEffect(() => {
    void call('getStartup', {}).then((info) => setLabels(labelInfos(info.labelSchema)));
  }, []);
  useEffect(() => applyLabelColours(labels), [labels]);
  const labelByName = useMemo(() => new Map(labels.map((l) => [l.name, l])), [labels]);
  return (
    <main style={{ width: 420, height: 640, display: 'flex', padding: 12 }}>
      <SearchPanel labelByName={labelByName} autoFocus onOpenHit={(path, start, end) => log.opened.push({ path, start, end })} />
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
