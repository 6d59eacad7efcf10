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

/**
 * Each slot's underline style, so labels differ by more than hue (colour-blind
 * analysts, grey-scale prints): neighbouring slots never share a style.
 */
export const UNDERLINE_STYLES = ['solid', 'dashed', 'dotted', 'double', 'wavy'] as const;

export function underlineStyle(slot: number): (typeof UNDERLINE_STYLES)[number] {
  return UNDERLINE_STYLES[slot % UNDERLINE_STYLES.length] as (typeof UNDERLINE_STYLES)[number];
}

function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * The ::highlight() rules for the labels in use. Every such rule costs style
 * work on every element of the page (measured: 77 rules made opening a long
 * article 1.6 s slower), so only the ones a label can need are made.
 */
export function highlightRules(labels: readonly LabelInfo[]): string[] {
  const rules: string[] = [];
  for (const l of labels) {
    const v = `var(--mg-label-${l.slot})`;
    if (l.type === 'claim') {
      rules.push(`::highlight(mg-c${l.slot}) { background-color: var(--mg-label-${l.slot}-faint); text-decoration: underline wavy 1px ${v}; }`);
    } else {
      // Longhands, so the style stays readable from the CSSOM even though the colour is a var().
      const style = underlineStyle(l.slot);
      rules.push(`::highlight(mg-${l.slot}) { background-color: var(--mg-label-${l.slot}-bg); text-decoration-line: underline; text-decoration-style: ${style}; text-decoration-thickness: 2px; text-decoration-color: ${v}; }`);
      // Spans nested in or overlapping an earlier one: an overline, so the inner span reads apart.
      rules.push(`::highlight(mg-${l.slot}-n) { background-color: var(--mg-label-${l.slot}-bg); text-decoration-line: overline; text-decoration-style: ${style}; text-decoration-thickness: 2px; text-decoration-color: ${v}; }`);
      // Suggestions: the label's colour, faint and dashed, so what is proposed reads apart from what is tagged.
      rules.push(`::highlight(mg-s${l.slot}) { background-color: var(--mg-label-${l.slot}-faint); text-decoration: underline dashed 1px ${v}; }`);
    }
  }
  return rules;
}

/** The dark theme's background (base.css, :root[data-theme='dark'] --bg). */
export const DARK_BACKGROUND = '#1b1c1f';

const luminance = (hex: string): number => {
  const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const [r, g, b] = hexToRgb(hex);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
};

/** WCAG contrast ratio of two #rrggbb colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The colour itself where it stands out from `background` by 3:1 (WCAG's
 * minimum for graphics), else mixed with white until it does: the default
 * black of claims would vanish on the dark theme.
 */
export function readableOn(hex: string, background: string): string {
  const [r, g, b] = hexToRgb(hex);
  for (let white = 0; white <= 100; white += 5) {
    const mix = (c: number) => Math.round(c + ((255 - c) * white) / 100);
    const out = `#${[mix(r), mix(g), mix(b)].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
    if (contrast(out, background) >= 3) return out;
  }
  return '#ffffff';
}

/**
 * Each label's colour as CSS variables (--mg-label-N, its -bg and -faint
 * tints), with the dark theme's own where the colour would not stand out
 * there. Rules of a stylesheet, not the root's inline style, so the theme's
 * rule can win.
 */
export function colourRules(labels: readonly LabelInfo[]): string[] {
  const vars = (slot: number, hex: string) => {
    const [r, g, b] = hexToRgb(hex);
    return `--mg-label-${slot}: ${hex}; --mg-label-${slot}-bg: rgba(${r}, ${g}, ${b}, 0.28); --mg-label-${slot}-faint: rgba(${r}, ${g}, ${b}, 0.10);`;
  };
  const light = labels.map((l) => vars(l.slot, l.colour));
  const dark = labels.filter((l) => readableOn(l.colour, DARK_BACKGROUND) !== l.colour).map((l) => vars(l.slot, readableOn(l.colour, DARK_BACKGROUND)));
  return [`:root { ${light.join(' ')} }`, ...(dark.length ? [`:root[data-theme='dark'] { ${dark.join(' ')} }`] : [])];
}

let labelSheet: CSSStyleSheet | null = null;

/** Publish each label's colour as CSS variables and its ::highlight rules, through a constructed stylesheet (CSSOM: no inline style for the CSP). */
export function applyLabelColours(labels: LabelInfo[]): void {
  if (!labelSheet) {
    labelSheet = new CSSStyleSheet();
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, labelSheet];
  }
  labelSheet.replaceSync([...colourRules(labels), ...highlightRules(labels)].join('\n'));
}
