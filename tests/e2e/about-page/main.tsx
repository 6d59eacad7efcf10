// A test page for the About box on its own: the real component and
// stylesheets, the bridge answered by the harness. Built by about.test.ts.
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { AboutDialog } from '../../../renderer/src/components/AboutDialog';
import '../../../renderer/src/styles/app.css';

interface TestLog {
  closed: number;
  /** Keys that reached window: the app's shortcuts would have seen them. */
  leakedKeys: string[];
}
declare global {
  interface Window {
    aboutTest: TestLog;
  }
}
const log: TestLog = { closed: 0, leakedKeys: [] };
window.aboutTest = log;
window.addEventListener('keydown', (e) => log.leakedKeys.push(e.key));

function Page() {
  const [open, setOpen] = useState(false);
  return (
    <main>
      <button type="button" onClick={() => setOpen(true)}>
        About
      </button>
      {open ? (
        <AboutDialog
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
