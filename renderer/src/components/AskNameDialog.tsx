// The first start asks who is annotating, once: the name is recorded as the
// author of each annotation (Preferences or the status bar change it later).
import { useState } from 'react';
import type { PreferencesStore } from '../state/preferences';
import { Modal } from './Modal';

export function AskNameDialog({ store, onClose }: { store: PreferencesStore; onClose(): void }) {
  const [name, setName] = useState(store.getSnapshot().author);
  const finish = (save: boolean) => {
    store.update(save ? { author: name.trim(), askedName: true } : { askedName: true });
    onClose();
  };
  return (
    <Modal className="mg-modal mg-ask-name" label="Who is annotating?" onClose={() => finish(false)}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          finish(name.trim() !== '');
        }}
      >
        <h2>Who is annotating?</h2>
        <p className="mg-muted">Your name is recorded on each annotation you make, so a team can compare and merge its work. You can change it later in Preferences or the status bar.</p>
        <label className="mg-field">
          Your name
          <input aria-label="Your name" value={name} placeholder="e.g. alice" maxLength={200} onChange={(e) => setName(e.target.value)} />
        </label>
        <div className="mg-modal-actions">
          <button type="button" onClick={() => finish(false)}>
            Skip
          </button>
          <button type="submit" disabled={name.trim() === ''}>
            Save
          </button>
        </div>
      </form>
    </Modal>
  );
}
