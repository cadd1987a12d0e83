// Hit tests of the map (ScatterMap.svelte), in plot px (CSS px from the plot's top-left): which
// row a hover or click lands on, whether a point reaches a row's disc, and which rows a rectangle
// or lasso drawn on screen takes in. The grid (spatial-index.ts) does the searching in data
// space; these turn pixels into data coordinates with the view (view.ts) and back.
import { PolygonTester } from './geometry';
import type { PointGrid } from './spatial-index';
import type { Affine } from './view';

/** How far (px) outside a point's disc the pointer still picks it. */
export const PICK_SLACK = 4;

/** What a pick needs besides the pointer: the drawn points and how they are drawn. */
export interface PickScene {
  positions: Float32Array;
  grid: PointGrid;
  view: Affine;
  /** Per-row diameters in CSS px before zoom growth, and their maximum. */
  sizes: Float32Array;
  maxSize: number;
  /** Zoom growth (sizes.ts zoomGrowth). */
  growth: number;
}

/**
 * The row drawn under plot point (px, py), or null: among the discs within PICK_SLACK px of the
 * pointer, the one whose edge is deepest under it (the grid's rule), so large points are easy to hit.
 */
export function pickAt(scene: PickScene, px: number, py: number): number | null {
  if (scene.grid.n === 0) return null;
  const { view: v, sizes: s, growth: g } = scene;
  return scene.grid.nearest((px - v.bx) / v.ax, (py - v.by) / v.ay, {
    pxPerUnitX: v.ax,
    pxPerUnitY: v.ay,
    slackPx: PICK_SLACK,
    radiusPx: (row) => (s[row] * g) / 2,
    maxRadiusPx: (scene.maxSize * g) / 2,
  });
}

/** Whether plot point (px, py) is on row's disc or within PICK_SLACK px of it. */
export function reaches(scene: PickScene, row: number, px: number, py: number): boolean {
  const { view: v, positions } = scene;
  const d = Math.hypot(v.ax * positions[2 * row] + v.bx - px, v.ay * positions[2 * row + 1] + v.by - py);
  return d <= (scene.sizes[row] * scene.growth) / 2 + PICK_SLACK;
}

/** Rows whose position lies inside a plot-px rectangle (corners in any order), ascending. */
export function rowsInPlotRect(
  grid: PointGrid,
  v: Affine,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): Int32Array {
  return grid.inRect((x0 - v.bx) / v.ax, (y0 - v.by) / v.ay, (x1 - v.bx) / v.ax, (y1 - v.by) / v.ay);
}

/** Rows whose position lies inside a plot-px polygon (flat x, y list; even-odd rule), ascending. */
export function rowsInPlotPolygon(
  positions: Float32Array,
  grid: PointGrid,
  v: Affine,
  polygon: number[],
): Int32Array {
  if (polygon.length < 6) return new Int32Array(0);
  const dataPolygon = polygon.map((c, i) => (i % 2 === 0 ? (c - v.bx) / v.ax : (c - v.by) / v.ay));
  const tester = new PolygonTester(dataPolygon);
  const { minX, minY, maxX, maxY } = tester.bbox;
  const candidates = grid.inRect(minX, minY, maxX, maxY);
  const out = new Int32Array(candidates.length);
  let found = 0;
  for (const row of candidates) {
    if (tester.contains(positions[2 * row], positions[2 * row + 1])) out[found++] = row;
  }
  return out.slice(0, found);
}

/** The SVG path of a drag in progress: the rectangle from its first to its last point, or the lasso closed. */
export function dragPathOf(pts: number[], rect: boolean): string {
  if (rect) {
    const [x0, y0, x1 = x0, y1 = y0] = pts;
    return `M${x0},${y0}H${x1}V${y1}H${x0}Z`;
  }
  let d = `M${pts[0]},${pts[1]}`;
  for (let i = 2; i < pts.length; i += 2) d += `L${pts[i]},${pts[i + 1]}`;
  return `${d}Z`;
}
