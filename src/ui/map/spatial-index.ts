// A uniform grid over the map's points for picking (hover, click) and rectangle queries.
//
// Layout coordinates are clustered but bounded, and the layout streams new positions many times a
// second, so the index must rebuild in a few milliseconds: a counting sort of rows into cells (two
// O(n) passes, two typed arrays) beats a tree here. Picking works in screen pixels: the caller gives
// pixels per data unit along x and y (the zoom), so "within 8 px" means the same at every zoom.
// Rows whose position is not finite (a layout still settling) are left out.

export interface PickOptions {
  /** Pixels per data unit along x and y (signs ignored). */
  pxPerUnitX: number;
  pxPerUnitY: number;
  /** Slack around each point's drawn disc, in pixels. */
  slackPx: number;
  /** Drawn radius per row in pixels; a point counts as hit anywhere on its disc (plus slack). */
  radiusPx?: (row: number) => number;
  /** Largest value radiusPx can return (bounds the search). */
  maxRadiusPx?: number;
}

export class PointGrid {
  readonly n: number;
  readonly cols: number;
  readonly rows: number;
  readonly minX: number;
  readonly minY: number;
  readonly cellW: number;
  readonly cellH: number;
  /** Rows of cell c are items[cellStart[c] .. cellStart[c + 1]). */
  private readonly cellStart: Int32Array;
  private readonly items: Int32Array;
  private readonly positions: Float32Array;

  /** `positions` is n×2 (x, y); `n` defaults to positions.length / 2. Aim: ~`perCell` rows a cell. */
  constructor(positions: Float32Array, n = positions.length >> 1, perCell = 4) {
    this.n = n;
    this.positions = positions;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    let finite = 0;
    for (let i = 0; i < n; i++) {
      const x = positions[2 * i];
      const y = positions[2 * i + 1];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      finite++;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    if (finite === 0) {
      minX = minY = 0;
      maxX = maxY = 1;
    }
    const w = Math.max(maxX - minX, 1e-9);
    const h = Math.max(maxY - minY, 1e-9);
    const cells = Math.max(1, Math.min(finite / perCell, 4_000_000));
    const cols = Math.max(1, Math.min(4096, Math.round(Math.sqrt((cells * w) / h))));
    const rows = Math.max(1, Math.min(4096, Math.round(cells / cols)));
    this.cols = cols;
    this.rows = rows;
    this.minX = minX;
    this.minY = minY;
    // A hair wider than the extent, so the maximum lands in the last cell, not past it.
    this.cellW = (w * (1 + 1e-7)) / cols || 1;
    this.cellH = (h * (1 + 1e-7)) / rows || 1;

    const cellOf = new Int32Array(n);
    const start = new Int32Array(cols * rows + 1);
    for (let i = 0; i < n; i++) {
      const x = positions[2 * i];
      const y = positions[2 * i + 1];
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        cellOf[i] = -1;
        continue;
      }
      const c = this.cellIndex(this.colOf(x), this.rowOf(y));
      cellOf[i] = c;
      start[c + 1]++;
    }
    for (let c = 0; c < cols * rows; c++) start[c + 1] += start[c];
    const fill = start.slice(0, cols * rows);
    const items = new Int32Array(start[cols * rows]);
    for (let i = 0; i < n; i++) {
      const c = cellOf[i];
      if (c >= 0) items[fill[c]++] = i;
    }
    this.cellStart = start;
    this.items = items;
  }

  private colOf(x: number): number {
    const c = Math.floor((x - this.minX) / this.cellW);
    return c < 0 ? 0 : c >= this.cols ? this.cols - 1 : c;
  }

  private rowOf(y: number): number {
    const r = Math.floor((y - this.minY) / this.cellH);
    return r < 0 ? 0 : r >= this.rows ? this.rows - 1 : r;
  }

  private cellIndex(col: number, row: number): number {
    return row * this.cols + col;
  }

  /**
   * The row whose drawn disc is nearest the data point (x, y), measured in screen pixels, among
   * rows within their radius + slack; null when none. Among overlapping discs the one whose edge
   * is deepest under the cursor wins, so big (emphasised) points are easy to hit.
   */
  nearest(x: number, y: number, opts: PickOptions): number | null {
    const sx = Math.abs(opts.pxPerUnitX);
    const sy = Math.abs(opts.pxPerUnitY);
    if (!(sx > 0) || !(sy > 0) || this.items.length === 0) return null;
    const reach = opts.slackPx + (opts.maxRadiusPx ?? 0);
    const c0 = this.colOf(x - reach / sx);
    const c1 = this.colOf(x + reach / sx);
    const r0 = this.rowOf(y - reach / sy);
    const r1 = this.rowOf(y + reach / sy);
    const pos = this.positions;
    let best: number | null = null;
    let bestScore = Infinity;
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cell = this.cellIndex(c, r);
        for (let s = this.cellStart[cell], end = this.cellStart[cell + 1]; s < end; s++) {
          const i = this.items[s];
          const dx = (pos[2 * i] - x) * sx;
          const dy = (pos[2 * i + 1] - y) * sy;
          const d = Math.sqrt(dx * dx + dy * dy);
          const radius = opts.radiusPx ? opts.radiusPx(i) : 0;
          if (d > radius + opts.slackPx) continue;
          const score = d - radius;
          // Ties (duplicates) go to the higher row, a stable and predictable choice.
          if (score < bestScore || (score === bestScore && best !== null && i > best)) {
            bestScore = score;
            best = i;
          }
        }
      }
    }
    return best;
  }

  /** Rows inside the closed data rectangle (corners in any order), ascending. */
  inRect(xa: number, ya: number, xb: number, yb: number): Int32Array {
    const x0 = Math.min(xa, xb);
    const x1 = Math.max(xa, xb);
    const y0 = Math.min(ya, yb);
    const y1 = Math.max(ya, yb);
    if (this.items.length === 0 || x1 < this.minX || y1 < this.minY) return new Int32Array(0);
    const c0 = this.colOf(x0);
    const c1 = this.colOf(x1);
    const r0 = this.rowOf(y0);
    const r1 = this.rowOf(y1);
    const pos = this.positions;
    const out: number[] = [];
    for (let r = r0; r <= r1; r++) {
      // Cells strictly inside the rectangle need no per-point test.
      const rowInside = r > r0 && r < r1;
      for (let c = c0; c <= c1; c++) {
        const cell = this.cellIndex(c, r);
        const start = this.cellStart[cell];
        const end = this.cellStart[cell + 1];
        if (rowInside && c > c0 && c < c1) {
          for (let s = start; s < end; s++) out.push(this.items[s]);
          continue;
        }
        for (let s = start; s < end; s++) {
          const i = this.items[s];
          const x = pos[2 * i];
          const y = pos[2 * i + 1];
          if (x >= x0 && x <= x1 && y >= y0 && y <= y1) out.push(i);
        }
      }
    }
    return Int32Array.from(out).sort();
  }

  /**
   * The k rows nearest row `i` in data space (self excluded), nearest first, written to `out` at
   * `offset`; -1 pads when fewer exist. Searches rings of cells outwards until no closer row can
   * remain. Used to build a 2-D kNN graph for synthetic data (the bench page).
   */
  kNearest(i: number, k: number, out: Int32Array, offset = 0): void {
    const pos = this.positions;
    const x = pos[2 * i];
    const y = pos[2 * i + 1];
    const bestD = new Float64Array(k).fill(Infinity);
    const bestI = new Int32Array(k).fill(-1);
    const consider = (j: number) => {
      if (j === i) return;
      const dx = pos[2 * j] - x;
      const dy = pos[2 * j + 1] - y;
      const d = dx * dx + dy * dy;
      if (d >= bestD[k - 1]) return;
      let p = k - 1;
      while (p > 0 && bestD[p - 1] > d) {
        bestD[p] = bestD[p - 1];
        bestI[p] = bestI[p - 1];
        p--;
      }
      bestD[p] = d;
      bestI[p] = j;
    };
    if (Number.isFinite(x) && Number.isFinite(y) && k > 0) {
      const cc = this.colOf(x);
      const cr = this.rowOf(y);
      const maxRing = Math.max(this.cols, this.rows);
      for (let ring = 0; ring <= maxRing; ring++) {
        for (let r = cr - ring; r <= cr + ring; r++) {
          if (r < 0 || r >= this.rows) continue;
          const edgeRow = r === cr - ring || r === cr + ring;
          for (let c = cc - ring; c <= cc + ring; c++) {
            if (c < 0 || c >= this.cols || (!edgeRow && c !== cc - ring && c !== cc + ring)) continue;
            const cell = this.cellIndex(c, r);
            for (let s = this.cellStart[cell], end = this.cellStart[cell + 1]; s < end; s++) {
              consider(this.items[s]);
            }
          }
        }
        // Anything outside this ring is at least `ring` whole cells away.
        const reach = ring * Math.min(this.cellW, this.cellH);
        if (bestI[k - 1] >= 0 && reach * reach >= bestD[k - 1]) break;
      }
    }
    out.set(bestI, offset);
  }
}
