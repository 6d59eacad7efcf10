// Labels get a numbered highlight slot (mg-0 … mg-23); the colours live in CSS
// variables so the stylesheet stays static and the CSP needs no inline styles.
import type { Label, LabelSchemaFile } from '../../../app/label-schema';

export const HIGHLIGHT_SLOTS = 24;

export interface LabelInfo extends Label {
  type: 'entity' | 'claim';
  slot: number;
}

export function labelInfos(schema: LabelSchemaFile): LabelInfo[] {
  const all = [
    ...schema.entityLabels.map((l) => ({ ...l, type: 'entity' as const })),
    ...schema.claimLabels.map((l) => ({ ...l, type: 'claim' as const })),
  ];
  return all.map((l, i) => ({ ...l, slot: i % HIGHLIGHT_SLOTS }));
}

function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Publish each label's colour as CSS variables used by ::highlight(mg-N) and the label chips. */
export function applyLabelColours(labels: LabelInfo[], root: HTMLElement = document.documentElement): void {
  for (const l of labels) {
    const [r, g, b] = hexToRgb(l.colour);
    root.style.setProperty(`--mg-label-${l.slot}`, l.colour);
    root.style.setProperty(`--mg-label-${l.slot}-bg`, `rgba(${r}, ${g}, ${b}, 0.28)`);
    root.style.setProperty(`--mg-label-${l.slot}-faint`, `rgba(${r}, ${g}, ${b}, 0.10)`);
  }
}
