import { describe, expect, it } from 'vitest';
import {
  isShared,
  offscreenSupported,
  renderPathOf,
  sendable,
  sendableStyle,
} from '../../../src/ui/map/offscreen';

describe('offscreen map: capability check', () => {
  const canvasWith = (transfer: unknown) => ({ prototype: { transferControlToOffscreen: transfer } });
  const full = {
    Worker: function Worker() {},
    OffscreenCanvas: function OffscreenCanvas() {},
    HTMLCanvasElement: canvasWith(function transferControlToOffscreen() {}),
  };

  it('needs workers, OffscreenCanvas and transferControlToOffscreen', () => {
    expect(offscreenSupported(full)).toBe(true);
    expect(offscreenSupported({ ...full, OffscreenCanvas: undefined })).toBe(false);
    expect(offscreenSupported({ ...full, HTMLCanvasElement: canvasWith(undefined) })).toBe(false);
    expect(offscreenSupported({ ...full, HTMLCanvasElement: undefined })).toBe(false);
    expect(offscreenSupported({ ...full, Worker: undefined })).toBe(false);
    // Node has none of them.
    expect(offscreenSupported(globalThis)).toBe(false);
  });

  it('names the render path', () => {
    expect(renderPathOf('canvas', true)).toBe('offscreen-canvas');
    expect(renderPathOf('webgl', true)).toBe('offscreen-webgl');
    expect(renderPathOf('canvas', false)).toBe('canvas');
    expect(renderPathOf('webgl', false)).toBe('webgl');
  });
});

describe('offscreen map: what crosses to the worker', () => {
  it('an ordinary array goes as a copy whose buffer is transferred; the original stays usable', () => {
    const a = Float32Array.of(1, 2, 3, 4);
    const buffers: Transferable[] = [];
    const sent = sendable(a, buffers);
    expect(sent).not.toBe(a);
    expect(sent).toEqual(a);
    expect(buffers).toEqual([sent.buffer]);
    // Transferring detaches the copy, never the caller's array.
    structuredClone(sent, { transfer: buffers as ArrayBuffer[] });
    expect(sent.length).toBe(0);
    expect(Array.from(a)).toEqual([1, 2, 3, 4]);
  });

  it('a view copies only its own elements', () => {
    const whole = Float32Array.of(0, 1, 2, 3, 4, 5);
    const sent = sendable(whole.subarray(2, 4), []);
    expect(Array.from(sent)).toEqual([2, 3]);
    expect(sent.buffer.byteLength).toBe(8);
  });

  it('an array in shared memory goes as it is (no copy, nothing to transfer)', () => {
    const shared = new Float32Array(new SharedArrayBuffer(16));
    const buffers: Transferable[] = [];
    expect(isShared(shared)).toBe(true);
    expect(sendable(shared, buffers)).toBe(shared);
    expect(buffers).toEqual([]);
  });

  it('style arrays are made sendable, nulls and the point size kept', () => {
    const emphasis = Uint8Array.of(0, 1);
    const buffers: Transferable[] = [];
    const style = sendableStyle(
      { sizes: null, emphasis, order: Uint32Array.of(1, 0), selected: null, pointSize: 3 },
      buffers,
    );
    expect(style.sizes).toBeNull();
    expect(style.selected).toBeNull();
    expect(style.emphasis).toEqual(emphasis);
    expect(style.emphasis).not.toBe(emphasis);
    expect(Array.from(style.order!)).toEqual([1, 0]);
    expect(style.pointSize).toBe(3);
    expect(buffers.length).toBe(2);
  });
});
