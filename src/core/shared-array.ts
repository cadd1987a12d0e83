// The scan's big float matrices (the feature matrix, a Parquet embedding column), allocated where
// a second worker can read them without a copy.
//
// In a cross-origin isolated page (COOP/COEP, vite.config.ts) they live in a SharedArrayBuffer:
// the input-graph worker (workers/input-graph.ts) is handed the same memory instead of a 188 MB
// copy at 60k Fashion-MNIST rows, and the map's layout worker reads a 1M × 384 embedding column
// for its PCA start instead of a 1.43 GB copy; nobody writes to them once they are built.
// Elsewhere (a page without isolation, Node's CLI) they are ordinary Float32Arrays, as before.

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
