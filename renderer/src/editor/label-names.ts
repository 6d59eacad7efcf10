// Label names drawn above their spans, brat-style, so a label reads without
// its colour. Only the spans the highlight window paints get a name (the
// 1 MB article keeps its figures), placed once per window or change from one
// layout read per span; scrolling moves them with the text at no cost, as
// they sit in the scroll box's content.
import type { Annotation } from '../../../app/sidecar/sidecar-schema';
import type { LabelInfo } from './labels';
import { rangeRects } from './measure-range';

export interface PlacedName {
  id: string;
  name: string;
  slot: number;
  left: number;
  top: number;
  tier: number;
}

/** Rough width of a name in px at the names' font size: measuring each would cost a layout read per name. */
export const nameWidth = (name: string): number => 8 + name.length * 7;

/**
 * Tiers for names whose boxes would overlap on the same line (nested and
 * neighbouring spans): each name goes on the lowest tier with room, at most
 * `maxTiers` (further ones share the top tier rather than cover the text above).
 */
export function assignTiers(names: readonly Omit<PlacedName, 'tier'>[], maxTiers = 2): PlacedName[] {
  const sorted = [...names].sort((a, b) => a.top - b.top || a.left - b.left);
  const out: PlacedName[] = [];
  let rowTop = Number.NaN;
  let ends: number[] = [];
  for (const n of sorted) {
    if (!(Math.abs(n.top - rowTop) <= 2)) {
      rowTop = n.top;
      ends = [];
    }
    let tier = ends.findIndex((end) => end <= n.left);
    if (tier < 0) tier = Math.min(ends.length, maxTiers - 1);
    ends[tier] = Math.max(ends[tier] ?? -Infinity, n.left + nameWidth(n.name));
    out.push({ ...n, tier });
  }
  return out;
}

interface DrawnName {
  el: HTMLElement;
  className: string;
  text: string;
  left: number;
  top: number;
}

export class LabelNameLayer {
  private layer: HTMLElement | null = null;
  /**
   * Where each span's first box starts, in the scroll box's content (so scrolling does not move it), by
   * "start:end". Kept while the text stays where it is: a tag measures its one new span, not the whole window
   * (each measurement after a change forces a layout). `forget()` when the text moves (resize, font, names shown).
   */
  private readonly positions = new Map<string, { left: number; top: number } | null>();
  /**
   * The elements drawn, by annotation id, reused when a render keeps them, with what was last written to
   * each: comparing with these, not the DOM's properties, a tag's render costs a few µs a name (it runs in
   * the keydown, before the frame that paints the tag).
   */
  private drawn = new Map<string, DrawnName>();

  constructor(private readonly scroller: HTMLElement) {}

  /** The text moved (a new width, text size or line height): measure every span again. */
  forget(): void {
    this.positions.clear();
  }

  /** Draw the names of `annotations` (those in the painted window); `show` false keeps only the selected one's. */
  render(annotations: readonly Annotation[], labels: ReadonlyMap<string, LabelInfo>, rangeOf: (a: Annotation) => AbstractRange | null, selectedId: string | null, show: boolean): void {
    const layer = this.ensureLayer();
    // Before measuring: the class gives lines the room for names. A class, not :has(), so no selector is matched on every change.
    if (this.scroller.classList.contains('has-label-names') !== show) {
      this.scroller.classList.toggle('has-label-names', show);
      this.forget();
    }
    let box: DOMRect | null = null;
    const names: Omit<PlacedName, 'tier'>[] = [];
    for (const a of annotations) {
      if (!show && a.id !== selectedId) continue;
      const key = `${a.start}:${a.end}`;
      let at = this.positions.get(key);
      if (at === undefined) {
        const r = rangeOf(a);
        if (!r) continue;
        box ??= this.scroller.getBoundingClientRect();
        const first = rangeRects(r.startContainer, r.startOffset, r.endContainer, r.endOffset)[0];
        at = first ? { left: first.left + this.scroller.scrollLeft - box.left, top: first.top + this.scroller.scrollTop - box.top } : null;
        this.positions.set(key, at);
      }
      if (!at) continue;
      const info = labels.get(a.label);
      names.push({ id: a.id, name: a.label, slot: info?.slot ?? -1, left: at.left, top: at.top });
    }
    const placed = assignTiers(names);
    const next = new Map<string, DrawnName>();
    const added: HTMLElement[] = [];
    for (const p of placed) {
      let d = this.drawn.get(p.id);
      if (!d) {
        d = { el: document.createElement('span'), className: '', text: '', left: -1, top: -1 };
        d.el.dataset.annotationId = p.id;
        added.push(d.el);
      }
      const { el } = d;
      const className = `mg-label-name mg-slot-${p.slot < 0 ? 'unknown' : p.slot}${p.id === selectedId ? ' is-selected' : ''}${p.tier > 0 ? ` mg-tier-${p.tier}` : ''}`;
      if (d.className !== className) el.className = d.className = className;
      if (d.text !== p.name) el.textContent = d.text = p.name;
      // Positions through the CSSOM (not a style attribute): the CSP allows no inline styles.
      const left = Math.round(p.left);
      const top = Math.round(p.top);
      if (d.left !== left) el.style.left = `${(d.left = left)}px`;
      if (d.top !== top) el.style.top = `${(d.top = top)}px`;
      next.set(p.id, d);
    }
    // Names kept stay where they are in the DOM: moving one (replaceChildren) would restyle and lay it out again.
    for (const [id, d] of this.drawn) if (!next.has(id)) d.el.remove();
    if (added.length) layer.append(...added);
    this.drawn = next;
  }

  clear(): void {
    this.layer?.replaceChildren();
    this.drawn.clear();
  }

  dispose(): void {
    this.scroller.classList.remove('has-label-names');
    this.layer?.remove();
    this.layer = null;
    this.drawn.clear();
    this.positions.clear();
  }

  private ensureLayer(): HTMLElement {
    if (this.layer && this.layer.parentElement === this.scroller) return this.layer;
    const layer = document.createElement('div');
    layer.className = 'mg-label-names';
    layer.setAttribute('aria-hidden', 'true');
    this.scroller.append(layer);
    this.layer = layer;
    this.drawn.clear();
    return layer;
  }
}
