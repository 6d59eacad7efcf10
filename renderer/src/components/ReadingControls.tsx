import { FONT_SIZES, type Measure, type Preferences, type PreferencesStore, type Theme } from '../state/preferences';
import { Modal } from './Modal';

/** Typography controls for the reading view: size, width, theme, highlights on or off. */
export function ReadingControls({ prefs, store }: { prefs: Preferences; store: PreferencesStore }) {
  return (
    <div className="mg-reading-controls" role="toolbar" aria-label="Reading">
      <button type="button" onClick={() => store.stepFontSize(-1)} disabled={prefs.fontSize === FONT_SIZES[0]} aria-label="A− smaller text" title="Smaller text (Ctrl+-)">
        A−
      </button>
      <span className="mg-muted" aria-live="polite">
        {prefs.fontSize}px
      </span>
      <button type="button" onClick={() => store.stepFontSize(1)} disabled={prefs.fontSize === FONT_SIZES[FONT_SIZES.length - 1]} aria-label="A+ larger text" title="Larger text (Ctrl++)">
        A+
      </button>
      <label>
        <span className="mg-muted">Width</span>
        <select aria-label="Text width" value={prefs.measure} onChange={(e) => store.update({ measure: e.target.value as Measure })}>
          <option value="narrow">narrow</option>
          <option value="medium">medium</option>
          <option value="wide">wide</option>
        </select>
      </label>
      <label>
        <span className="mg-muted">Theme</span>
        <select aria-label="Theme" value={prefs.theme} onChange={(e) => store.update({ theme: e.target.value as Theme })}>
          <option value="light">light</option>
          <option value="sepia">sepia</option>
          <option value="dark">dark</option>
        </select>
      </label>
      <label className="mg-check">
        <input type="checkbox" checked={prefs.showAnnotations} onChange={(e) => store.update({ showAnnotations: e.target.checked })} />
        Annotations
      </label>
      <label className="mg-check" title="Show the document list beside the article while reading">
        <input type="checkbox" checked={prefs.readingLibrary} onChange={(e) => store.update({ readingLibrary: e.target.checked })} />
        Library
      </label>
    </div>
  );
}

export function PreferencesDialog({ prefs, store, onClose, onAbout }: { prefs: Preferences; store: PreferencesStore; onClose(): void; onAbout?(): void }) {
  return (
    <Modal className="mg-modal mg-prefs" label="Preferences" onClose={onClose}>
        <h2>Preferences</h2>
        <label className="mg-field">
          Your name, recorded on each annotation you make
          <input
            aria-label="Annotator name"
            value={prefs.author}
            placeholder="e.g. alice"
            onChange={(e) => store.update({ author: e.target.value })}
          />
        </label>
        <ReadingControls prefs={prefs} store={store} />
        <div className="mg-modal-actions">
          {onAbout ? (
            <button type="button" onClick={onAbout}>
              About Marginalia…
            </button>
          ) : null}
          <button type="button" onClick={onClose}>
            Done
          </button>
        </div>
    </Modal>
  );
}
