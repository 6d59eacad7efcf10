import { describe, expect, it } from 'vitest';
import { placePopover } from './popover-place';

const viewport = { width: 1024, height: 700 };
const size = { width: 280, height: 300 };

describe('placePopover', () => {
  it('opens below the click when there is room', () => {
    expect(placePopover({ x: 100, y: 100 }, size, viewport)).toEqual({ left: 100, top: 112 });
  });

  it('opens above a click near the bottom edge instead of running past it', () => {
    const box = placePopover({ x: 100, y: 650 }, size, viewport);
    expect(box.top + size.height).toBeLessThanOrEqual(viewport.height);
    expect(box.top).toBe(650 - 12 - 300);
  });

  it('stays inside a window too short for either side, and inside the right edge', () => {
    const box = placePopover({ x: 1000, y: 350 }, { width: 280, height: 500 }, { width: 1024, height: 600 });
    expect(box.left + 280).toBeLessThanOrEqual(1024);
    expect(box.top).toBeGreaterThanOrEqual(0);
    expect(box.top + 500).toBeLessThanOrEqual(600);
  });
});
