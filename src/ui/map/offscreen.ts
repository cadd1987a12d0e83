// The page's side of the off-main-thread map (workers/map-render.worker.ts): whether this browser
// can draw the map in a worker, how arrays cross to it (transferred copies, or shared memory as
// is), and the client ScatterMap talks to.
import * as Comlink from 'comlink';
import type { MapRenderApi } from '../../../workers/map-render.worker';
import type { PointView, RendererKind } from './points-renderer';
import type { HitView, SceneStyle } from './map-scene';

/** What draws the points: in a worker on an OffscreenCanvas, or on the main thread. */
export type RenderPath = 'offscreen-canvas' | 'offscreen-webgl' | 'canvas' | 'webgl';

export function renderPathOf(kind: RendererKind, offscreen: boolean): RenderPath {
  return offscreen ? `offscreen-${kind}` : kind;
}

/**
 * Whether the map can draw in a worker here: module workers, OffscreenCanvas and
 * HTMLCanvasElement.prototype.transferControlToOffscreen must all exist. `scope` is the global
 * object (a parameter for the tests).
 */
export function offscreenSupported(scope: object = globalThis): boolean {
  const g = scope as {
    Worker?: unknown;
    OffscreenCanvas?: unknown;
    HTMLCanvasElement?: { prototype?: { transferControlToOffscreen?: unknown } };
  };
  return (
    typeof g.Worker === 'function' &&
    typeof g.OffscreenCanvas === 'function' &&
    typeof g.HTMLCanvasElement?.prototype?.transferControlToOffscreen === 'function'
  );
}

type Sendable = Float32Array | Uint8Array | Uint32Array;

export function isShared(a: ArrayBufferView): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && a.buffer instanceof SharedArrayBuffer;
}

/**
 * An array as it goes to the worker: one in shared memory (SharedArrayBuffer, possible when the
 * page is cross-origin isolated) as it is, no copy; any other as a copy whose buffer is
 * transferred, not cloned (the caller's array stays usable). `buffers` collects what to transfer.
 */
export function sendable<T extends Sendable>(a: T, buffers: Transferable[]): T {
  if (isShared(a)) return a;
  const copy = a.slice() as T;
  buffers.push(copy.buffer as ArrayBuffer);
  return copy;
}

/** The style props with their arrays made sendable (see `sendable`). */
export function sendableStyle(style: SceneStyle, buffers: Transferable[]): SceneStyle {
  return {
    sizes: style.sizes && sendable(style.sizes, buffers),
    emphasis: style.emphasis && sendable(style.emphasis, buffers),
    order: style.order && sendable(style.order, buffers),
    selected: style.selected && sendable(style.selected, buffers),
    pointSize: style.pointSize,
  };
}

/** One map's renderer worker. Calls are queued in order; results come back as promises. */
export class OffscreenMap {
  private readonly worker: Worker;
  private readonly api: Comlink.Remote<MapRenderApi>;
  private disposed = false;
  /** Rejects if the worker fails to load or throws outside a call (the map then falls back). */
  private readonly failed: Promise<never>;

  constructor() {
    this.worker = new Worker(new URL('../../../workers/map-render.worker.ts', import.meta.url), {
      type: 'module',
      name: 'map-render',
    });
    this.failed = new Promise<never>((_, reject) => {
      this.worker.addEventListener('error', (e) => reject(new Error(e.message || 'map worker failed')), {
        once: true,
      });
    });
    this.failed.catch(() => undefined);
    this.api = Comlink.wrap<MapRenderApi>(this.worker);
  }

  /** Hands `canvas` to the worker; resolves to the layer that draws, or null if none could start. */
  start(
    canvas: HTMLCanvasElement,
    want: 'auto' | RendererKind,
    onLost: () => void,
  ): Promise<{ kind: RendererKind; description: string } | null> {
    const offscreen = canvas.transferControlToOffscreen();
    return Promise.race([
      this.api.init(Comlink.transfer(offscreen, [offscreen]), want, Comlink.proxy(onLost)),
      this.failed,
    ]);
  }

  setPositions(positions: Float32Array): void {
    const buffers: Transferable[] = [];
    const p = sendable(positions, buffers);
    void this.api.setPositions(Comlink.transfer(p, buffers));
  }

  setColours(colours: Uint8Array): void {
    const buffers: Transferable[] = [];
    const c = sendable(colours, buffers);
    void this.api.setColours(Comlink.transfer(c, buffers));
  }

  setStyle(style: SceneStyle): void {
    const buffers: Transferable[] = [];
    const s = sendableStyle(style, buffers);
    void this.api.setStyle(Comlink.transfer(s, buffers));
  }

  resize(width: number, height: number): void {
    void this.api.resize(width, height);
  }

  private drawing = false;
  private drawAgain: (() => PointView) | null = null;

  /**
   * Draws the view `view()` returns, and calls `drawn` once the worker has. One frame at a time:
   * requests made while one is being drawn merge into one, taken with the view at that moment. So
   * a worker slower than the display (1M points without a GPU) falls one frame behind the input at
   * most, never a queue of stale views.
   */
  drawLatest(view: () => PointView, drawn: () => void): void {
    if (this.drawing) {
      this.drawAgain = view;
      return;
    }
    this.drawing = true;
    void this.api.draw(view()).then(() => {
      this.drawing = false;
      drawn();
      const next = this.drawAgain;
      this.drawAgain = null;
      if (next && !this.disposed) this.drawLatest(next, drawn);
    });
  }

  /** Draws now in the worker and waits for the pixels; resolves to the worker's milliseconds. */
  drawNow(view: PointView, wait: boolean): Promise<number> {
    return this.api.drawNow(view, wait);
  }

  pick(hv: HitView, px: number, py: number, prefer: number | null): Promise<number | null> {
    return this.api.pick(hv, px, py, prefer);
  }

  inRect(hv: HitView, x0: number, y0: number, x1: number, y1: number): Promise<Int32Array> {
    return this.api.inRect(hv, x0, y0, x1, y1);
  }

  inPolygon(hv: HitView, polygon: number[]): Promise<Int32Array> {
    return this.api.inPolygon(hv, polygon);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.api[Comlink.releaseProxy]();
    this.worker.terminate();
  }
}

let wanted: boolean | undefined;
/**
 * Whether the map should draw in a worker: where it can, unless a test or dev build was opened
 * with `?map-thread=main` (the fallback, forced for tests and for before/after measurements).
 * Decided once per page.
 */
export function offscreenWanted(): boolean {
  wanted ??= decideWanted();
  return wanted;
}

function decideWanted(): boolean {
  if ((import.meta.env.MODE === 'test' || import.meta.env.DEV) && typeof location !== 'undefined') {
    if (new URLSearchParams(location.search).get('map-thread') === 'main') return false;
  }
  return offscreenSupported();
}
