// Canvas 2D point layer, for browsers without usable WebGL and for machines whose WebGL is a
// software emulation (SwiftShader), where writing pixels from JavaScript is the faster path.
//
// Points are not drawn with arc()/fill() (a path and a fillStyle parse per point is far too slow at
// 100k+); instead each frame writes 32-bit pixels straight into one ImageData and puts it once.
// A point is a precomputed disc mask for its diameter (in half-pixel steps, at four half-pixel
// centre phases): interior pixels are plain stores, the rim pixels carry a coverage and are blended,
// so discs come out anti-aliased at the cost of a few blends per point. Pixel words are RGBA bytes
// read as little-endian uint32 (every browser platform in use is little-endian).
import {
  BACKGROUND_RGB,
  DIM_MIX,
  FLAG_EMPHASIS,
  FLAG_SELECTED,
  type PointRenderer,
  type PointView,
} from './points-renderer';

/** A disc's pixels relative to its centre pixel: interior (`full`) first, then rim pixels. */
interface DiscMask {
  /** Half the mask's extent in pixels (bounds check). */
  reach: number;
  dx: Int16Array;
  dy: Int16Array;
  /** Row-major offsets for the current canvas width. */
  offsets: Int32Array;
  /** Coverage 0..256 per pixel. */
  coverage: Uint16Array;
  /** 1 where the pixel lies on the emphasised point's darker rim. */
  rim: Uint8Array;
  /** Entries [0, full) have full coverage. */
  full: number;
}

const MAX_DIAMETER = 64;
/**
 * Above this many points, discs smaller than SMOOTH_MIN_DIAMETER px are drawn without the blended
 * rim: at that density a 2-3 px point's rim is invisible, and the blends were most of the cost.
 */
const SMOOTH_MAX_POINTS = 50_000;
const SMOOTH_MIN_DIAMETER = 4;

/**
 * The pixels of a disc of `diameter` px whose centre lies (offsetX, offsetY) px from the middle of
 * its centre pixel. `smooth` = anti-aliased rim; otherwise a pixel is in when half covered.
 */
function buildMask(
  diameter: number,
  offsetX: number,
  offsetY: number,
  width: number,
  smooth: boolean,
): DiscMask {
  const radius = diameter / 2;
  const reach = Math.ceil(radius + 1);
  const full: [number, number, number, number][] = [];
  const partial: [number, number, number, number][] = [];
  for (let dy = -reach; dy <= reach; dy++) {
    for (let dx = -reach; dx <= reach; dx++) {
      const d = Math.hypot(dx - offsetX, dy - offsetY);
      let coverage = Math.min(1, Math.max(0, radius + 0.5 - d));
      if (!smooth) coverage = coverage >= 0.5 || (dx === 0 && dy === 0) ? 1 : 0;
      if (coverage < 1 / 64) continue;
      const rim = diameter >= 5 && d > radius - 1.5 ? 1 : 0;
      (coverage >= 0.999 ? full : partial).push([dx, dy, Math.round(coverage * 256), rim]);
    }
  }
  const all = [...full, ...partial];
  return {
    reach,
    dx: Int16Array.from(all, (e) => e[0]),
    dy: Int16Array.from(all, (e) => e[1]),
    offsets: Int32Array.from(all, (e) => e[1] * width + e[0]),
    coverage: Uint16Array.from(all, (e) => e[2]),
    rim: Uint8Array.from(all, (e) => e[3]),
    full: full.length,
  };
}

/** Diameter in half pixels, as masks are built: at least 1 px, at most MAX_DIAMETER. */
function halfStepsOf(diameter: number): number {
  return Math.min(MAX_DIAMETER * 2, Math.max(2, Math.round(diameter * 2)));
}

function maskKey(diameter: number, phaseX: number, phaseY: number, smooth: boolean): number {
  return (halfStepsOf(diameter) * 4 + phaseY * 2 + phaseX) * 2 + (smooth ? 1 : 0);
}

/** Blends colour word `c` over pixel word `d` with weight a (0..256); result is opaque. */
function blend(d: number, c: number, a: number): number {
  const dr = d & 255;
  const dg = (d >>> 8) & 255;
  const db = (d >>> 16) & 255;
  const r = dr + ((((c & 255) - dr) * a) >> 8);
  const g = dg + (((((c >>> 8) & 255) - dg) * a) >> 8);
  const b = db + (((((c >>> 16) & 255) - db) * a) >> 8);
  return (0xff000000 | (b << 16) | (g << 8) | r) >>> 0;
}

/** Halves a colour word's RGB (the darker rim of emphasised points), keeping alpha. */
function darker(c: number): number {
  return ((c & 0xff000000) | ((c >>> 1) & 0x007f7f7f)) >>> 0;
}

export class CanvasPoints implements PointRenderer {
  readonly kind = 'canvas' as const;
  readonly description = 'Canvas 2D (ImageData)';
  private readonly canvas: HTMLCanvasElement | OffscreenCanvas;
  private readonly ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
  private image: ImageData | null = null;
  private pixels: Uint32Array = new Uint32Array(0);
  private width = 1;
  private height = 1;
  private positions: Float32Array = new Float32Array(0);
  private colours: Uint32Array = new Uint32Array(0);
  private sizes: Float32Array = new Float32Array(0);
  private flags: Uint8Array = new Uint8Array(0);
  private order: Uint32Array | null = null;
  /**
   * The per-point arrays gathered into draw order. With an order such as "by suspicion" the rows
   * are visited in effectively random order, and random reads of four arrays per point cost more
   * than the drawing at 1M points; gathering once per data change makes every frame sequential.
   */
  private drawn = {
    positions: new Float32Array(0) as Float32Array,
    colours: new Uint32Array(0) as Uint32Array,
    faded: new Uint32Array(0) as Uint32Array,
    sizes: new Float32Array(0) as Float32Array,
    flags: new Uint8Array(0) as Uint8Array,
  };
  private stale = { positions: true, colours: true, faded: true, sizes: true, flags: true };
  /** The order the copies were gathered in (undefined: never gathered). */
  private gatheredFor: Uint32Array | null | undefined = undefined;
  /** Masks by maskKey (a small integer): an array lookup, since the phase changes almost every point. */
  private masks: (DiscMask | undefined)[] = [];
  private readonly background =
    (0xff000000 | (BACKGROUND_RGB[2] << 16) | (BACKGROUND_RGB[1] << 8) | BACKGROUND_RGB[0]) >>> 0;

  /** A layer on `canvas`: a page's <canvas> or, in a worker, an OffscreenCanvas. */
  static create(canvas: HTMLCanvasElement | OffscreenCanvas): CanvasPoints | null {
    // willReadFrequently keeps the canvas in CPU memory: putImageData is then a plain copy.
    const ctx = canvas.getContext('2d', { alpha: false, willReadFrequently: true });
    return ctx ? new CanvasPoints(canvas, ctx) : null;
  }

  private constructor(
    canvas: HTMLCanvasElement | OffscreenCanvas,
    ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
  ) {
    this.canvas = canvas;
    this.ctx = ctx;
  }

  setPositions(positions: Float32Array): void {
    this.positions = positions;
    this.stale.positions = true;
  }

  setColours(colours: Uint8Array): void {
    const n = colours.length >> 2;
    // Reinterpret the RGBA bytes as pixel words without a copy when alignment allows.
    this.colours =
      colours.byteOffset % 4 === 0
        ? new Uint32Array(colours.buffer, colours.byteOffset, n)
        : new Uint32Array(colours.slice(0, n * 4).buffer);
    this.stale.colours = true;
    this.stale.faded = true;
  }

  setSizes(sizes: Float32Array): void {
    this.sizes = sizes;
    this.stale.sizes = true;
  }

  setFlags(flags: Uint8Array): void {
    this.flags = flags;
    this.stale.flags = true;
  }

  setOrder(order: Uint32Array | null): void {
    this.order = order;
  }

  resize(width: number, height: number): void {
    const w = Math.max(1, Math.round(width));
    const h = Math.max(1, Math.round(height));
    if (w === this.width && h === this.height && this.image) return;
    this.width = w;
    this.height = h;
    this.canvas.width = w;
    this.canvas.height = h;
    this.image = this.ctx.createImageData(w, h);
    this.pixels = new Uint32Array(this.image.data.buffer);
    this.masks = []; // offsets depend on the width
  }

  /** Mask for a diameter at a half-pixel phase (0: centre in the pixel's left/top half, 1: right/bottom). */
  private mask(diameter: number, phaseX: number, phaseY: number, smooth: boolean): DiscMask {
    const key = maskKey(diameter, phaseX, phaseY, smooth);
    let m = this.masks[key];
    if (!m) {
      m = buildMask(
        halfStepsOf(diameter) / 2,
        phaseX ? 0.25 : -0.25,
        phaseY ? 0.25 : -0.25,
        this.width,
        smooth,
      );
      this.masks[key] = m;
    }
    return m;
  }

  /** Brings the draw-order copies up to date for `count` points drawn in `order` (or row order). */
  private gather(count: number, order: Uint32Array | null, needFaded: boolean): void {
    const d = this.drawn;
    if (order !== this.gatheredFor) {
      this.stale = { positions: true, colours: true, faded: true, sizes: true, flags: true };
      this.gatheredFor = order;
    }
    const st = this.stale;
    if (!order) {
      // Row order: draw straight from the inputs.
      d.positions = this.positions;
      d.colours = this.colours;
      d.sizes = this.sizes;
      d.flags = this.flags;
      st.positions = st.colours = st.sizes = st.flags = false;
    }
    if (st.positions) {
      const src = this.positions;
      const out =
        d.positions.length === count * 2 && d.positions !== src ? d.positions : new Float32Array(count * 2);
      for (let o = 0; o < count; o++) {
        const i = order![o];
        out[2 * o] = src[2 * i];
        out[2 * o + 1] = src[2 * i + 1];
      }
      d.positions = out;
      st.positions = false;
    }
    if (st.colours) d.colours = gatherInto(this.colours, order!, count, d.colours, Uint32Array);
    if (st.sizes) d.sizes = gatherInto(this.sizes, order!, count, d.sizes, Float32Array);
    if (st.flags) d.flags = gatherInto(this.flags, order!, count, d.flags, Uint8Array);
    st.colours = st.sizes = st.flags = false;
    if (needFaded && (st.faded || d.faded.length !== d.colours.length)) {
      d.faded = fade(d.colours);
      st.faded = false;
    }
  }

  draw(view: PointView): void {
    if (!this.image) this.resize(this.canvas.width, this.canvas.height);
    const image = this.image!;
    const px = this.pixels;
    px.fill(this.background);
    const W = this.width;
    const H = this.height;
    const count = Math.min(
      this.positions.length >> 1,
      this.colours.length,
      this.sizes.length,
      this.flags.length,
    );
    const order = this.order && this.order.length === count ? this.order : null;
    this.gather(count, order, view.dimUnselected);
    const { positions: pos, colours, faded, sizes, flags } = this.drawn;
    const { ax, bx, ay, by, sizeScale, dimUnselected } = view;
    const smoothAll = count <= SMOOTH_MAX_POINTS;

    // Points of one size share a mask; cache the last one looked up (sizes repeat in runs).
    let lastKey = -1;
    let m: DiscMask = this.mask(2, 0, 0, true);
    for (let i = 0; i < count; i++) {
      const x = ax * pos[2 * i] + bx;
      const y = ay * pos[2 * i + 1] + by;
      const diameter = sizes[i] * sizeScale;
      const margin = diameter * 0.5 + 2;
      // Also rejects NaN positions.
      if (!(x > -margin && x < W + margin && y > -margin && y < H + margin)) continue;
      // Centre to the nearest half pixel: pixel (cx, cy) plus phase 0 or ½ along each axis.
      const hx = Math.floor(x * 2);
      const hy = Math.floor(y * 2);
      const cx = hx >> 1;
      const cy = hy >> 1;
      const phaseX = hx & 1;
      const phaseY = hy & 1;
      const smooth = smoothAll || diameter >= SMOOTH_MIN_DIAMETER;
      const key = maskKey(diameter, phaseX, phaseY, smooth);
      if (key !== lastKey) {
        m = this.mask(diameter, phaseX, phaseY, smooth);
        lastKey = key;
      }
      const f = flags[i];
      const dim = dimUnselected && (f & FLAG_SELECTED) === 0;
      const c = dim ? faded[i] : colours[i];
      const rimColour = !dim && f & FLAG_EMPHASIS ? darker(c) : c;
      const alpha = c >>> 24;
      const inside = cx - m.reach >= 0 && cx + m.reach < W && cy - m.reach >= 0 && cy + m.reach < H;
      const base = cy * W + cx;
      const entries = m.coverage.length;
      if (inside && alpha === 255 && rimColour === c) {
        // The common case: opaque, fully on screen, no rim.
        const offsets = m.offsets;
        for (let e = 0; e < m.full; e++) px[base + offsets[e]] = c;
        for (let e = m.full; e < entries; e++) {
          const at = base + offsets[e];
          px[at] = blend(px[at], c, m.coverage[e]);
        }
        continue;
      }
      for (let e = 0; e < entries; e++) {
        const tx = cx + m.dx[e];
        const ty = cy + m.dy[e];
        if (tx < 0 || tx >= W || ty < 0 || ty >= H) continue;
        const at = ty * W + tx;
        const colour = m.rim[e] ? rimColour : c;
        const a = alpha === 255 ? m.coverage[e] : (m.coverage[e] * alpha) >> 8;
        px[at] = a >= 256 ? (colour | 0xff000000) >>> 0 : blend(px[at], colour, a);
      }
    }
    this.ctx.putImageData(image, 0, 0);
  }

  finish(): void {
    // Reading a pixel back flushes the canvas; with a CPU-backed canvas it costs next to nothing.
    this.ctx.getImageData(0, 0, 1, 1);
  }

  dispose(): void {
    this.image = null;
    this.pixels = new Uint32Array(0);
    this.masks = [];
  }
}

type TypedArray = Uint32Array | Float32Array | Uint8Array;

/** out[o] = src[order[o]] for o < count, reusing `out` when it has the right length. */
function gatherInto<T extends TypedArray>(
  src: T,
  order: Uint32Array,
  count: number,
  out: T,
  Ctor: new (length: number) => T,
): T {
  const dest = out.length === count && out !== src ? out : new Ctor(count);
  for (let o = 0; o < count; o++) dest[o] = src[order[o]];
  return dest;
}

/** Colours moved DIM_MIX of the way to the background: how unselected points look. */
function fade(src: Uint32Array): Uint32Array {
  const out = new Uint32Array(src.length);
  const [br, bg, bb] = BACKGROUND_RGB;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    const r = Math.round((c & 255) + (br - (c & 255)) * DIM_MIX);
    const g = Math.round(((c >>> 8) & 255) + (bg - ((c >>> 8) & 255)) * DIM_MIX);
    const b = Math.round(((c >>> 16) & 255) + (bb - ((c >>> 16) & 255)) * DIM_MIX);
    out[i] = ((c & 0xff000000) | (b << 16) | (g << 8) | r) >>> 0;
  }
  return out;
}

/**
 * Runs the draw loop (gather, fade, plain and rimmed discs) on synthetic points on `canvas`,
 * `rounds` times, each round scheduled by `schedule`, so V8 has compiled it before the first real
 * frame: measured in the page after a 60k scan, the map's first draws took 150-170 ms each while
 * the code was cold. Each round draws 3,000 points on a small canvas: measured in Node, the first
 * rounds 3-23 ms while cold, from the seventh on under a millisecond.
 */
export function warmUpDraw(
  canvas: HTMLCanvasElement | OffscreenCanvas,
  rounds: number,
  schedule: (round: () => void) => void,
): void {
  const W = 256;
  const H = 192;
  const n = 3000;
  const layer = CanvasPoints.create(canvas);
  if (!layer) return;
  layer.resize(W, H);
  const positions = new Float32Array(2 * n);
  const colours = new Uint8Array(4 * n).fill(255);
  const sizes = new Float32Array(n);
  const flags = new Uint8Array(n);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    // A deterministic spread of places, sizes and flags: both the plain and the rimmed path run.
    positions[2 * i] = ((i * 7919) % W) + 0.37;
    positions[2 * i + 1] = ((i * 104729) % H) + 0.61;
    sizes[i] = i % 10 === 0 ? 6.3 : i % 2 ? 3.5 : 2.5;
    flags[i] = i % 10 === 0 ? FLAG_EMPHASIS : i % 97 === 0 ? FLAG_SELECTED : 0;
    order[i] = n - 1 - i;
  }
  layer.setColours(colours);
  layer.setSizes(sizes);
  layer.setFlags(flags);
  layer.setOrder(order);
  let left = rounds;
  const round = (): void => {
    // New positions each round, as a settling layout sends them: the gather runs too.
    positions[0] = left;
    layer.setPositions(positions);
    layer.draw({ ax: 1, bx: 0, ay: 1, by: 0, sizeScale: 1, dimUnselected: left % 3 === 0 });
    if (--left > 0) schedule(round);
    else layer.dispose();
  };
  if (left > 0) schedule(round);
}
