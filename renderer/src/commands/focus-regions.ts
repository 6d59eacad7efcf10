// F6 / Shift+F6: the window's regions in order (documents, article, side
// panel), as in a desktop app; each gets focus at its natural control.

const REGIONS = ['.mg-sidebar', '.mg-main', '.mg-side'] as const;

function entryPoint(region: Element): HTMLElement | null {
  return (
    region.querySelector<HTMLElement>('.mg-article') ??
    region.querySelector<HTMLElement>('[aria-current="true"], [aria-current="page"]') ??
    region.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]') ??
    region.querySelector<HTMLElement>('button:not([disabled]), input, select, textarea, [tabindex]:not([tabindex="-1"])')
  );
}

export function cycleRegion(forward: boolean, doc: Document = document): boolean {
  const regions = REGIONS.map((s) => doc.querySelector(s)).filter((r): r is Element => r !== null && entryPoint(r) !== null);
  if (regions.length === 0) return false;
  const at = regions.findIndex((r) => r.contains(doc.activeElement));
  const next = at < 0 ? (forward ? 0 : regions.length - 1) : (at + (forward ? 1 : regions.length - 1)) % regions.length;
  const target = regions[next];
  const el = target ? entryPoint(target) : null;
  el?.focus();
  return el !== null;
}

/**
 * Focus the element once it is there: the side panel may render the details of
 * an annotation selected a moment ago a frame later. The selector names the
 * annotation, so the details still showing the previous one are never focused.
 */
export function focusWhenShown(selector: string, frames = 30): void {
  const el = document.querySelector<HTMLElement>(selector);
  if (el) el.focus();
  else if (frames > 0) requestAnimationFrame(() => focusWhenShown(selector, frames - 1));
}
