// The scan's feature matrix, allocated where a second worker can read it without a copy.
//
// In a cross-origin isolated page (COOP/COEP, vite.config.ts) the matrix lives in a
// SharedArrayBuffer: the input-graph worker (workers/input-graph.ts) is handed the same memory
// instead of a 188 MB copy at 60k Fashion-MNIST rows, and nobody writes to it once it is built.
// Elsewhere (a page without isolation, Node's CLI) it is an ordinary Float32Array, as before.

/** Whether feature matrices are shared here (crossOriginIsolated and SharedArrayBuffer). */
export function sharedFeatures(): boolean {
  return (
    (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true &&
    typeof SharedArrayBuffer === 'function'
  );
}

/** A zeroed Float32Array of `length`, in a SharedArrayBuffer where sharedFeatures() says so. */
export function featureArray(length: number): Float32Array {
  return sharedFeatures() ? new Float32Array(new SharedArrayBuffer(length * 4)) : new Float32Array(length);
}

/** Whether `a` lives in a SharedArrayBuffer (so posting it shares it rather than copying it). */
export function isShared(a: ArrayBufferView): boolean {
  return typeof SharedArrayBuffer === 'function' && a.buffer instanceof SharedArrayBuffer;
}
