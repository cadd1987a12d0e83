// Lasso geometry: which of many points fall inside a hand-drawn polygon.
//
// A freehand lasso has hundreds of vertices and the map hundreds of thousands of points, so the
// naive test (every point against every edge) is too slow. Points outside the polygon's bounding
// box are dropped first, and the polygon's y-range is cut into horizontal bands that each list only
// the edges crossing them: a point then crosses-tests the handful of edges in its band. The rule is
// even-odd ray casting (a ray towards +x), so self-intersecting lassos behave predictably.

export interface BBox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Bounding box of a flat [x0, y0, x1, y1, …] polygon (or point list). */
export function bboxOf(coords: ArrayLike<number>): BBox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i + 1 < coords.length; i += 2) {
    const x = coords[i];
    const y = coords[i + 1];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return { minX, minY, maxX, maxY };
}

/** Even-odd test of one point against a flat polygon; the closing edge is implied. */
export function pointInPolygon(x: number, y: number, polygon: ArrayLike<number>): boolean {
  const m = polygon.length >> 1;
  let inside = false;
  for (let i = 0, j = m - 1; i < m; j = i++) {
    const xi = polygon[2 * i];
    const yi = polygon[2 * i + 1];
    const xj = polygon[2 * j];
    const yj = polygon[2 * j + 1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * A polygon prepared for many point tests: its bounding box and its edges bucketed into
 * horizontal bands (each edge listed in every band its y-span touches).
 */
export class PolygonTester {
  readonly bbox: BBox;
  private readonly edges: Float64Array; // per edge: x0, y0, x1, y1
  private readonly bandStart: Int32Array;
  private readonly bandEdges: Int32Array;
  private readonly bands: number;
  private readonly bandHeight: number;

  constructor(polygon: ArrayLike<number>) {
    const m = polygon.length >> 1;
    this.bbox = bboxOf(polygon);
    const edges = new Float64Array(m * 4);
    for (let i = 0, j = m - 1; i < m; j = i++) {
      edges[4 * i] = polygon[2 * j];
      edges[4 * i + 1] = polygon[2 * j + 1];
      edges[4 * i + 2] = polygon[2 * i];
      edges[4 * i + 3] = polygon[2 * i + 1];
    }
    this.edges = edges;
    // About one band per edge keeps each band's list short for smooth lassos.
    const height = this.bbox.maxY - this.bbox.minY;
    this.bands = m > 0 && height > 0 ? Math.max(1, Math.min(m, 4096)) : 1;
    this.bandHeight = height > 0 ? height / this.bands : 1;

    const counts = new Int32Array(this.bands + 1);
    const span = (e: number): [number, number] => {
      const y0 = Math.min(edges[4 * e + 1], edges[4 * e + 3]);
      const y1 = Math.max(edges[4 * e + 1], edges[4 * e + 3]);
      return [this.bandOf(y0), this.bandOf(y1)];
    };
    for (let e = 0; e < m; e++) {
      const [b0, b1] = span(e);
      for (let b = b0; b <= b1; b++) counts[b + 1]++;
    }
    for (let b = 0; b < this.bands; b++) counts[b + 1] += counts[b];
    this.bandStart = counts;
    const fill = counts.slice(0, this.bands);
    this.bandEdges = new Int32Array(counts[this.bands]);
    for (let e = 0; e < m; e++) {
      const [b0, b1] = span(e);
      for (let b = b0; b <= b1; b++) this.bandEdges[fill[b]++] = e;
    }
  }

  private bandOf(y: number): number {
    const b = Math.floor((y - this.bbox.minY) / this.bandHeight);
    return b < 0 ? 0 : b >= this.bands ? this.bands - 1 : b;
  }

  contains(x: number, y: number): boolean {
    const { minX, minY, maxX, maxY } = this.bbox;
    if (!(x >= minX && x <= maxX && y >= minY && y <= maxY)) return false;
    const b = this.bandOf(y);
    const edges = this.edges;
    let inside = false;
    for (let s = this.bandStart[b], end = this.bandStart[b + 1]; s < end; s++) {
      const e = this.bandEdges[s] * 4;
      const yi = edges[e + 3];
      const yj = edges[e + 1];
      if (yi > y === yj > y) continue;
      const xi = edges[e + 2];
      const xj = edges[e];
      if (x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  }
}

/**
 * Rows whose (x, y) in `positions` (n×2) lie inside `polygon` (flat, same coordinates), ascending.
 * `candidates` (e.g. from a grid's bounding-box query) restricts the rows tested.
 */
export function pointsInPolygon(
  positions: Float32Array,
  polygon: ArrayLike<number>,
  candidates?: Int32Array,
): Int32Array {
  if (polygon.length < 6) return new Int32Array(0);
  const tester = new PolygonTester(polygon);
  const count = candidates ? candidates.length : positions.length >> 1;
  const out = new Int32Array(count);
  let found = 0;
  for (let c = 0; c < count; c++) {
    const i = candidates ? candidates[c] : c;
    if (tester.contains(positions[2 * i], positions[2 * i + 1])) out[found++] = i;
  }
  const rows = out.slice(0, found);
  return candidates ? rows.sort() : rows;
}
