// A test page for the label schema editor on its own: the real component and
// stylesheet, the bridge answered by the harness. Built by label-schema.test.ts.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { LabelSchemaFile } from '../../../app/label-schema';
import { call } from '../../../renderer/src/bridge/client';
import { SchemaEditor } from '../../../renderer/src/components/SchemaEditor';
import '../../../renderer/src/styles/app.css';

interface TestLog {
  saved: LabelSchemaFile[];
  closed: number;
  /** Keys that reached window: the app's shortcuts would have seen them. */
  leakedKeys: string[];
}
declare global {
  interface Window {
    schemaEditorTest: TestLog;
  }
}
const log: TestLog = { saved: [], closed: 0, leakedKeys: [] };
window.schemaEditorTest = log;
window.addEventListener('keydown', (e) => log.leakedKeys.push(e.key));

function Page() {
  const [schema, setSchema] = useState<LabelSchemaFile | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    void call('getStartup', {}).then((info) => setSchema(info.labelSchema));
  }, []);
  if (!schema) return <p>Loading…</p>;
  return (
    <main>
      <button type="button" onClick={() => setOpen(true)}>
        Edit labels
      </button>
      <ul aria-label="Current labels">
        {[...schema.entityLabels, ...schema.claimLabels].map((l) => (
          <li key={l.name}>{`${l.name} ${l.hotkey ?? '-'} ${l.colour}`}</li>
        ))}
      </ul>
      {open ? (
        <SchemaEditor
          schema={schema}
          onSaved={(saved) => {
            log.saved.push(saved);
            setSchema(saved);
            setOpen(false);
          }}
          onClose={() => {
            log.closed += 1;
            setOpen(false);
          }}
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
