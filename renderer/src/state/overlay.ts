// Popups as one union with one manager (GitHub Desktop's model at this
// project's scale): at most one modal is open, and which one is data.
import type { FindOccurrencesResult } from '../../../app/ipc/curation-contract';
import type { OccurrenceOptions } from '../../../app/tag-all';
import { Store } from './store';

export interface TagAllOverlay {
  kind: 'tagAll';
  text: string;
  label: string;
  options: OccurrenceOptions;
  results: FindOccurrencesResult | null;
  busy: boolean;
}

export type Overlay =
  | { kind: 'shortcuts' }
  | { kind: 'palette' }
  | { kind: 'preferences' }
  | { kind: 'labels' }
  | { kind: 'about' }
  | { kind: 'compare' }
  | { kind: 'export' }
  | TagAllOverlay
  | { kind: 'askName' }
  | { kind: 'progress' };

export type OverlayKind = Overlay['kind'];

export class OverlayStore extends Store<Overlay | null> {
  constructor() {
    super(null);
  }

  /** Opens a popup in place of the one open (if any). */
  open(overlay: Overlay): void {
    this.publish(overlay);
  }

  close(): void {
    this.publish(null);
  }

  toggle(overlay: Overlay): void {
    this.publish(this.getSnapshot()?.kind === overlay.kind ? null : overlay);
  }

  /** Changes the open popup if it is still of this kind (an async result for a popup closed meanwhile is dropped). */
  update<K extends OverlayKind>(kind: K, change: (o: Extract<Overlay, { kind: K }>) => Overlay | null): void {
    const current = this.getSnapshot();
    if (current?.kind === kind) this.publish(change(current as Extract<Overlay, { kind: K }>));
  }
}
