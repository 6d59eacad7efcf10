import { SHORTCUTS } from '../keyboard/shortcuts';
import type { LabelInfo } from '../editor/labels';

export function ShortcutsSheet({ labels, onClose }: { labels: readonly LabelInfo[]; onClose(): void }) {
  const groups = ['Select', 'Tag', 'Annotations', 'Suggestions', 'App'] as const;
  return (
    <div className="mg-modal-backdrop" onClick={onClose}>
      <div className="mg-modal mg-sheet" role="dialog" aria-label="Keyboard shortcuts" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <div className="mg-sheet-grid">
          {groups.map((g) => (
            <section key={g}>
              <h3>{g}</h3>
              <dl>
                {g === 'Tag'
                  ? labels
                      .filter((l) => l.hotkey)
                      .map((l) => (
                        <div key={l.name}>
                          <dt>
                            <kbd>{l.hotkey}</kbd>
                          </dt>
                          <dd>Tag the selection as {l.name}, or relabel the selected annotation</dd>
                        </div>
                      ))
                  : SHORTCUTS.filter((s) => s.group === g).map((s) => (
                      <div key={s.action}>
                        <dt>
                          <kbd>{s.keys}</kbd>
                        </dt>
                        <dd>{s.description}</dd>
                      </div>
                    ))}
              </dl>
            </section>
          ))}
        </div>
        <button type="button" onClick={onClose}>
          Close <kbd>Esc</kbd>
        </button>
      </div>
    </div>
  );
}
