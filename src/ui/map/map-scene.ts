// The map's points as the off-main-thread renderer (workers/map-render.worker.ts) holds them: the
// positions, colours and style inputs as ScatterMap receives them, what is derived from them
// (per-point sizes, flag bits, draw order: sizes.ts, draw-order.ts) and the hit tests on top
// (hit-test.ts over a spatial-index.ts grid, rebuilt lazily after new positions). No DOM: it runs
// in a worker, and in Node for the unit tests.
import { defaultPointSize, maxSize, sizesFor } from './sizes';
import { flagsFor, orderFor, selectionOf } from './draw-order';
import { PointGrid } from './spatial-index';
import { pickAt, reaches, rowsInPlotPolygon, rowsInPlotRect, type PickScene } from './hit-test';
import type { Affine } from './view';

/** ScatterMap's style props, as they cross to the worker. */
export interface SceneStyle {
  /** Per-point diameters in CSS px (overrides emphasis and pointSize when it has n entries). */
  sizes: Float32Array | null;
  emphasis: Uint8Array | null;
  order: Uint32Array | null;
  selected: Uint8Array | null;
  /** Base diameter in CSS px; undefined: defaultPointSize(n). */
  pointSize?: number;
}

/** The view a hit test uses: the CSS-px affine the user sees and the zoom growth of the sizes. */
export interface HitView {
  view: Affine;
  growth: number;
}

/** What a renderer is handed when the scene changes (the PointRenderer setters' arguments). */
export interface SceneBuffers {
  sizes: Float32Array;
  flags: Uint8Array;
  order: Uint32Array | null;
}

export class MapScene {
  positions: Float32Array = new Float32Array(0);
  n = 0;
  private style: SceneStyle = { sizes: null, emphasis: null, order: null, selected: null };
  private derived: SceneBuffers & { maxSize: number; any: boolean; count: number } = {
    sizes: new Float32Array(0),
    flags: new Uint8Array(0),
    order: null,
    maxSize: 0,
    any: false,
    count: 0,
  };
  private grid: PointGrid | null = null;

  /** New positions (n×2). Returns true when n changed, so the derived buffers were rebuilt. */
  setPositions(positions: Float32Array): boolean {
    const n = positions.length >> 1;
    this.positions = positions;
    this.grid = null;
    if (n === this.n) return false;
    this.n = n;
    this.derive();
    return true;
  }

  setStyle(style: SceneStyle): void {
    this.style = style;
    this.derive();
  }

  /** The buffers a renderer draws with (sizes, flag bits, draw order). */
  buffers(): SceneBuffers {
    const { sizes, flags, order } = this.derived;
    return { sizes, flags, order };
  }

  /** Whether any point is selected (the rest are drawn faded) and how many. */
  selection(): { any: boolean; count: number } {
    return { any: this.derived.any, count: this.derived.count };
  }

  private derive(): void {
    const { n } = this;
    const { sizes, emphasis, order, selected, pointSize } = this.style;
    const drawSizes =
      sizes && sizes.length === n ? sizes : sizesFor(n, emphasis, pointSize ?? defaultPointSize(n));
    const sel = selectionOf(n, selected);
    this.derived = {
      sizes: drawSizes,
      flags: flagsFor(n, sel.any ? selected : null, emphasis),
      order: orderFor(n, order, emphasis, sel.any ? selected : null),
      maxSize: maxSize(drawSizes),
      any: sel.any,
      count: sel.count,
    };
  }

  private scene(hv: HitView): PickScene {
    if (!this.grid || this.grid.n !== this.n) this.grid = new PointGrid(this.positions, this.n);
    return {
      positions: this.positions,
      grid: this.grid,
      view: hv.view,
      sizes: this.derived.sizes,
      maxSize: this.derived.maxSize,
      growth: hv.growth,
    };
  }

  /**
   * The row drawn under plot point (px, py), or null. A `prefer`red row (the one ringed as hovered)
   * wins when the point is on it, as the main-thread map decides a click.
   */
  pick(hv: HitView, px: number, py: number, prefer: number | null = null): number | null {
    if (this.n === 0) return null;
    const s = this.scene(hv);
    if (prefer !== null && prefer >= 0 && prefer < this.n && reaches(s, prefer, px, py)) return prefer;
    return pickAt(s, px, py);
  }

  /** Rows inside a plot-px rectangle (corners in any order), ascending. */
  inRect(hv: HitView, x0: number, y0: number, x1: number, y1: number): Int32Array {
    return rowsInPlotRect(this.scene(hv).grid, hv.view, x0, y0, x1, y1);
  }

  /** Rows inside a plot-px polygon (flat x, y list), ascending. */
  inPolygon(hv: HitView, polygon: number[]): Int32Array {
    return rowsInPlotPolygon(this.positions, this.scene(hv).grid, hv.view, polygon);
  }
}
