// The map's view (ScatterMap.svelte): data coordinates → CSS px within the plot area (origin at
// its top-left, y up in the data and down on screen). The data box is fitted into the plot with one
// scale for both axes (layout distances mean the same in every direction) and a pad around it;
// the user's zoom and pan (a d3 ZoomTransform: k, x, y) apply on top.
import type { BBox } from './geometry';

/** Share of the plot left empty around the data when fitting. */
export const FIT_PAD = 0.04;

/** x_px = ax·x + bx, y_px = ay·y + by (ay < 0: the data's y grows upwards). */
export interface Affine {
  ax: number;
  bx: number;
  ay: number;
  by: number;
}

/** The data → plot-px transform for a fitted box, a plot size and a zoom transform. */
export function viewOf(
  fit: BBox | null,
  plotW: number,
  plotH: number,
  zoom: { k: number; x: number; y: number },
  pad = FIT_PAD,
): Affine {
  const box = fit ?? { minX: 0, minY: 0, maxX: 1, maxY: 1 };
  const spanX = Math.max(box.maxX - box.minX, 1e-9);
  const spanY = Math.max(box.maxY - box.minY, 1e-9);
  const kb = Math.min(plotW / spanX, plotH / spanY) * (1 - 2 * pad);
  const cx = (box.minX + box.maxX) / 2;
  const cy = (box.minY + box.maxY) / 2;
  return {
    ax: zoom.k * kb,
    bx: zoom.k * (plotW / 2 - kb * cx) + zoom.x,
    ay: -zoom.k * kb,
    by: zoom.k * (plotH / 2 + kb * cy) + zoom.y,
  };
}

/** Data → plot px. */
export function toPlot(v: Affine, x: number, y: number): { x: number; y: number } {
  return { x: v.ax * x + v.bx, y: v.ay * y + v.by };
}

/** Plot px → data. */
export function toData(v: Affine, px: number, py: number): { x: number; y: number } {
  return { x: (px - v.bx) / v.ax, y: (py - v.by) / v.ay };
}
