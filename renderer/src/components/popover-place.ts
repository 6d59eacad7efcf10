// Where a popup opened at a click goes so that all of it stays in the window.

export interface Box {
  left: number;
  top: number;
}

const MARGIN = 8;
const GAP = 12;

/**
 * Below the click when it fits, above it when it does not, and otherwise
 * pinned to the window's bottom edge (its own scroll bar shows the rest);
 * never past the left or right edge.
 */
export function placePopover(click: { x: number; y: number }, size: { width: number; height: number }, viewport: { width: number; height: number }): Box {
  const maxLeft = Math.max(MARGIN, viewport.width - size.width - MARGIN);
  const left = Math.min(Math.max(MARGIN, click.x), maxLeft);
  const below = click.y + GAP;
  if (below + size.height <= viewport.height - MARGIN) return { left, top: below };
  const above = click.y - GAP - size.height;
  if (above >= MARGIN) return { left, top: above };
  return { left, top: Math.max(MARGIN, viewport.height - size.height - MARGIN) };
}
