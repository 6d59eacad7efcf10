// The command palette (Ctrl+Shift+P): every command with its key, filtered by
// typing; ↑/↓ choose, Enter runs, Escape closes.
import { useId, useMemo, useState } from 'react';
import { filterPalette, type PaletteEntry } from '../commands/palette';
import { Modal } from './Modal';

export function CommandPalette({ entries, onRun, onClose }: { entries: readonly PaletteEntry[]; onRun(id: string): void; onClose(): void }) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const ids = useId();
  const shown = useMemo(() => filterPalette(entries, query), [entries, query]);
  const current = shown[Math.min(active, shown.length - 1)];
  const run = (e: PaletteEntry | undefined) => {
    if (!e || !e.enabled) return;
    onClose();
    // After the dialog has closed and focus is back where the command expects it.
    requestAnimationFrame(() => onRun(e.command.id));
  };
  return (
    <Modal className="mg-modal mg-palette" label="Command palette" onClose={onClose}>
      <input
        type="text"
        role="combobox"
        aria-label="Type a command"
        aria-expanded="true"
        aria-controls={`${ids}-list`}
        aria-activedescendant={current ? `${ids}-${current.command.id}` : undefined}
        placeholder="Type a command"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            const n = shown.length || 1;
            setActive((a) => (Math.min(a, n - 1) + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
          } else if (e.key === 'Enter') {
            e.preventDefault();
            run(current);
          }
        }}
      />
      <ul id={`${ids}-list`} role="listbox" aria-label="Commands" className="mg-palette-list">
        {shown.map((e) => (
          <li
            key={e.command.id}
            id={`${ids}-${e.command.id}`}
            role="option"
            aria-selected={e === current}
            aria-disabled={!e.enabled}
            className={e === current ? 'is-active' : undefined}
            onClick={() => run(e)}
          >
            <span>{e.command.title}</span>
            {e.keys ? <kbd>{e.keys}</kbd> : null}
          </li>
        ))}
      </ul>
      {shown.length === 0 ? <p className="mg-muted">No command matches “{query}”.</p> : null}
    </Modal>
  );
}
