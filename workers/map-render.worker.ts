// The map's points drawn off the main thread: ScatterMap hands this worker its <canvas> as an
// OffscreenCanvas, and from then on sends the data (positions as the layout streams them, colours,
// the style inputs) and the view to draw; the WebGL or Canvas 2D layer (src/ui/map) draws here, and
// hover, click, rectangle and lasso hit tests run here on the scene's spatial grid
// (src/ui/map/map-scene.ts). The main thread keeps the DOM: zoom/pan input, axes, the hover ring,
// the lasso path, the legend and the card.
import * as Comlink from 'comlink';
import { CanvasPoints } from '../src/ui/map/canvas-points';
import { WebGLPoints } from '../src/ui/map/webgl-points';
import {
  isSoftwareGl,
  type PointRenderer,
  type PointView,
  type RendererKind,
} from '../src/ui/map/points-renderer';
import { MapScene, type HitView, type SceneStyle } from '../src/ui/map/map-scene';

/** Whether WebGL2 works in this worker and on real hardware ('auto' picks it only then). */
function autoKind(): RendererKind {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return 'canvas';
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return isSoftwareGl(name) ? 'canvas' : 'webgl';
  } catch {
    return 'canvas';
  }
}

/** Arrays in a SharedArrayBuffer are copied once here, so the page writing on cannot tear a frame. */
function own<T extends Float32Array | Uint8Array | Uint32Array>(a: T): T {
  return typeof SharedArrayBuffer !== 'undefined' && a.buffer instanceof SharedArrayBuffer
    ? (a.slice() as T)
    : a;
}

const later: (job: () => void) => void = (job) => setTimeout(job, 0);

export class MapRenderApi {
  private layer: PointRenderer | null = null;
  private readonly scene = new MapScene();
  private colours: Uint8Array = new Uint8Array(0);
  private view: PointView | null = null;
  /** Callers waiting for the next coalesced draw. */
  private waiting: (() => void)[] = [];
  private scheduled = false;

  /**
   * Starts drawing on `canvas` with `want` ('auto': WebGL on a real GPU, else Canvas 2D, probed
   * here). Null when that layer cannot start (no WebGL2 in workers: the page falls back).
   * `onLost` is called when the WebGL context is lost.
   */
  init(
    canvas: OffscreenCanvas,
    want: 'auto' | RendererKind,
    onLost?: () => void,
  ): { kind: RendererKind; description: string } | null {
    this.layer?.dispose();
    this.layer = null;
    const kind = want === 'auto' ? autoKind() : want;
    const layer = kind === 'webgl' ? WebGLPoints.create(canvas) : CanvasPoints.create(canvas);
    if (!layer) return null;
    if (kind === 'webgl' && onLost) {
      canvas.addEventListener('contextlost', (e) => {
        e.preventDefault();
        onLost();
      });
    }
    this.layer = layer;
    this.upload();
    return { kind: layer.kind, description: layer.description };
  }

  private upload(): void {
    const layer = this.layer;
    if (!layer) return;
    layer.setPositions(this.scene.positions);
    layer.setColours(this.colours);
    this.uploadStyle();
  }

  private uploadStyle(): void {
    const layer = this.layer;
    if (!layer) return;
    const b = this.scene.buffers();
    layer.setSizes(b.sizes);
    layer.setFlags(b.flags);
    layer.setOrder(b.order);
  }

  setPositions(positions: Float32Array): void {
    const p = own(positions);
    const nChanged = this.scene.setPositions(p);
    this.layer?.setPositions(p);
    if (nChanged) this.uploadStyle();
  }

  setColours(colours: Uint8Array): void {
    this.colours = own(colours);
    this.layer?.setColours(this.colours);
  }

  setStyle(style: SceneStyle): void {
    this.scene.setStyle({
      ...style,
      sizes: style.sizes && own(style.sizes),
      emphasis: style.emphasis && own(style.emphasis),
      order: style.order && own(style.order),
      selected: style.selected && own(style.selected),
    });
    this.uploadStyle();
  }

  /** Backing-store size in device px. */
  resize(width: number, height: number): void {
    this.layer?.resize(width, height);
  }

  /**
   * Draws `view` soon; views that arrive before the draw replace it (one draw per burst of
   * messages). Resolves once the frame that includes it is drawn.
   */
  draw(view: PointView): Promise<void> {
    this.view = view;
    const done = new Promise<void>((resolve) => this.waiting.push(resolve));
    if (!this.scheduled) {
      this.scheduled = true;
      later(() => {
        this.scheduled = false;
        this.drawPending();
      });
    }
    return done;
  }

  private drawPending(): void {
    const waiting = this.waiting;
    this.waiting = [];
    if (this.layer && this.view) this.layer.draw(this.view);
    for (const resolve of waiting) resolve();
  }

  /** Draws `view` now; with `wait`, returns once the pixels are done. Milliseconds it took here. */
  drawNow(view: PointView, wait = false): number {
    const t0 = performance.now();
    this.view = view;
    this.drawPending();
    if (wait) this.layer?.finish();
    return performance.now() - t0;
  }

  pick(hv: HitView, px: number, py: number, prefer: number | null): number | null {
    return this.scene.pick(hv, px, py, prefer);
  }

  inRect(hv: HitView, x0: number, y0: number, x1: number, y1: number): Int32Array {
    const rows = this.scene.inRect(hv, x0, y0, x1, y1);
    return Comlink.transfer(rows, [rows.buffer]);
  }

  inPolygon(hv: HitView, polygon: number[]): Int32Array {
    const rows = this.scene.inPolygon(hv, polygon);
    return Comlink.transfer(rows, [rows.buffer]);
  }

  dispose(): void {
    this.layer?.dispose();
    this.layer = null;
  }
}

Comlink.expose(new MapRenderApi());
