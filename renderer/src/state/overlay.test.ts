import { describe, expect, it } from 'vitest';
import { OverlayStore } from './overlay';

describe('OverlayStore', () => {
  it('holds one popup at a time and notifies on change only', () => {
    const store = new OverlayStore();
    let calls = 0;
    store.subscribe(() => calls++);
    store.open({ kind: 'export' });
    store.open({ kind: 'about' });
    expect(store.getSnapshot()).toEqual({ kind: 'about' });
    store.close();
    store.close();
    expect(store.getSnapshot()).toBeNull();
    expect(calls).toBe(3);
  });

  it('toggles the same kind closed, and drops updates meant for a popup that closed', () => {
    const store = new OverlayStore();
    store.toggle({ kind: 'shortcuts' });
    expect(store.getSnapshot()?.kind).toBe('shortcuts');
    store.toggle({ kind: 'shortcuts' });
    expect(store.getSnapshot()).toBeNull();
    store.update('tagAll', (o) => ({ ...o, busy: false }));
    expect(store.getSnapshot()).toBeNull();
    store.open({ kind: 'tagAll', text: 'Tokyo', label: 'GPE', options: { wholeWord: true }, results: null, busy: true });
    store.update('tagAll', (o) => ({ ...o, busy: false }));
    expect(store.getSnapshot()).toMatchObject({ kind: 'tagAll', busy: false });
  });
});
