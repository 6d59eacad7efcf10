import { describe, expect, it } from 'vitest';
import type { Annotation, Relation } from '../../../../app/sidecar/sidecar-schema';
import { arcRoute, arcsInWindow, arcsOf, clearTop, placeArcLabels, roundedPath, stackLevels, type ArcModel, type Obstacle, type RouteOptions } from './arc-geometry';

const ann = (id: string, start: number, end: number, extra: Partial<Annotation> = {}): Annotation => ({
  id,
  type: 'entity',
  label: 'PERSON',
  start,
  end,
  text: 'x'.repeat(end - start),
  prefix: '',
  suffix: '',
  ...extra,
});
const rel = (id: string, from: string, to: string, type = 'member-of'): Relation => ({ id, type, from, to });
const arc = (id: string, a: [number, number], b: [number, number]): ArcModel => ({
  id,
  kind: 'relation',
  label: 't',
  from: { id: `${id}f`, start: a[0], end: a[1] },
  to: { id: `${id}t`, start: b[0], end: b[1] },
  level: 0,
});
const levels = (arcs: ArcModel[]) => Object.fromEntries(stackLevels(arcs).map((a) => [a.id, a.level]));

describe('arcsOf', () => {
  it('draws relations and claimant links, once per linked pair, and skips ends that are not placed', () => {
    const annotations = [ann('p', 0, 5), ann('o', 10, 15, { label: 'ORG' }), ann('c', 20, 40, { type: 'claim', label: 'CLAIM', claimant: 'p' }), ann('c2', 50, 60, { type: 'claim', label: 'CLAIM', claimant: 'o' })];
    const arcs = arcsOf(annotations, [rel('r1', 'p', 'o'), rel('r2', 'c2', 'o', 'said-by'), rel('r3', 'p', 'orphan')]);
    expect(arcs.map((a) => [a.kind, a.id, a.label, a.from.id, a.to.id])).toEqual([
      ['relation', 'r1', 'member-of', 'p', 'o'],
      ['relation', 'r2', 'said-by', 'c2', 'o'],
      // c2's claimant link is the said-by relation already drawn; c's is not.
      ['claimant', 'c', 'claimant', 'c', 'p'],
    ]);
  });
});

describe('stackLevels', () => {
  it('puts an arc above the arcs it encloses or overlaps, and lets arcs that only meet at a span share a level', () => {
    expect(
      levels([
        arc('outer', [0, 2], [40, 42]), // middles 1 .. 41
        arc('inner', [10, 12], [20, 22]), // 11 .. 21, inside outer
        arc('next', [20, 22], [30, 32]), // 21 .. 31, meets inner at 21
        arc('cross', [25, 27], [50, 52]), // 26 .. 51, overlaps next and outer
        arc('far', [100, 102], [110, 112]),
      ]),
    ).toEqual({ inner: 0, next: 0, far: 0, cross: 1, outer: 2 });
  });

  it('is the same whichever order the arcs come in', () => {
    const make = () => [arc('a', [0, 2], [40, 42]), arc('b', [10, 12], [20, 22]), arc('c', [5, 7], [30, 32])];
    expect(levels(make())).toEqual(levels(make().reverse()));
  });
});

describe('arcsInWindow', () => {
  const arcs = [arc('in', [10, 12], [20, 22]), arc('half', [10, 12], [500, 502]), arc('over', [0, 2], [900, 902]), arc('above', [0, 2], [5, 7]), arc('below', [600, 602], [700, 702])];
  it('keeps arcs with an end in the window and arcs passing over it, nothing wholly above or below', () => {
    expect(arcsInWindow(arcs, 8, 100).map((a) => [a.arc.id, a.from, a.to])).toEqual([
      ['in', 'inside', 'inside'],
      ['half', 'inside', 'below'],
      ['over', 'above', 'below'],
    ]);
    expect(arcsInWindow(arcs, 300, 400).map((a) => [a.arc.id, a.from, a.to])).toEqual([
      ['half', 'above', 'below'],
      ['over', 'above', 'below'],
    ]);
  });
});

describe('arcRoute', () => {
  const o: RouteOptions = { base: 6, step: 6, maxLevel: 3, gutterX: 500, gutterStep: 5, top: 0, bottom: 1000, rowTolerance: 8, minWidth: 10 };

  it('on one row goes up to its level, across, and down onto the target', () => {
    const r = arcRoute({ x: 100, top: 200 }, { x: 300, top: 201 }, 1, o);
    expect(r.points).toEqual([{ x: 100, y: 200 }, { x: 100, y: 188 }, { x: 300, y: 188 }, { x: 300, y: 201 }]);
    expect(r.label).toEqual({ x: 200, y: 188 });
    expect(r.arrow).toBe(true);
  });

  it('caps the height at maxLevel and spreads ends that nearly coincide', () => {
    const r = arcRoute({ x: 100, top: 200 }, { x: 102, top: 200 }, 9, o);
    expect(r.points[1]).toEqual({ x: 96, y: 200 - 6 - 3 * 6 });
    expect(r.points[2]?.x).toBe(106);
  });

  it('between rows runs above each row to the gutter and down it, never across the text', () => {
    const r = arcRoute({ x: 300, top: 400 }, { x: 100, top: 200 }, 2, o);
    expect(r.points).toEqual([
      { x: 300, y: 400 },
      { x: 300, y: 382 },
      { x: 510, y: 382 },
      { x: 510, y: 182 },
      { x: 100, y: 182 },
      { x: 100, y: 200 },
    ]);
    // The type is written on the upper run.
    expect(r.label).toEqual({ x: 305, y: 182 });
  });

  it('with an end off the window leaves along the gutter to the layer edge, with no arrowhead there', () => {
    const down = arcRoute({ x: 100, top: 200 }, 'below', 0, o);
    expect(down.points).toEqual([{ x: 100, y: 200 }, { x: 100, y: 194 }, { x: 500, y: 194 }, { x: 500, y: 1000 }]);
    expect(down.arrow).toBe(false);
    const passing = arcRoute('above', 'below', 1, o);
    expect(passing.points).toEqual([{ x: 505, y: 0 }, { x: 505, y: 1000 }]);
    expect(passing.label).toBeNull();
    expect(arcRoute('above', { x: 100, top: 200 }, 0, o).arrow).toBe(true);
  });

  // Label names (15 px tall) above the row whose text starts at y 200: one at x 90-130, a second tier over it, one at 250-290.
  const names: Obstacle[] = [
    { left: 90, right: 130, top: 185, bottom: 200, base: 200 },
    { left: 90, right: 120, top: 170, bottom: 185, base: 200 },
    { left: 250, right: 290, top: 185, bottom: 200, base: 200 },
    // The row below's name: never in the way of this row.
    { left: 0, right: 600, top: 385, bottom: 400, base: 400 },
  ];

  it('finds the highest name of a row over a stretch, and only of that row', () => {
    expect(clearTop(names, 200, 0, 80, 8)).toBe(200);
    expect(clearTop(names, 200, 300, 100, 8)).toBe(170);
    expect(clearTop(names, 200, 140, 260, 8)).toBe(185);
    expect(clearTop(names, 400, 0, 80, 8)).toBe(385);
  });

  it('runs above the label names it passes over and lands on top of the names at its ends (brat: arcs on rows of their own)', () => {
    const r = arcRoute({ x: 100, top: 200 }, { x: 270, top: 200 }, 0, { ...o, obstacles: names });
    expect(r.points).toEqual([{ x: 100, y: 170 }, { x: 100, y: 164 }, { x: 270, y: 164 }, { x: 270, y: 185 }]);
    expect(r.run).toEqual({ x1: 100, x2: 270, y: 164 });
    // Between rows: the run to the gutter clears the names on its way.
    const across = arcRoute({ x: 260, top: 200 }, { x: 10, top: 400 }, 0, { ...o, obstacles: names });
    expect(across.points.slice(0, 3)).toEqual([{ x: 260, y: 185 }, { x: 260, y: 179 }, { x: 500, y: 179 }]);
    expect(across.points.slice(3)).toEqual([{ x: 500, y: 379 }, { x: 10, y: 379 }, { x: 10, y: 385 }]);
  });

  it('holds higher levels below the row above (maxRise) but never lowers a run into the names', () => {
    const held = arcRoute({ x: 300, top: 200 }, { x: 400, top: 200 }, 3, { ...o, obstacles: names, maxRise: 10 });
    expect(held.run?.y).toBe(190);
    const overNames = arcRoute({ x: 100, top: 200 }, { x: 270, top: 200 }, 3, { ...o, obstacles: names, maxRise: 10 });
    expect(overNames.run?.y).toBe(164);
  });
});

describe('placeArcLabels', () => {
  const name: Obstacle = { left: 140, right: 160, top: 90, bottom: 110, base: 110 };

  it('writes a label in the middle of its run when it is free there', () => {
    expect(placeArcLabels([{ run: { x1: 0, x2: 200, y: 50 }, width: 40, height: 12 }], [name])).toEqual([{ x: 100, y: 50 }]);
  });

  it('moves a label along its run off a name and off labels placed before it', () => {
    const middle: Obstacle = { left: 90, right: 110, top: 90, bottom: 110, base: 110 };
    const placed = placeArcLabels(
      [
        { run: { x1: 200, x2: 0, y: 100 }, width: 40, height: 12 },
        { run: { x1: 0, x2: 200, y: 104 }, width: 40, height: 12 },
      ],
      [middle],
    );
    // The first moves off the name (90-110) to the nearest free place in steps of 4 px, left first; the second, 4 px lower, meets the first there and goes right.
    expect(placed).toEqual([
      { x: 68, y: 100 },
      { x: 132, y: 104 },
    ]);
  });

  it('leaves out a label that has no free place on its run, and one with no run', () => {
    expect(placeArcLabels([{ run: { x1: 135, x2: 165, y: 100 }, width: 40, height: 12 }, { run: null, width: 40, height: 12 }], [name])).toEqual([null, null]);
  });
});

describe('roundedPath', () => {
  it('rounds corners by at most half of each segment', () => {
    expect(roundedPath([{ x: 0, y: 10 }, { x: 0, y: 0 }, { x: 4, y: 0 }, { x: 4, y: 10 }], 3)).toBe('M0 10 L0 2 Q0 0 2 0 L2 0 Q4 0 4 2 L4 10');
    expect(roundedPath([{ x: 0, y: 0 }, { x: 0, y: 1000 }], 3)).toBe('M0 0 L0 1000');
    expect(roundedPath([], 3)).toBe('');
  });
});
