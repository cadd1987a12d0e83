// What the map asks of a point layer, whichever draws it (WebGL or Canvas 2D), and how it picks one.

/** Per-point flag bits (the `flags` buffer). */
export const FLAG_SELECTED = 1;
export const FLAG_EMPHASIS = 2;

/**
 * Data → device-pixel transform (x' = ax·x + bx, y' = ay·y + by, origin top-left) and the
 * per-frame style. Zoom and pan change only this, never the point buffers.
 */
export interface PointView {
  ax: number;
  bx: number;
  ay: number;
  by: number;
  /** Multiplies each point's size (CSS px) into device px: devicePixelRatio × zoom growth. */
  sizeScale: number;
  /** True when some points are selected: the others are drawn faded. */
  dimUnselected: boolean;
}

export type RendererKind = 'webgl' | 'canvas';

export interface PointRenderer {
  readonly kind: RendererKind;
  /** What actually draws, e.g. the GL renderer string, for diagnostics. */
  readonly description: string;
  /** n×2 positions; n is the point count from now on. Same n → buffers are updated in place. */
  setPositions(positions: Float32Array): void;
  /** n×4 RGBA. */
  setColours(colours: Uint8Array): void;
  /** n diameters in CSS px. */
  setSizes(sizes: Float32Array): void;
  /** n flag bytes (FLAG_SELECTED | FLAG_EMPHASIS). */
  setFlags(flags: Uint8Array): void;
  /** Draw order (rows; later = on top), or null for row order. Ignored unless it has n entries. */
  setOrder(order: Uint32Array | null): void;
  /** Backing-store size in device pixels. */
  resize(width: number, height: number): void;
  draw(view: PointView): void;
  /** Blocks until the last draw has really finished (benchmarks: GPU work included). */
  finish(): void;
  dispose(): void;
}

/** Background the points are drawn on (--panel) and the colour faded points blend towards. */
export const BACKGROUND_RGB: readonly [number, number, number] = [255, 255, 255];
/** How far a faded (unselected) point moves towards the background. */
export const DIM_MIX = 0.85;

/** Software WebGL (no GPU): SwiftShader, Mesa's llvmpipe/softpipe, Microsoft's WARP. */
export function isSoftwareGl(rendererName: string): boolean {
  return /swiftshader|llvmpipe|softpipe|software|basic render driver/i.test(rendererName);
}

let probed: { webgl2: boolean; renderer: string } | null = null;

/** Whether WebGL2 exists here and which renderer backs it (probed once on a throwaway canvas). */
export function probeWebGl(): { webgl2: boolean; renderer: string } {
  if (probed) return probed;
  probed = { webgl2: false, renderer: '' };
  try {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2');
    if (gl) {
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
      probed = { webgl2: true, renderer };
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    }
  } catch {
    // No WebGL at all: the canvas fallback draws.
  }
  return probed;
}

/**
 * The renderer 'auto' picks: WebGL on a real GPU; the Canvas 2D fallback when WebGL is missing or
 * software-emulated, where the benchmark (bench/map.ts) measured the canvas path as faster.
 */
export function autoRenderer(): RendererKind {
  const { webgl2, renderer } = probeWebGl();
  return webgl2 && !isSoftwareGl(renderer) ? 'webgl' : 'canvas';
}
