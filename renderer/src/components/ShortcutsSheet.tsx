// The keyboard sheet (?): generated from the keymap (commands/sheet.ts).
import { SHEET_GROUPS, sheetRows } from '../commands/sheet';
import type { LabelInfo } from '../editor/labels';
import { Modal } from './Modal';

export function ShortcutsSheet({ labels, isMac, onClose }: { labels: readonly LabelInfo[]; isMac: boolean; onClose(): void }) {
  return (
    <Modal className="mg-modal mg-sheet" label="Keyboard shortcuts" onClose={onClose}>
      <h2>Keyboard shortcuts</h2>
      <div className="mg-sheet-grid">
        {SHEET_GROUPS.map((g) => (
          <section key={g} aria-label={g}>
            <h3>{g}</h3>
            <dl>
              {sheetRows(g, labels, isMac).map((r) => (
                <div key={r.command}>
                  <dt>
                    <kbd>{r.keys}</kbd>
                  </dt>
                  <dd>{r.description}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <button type="button" onClick={onClose}>
        Close <kbd>Esc</kbd>
      </button>
    </Modal>
  );
}
