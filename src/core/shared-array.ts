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

// A SharedArrayBuffer is freed only when every worker that held it has collected it, and an
// idle worker may not collect for many seconds (workers/prompt-collection.ts). So the matrices a
// scan makes for itself are counted until they are collected: the engine can tell whether the
// 188 MB it dropped is really gone, and prompt again if not. (A finalisation callback, not a
// WeakRef: dereferencing one would keep the matrix alive through the collection it prompts.)
let scanBytesUncollected = 0;
const collected =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry<number>((bytes) => (scanBytesUncollected -= bytes))
    : null;

/**
 * A zeroed Float32Array of `length`, in a SharedArrayBuffer where sharedFeatures() says so.
 * `lifetime`: 'scan' for a matrix the scan drops when it ends (counted until collected, above);
 * 'dataset' for one kept with the loaded data (a Parquet embedding column).
 */
export function featureArray(length: number, lifetime: 'scan' | 'dataset' = 'scan'): Float32Array {
  if (!sharedFeatures()) return new Float32Array(length);
  const buffer = new SharedArrayBuffer(length * 4);
  if (lifetime === 'scan' && collected) {
    scanBytesUncollected += buffer.byteLength;
    collected.register(buffer, buffer.byteLength);
  }
  return new Float32Array(buffer);
}

/** Bytes of this worker's scan-lifetime shared matrices not yet collected (in use or garbage). */
export function scanSharedBytesUncollected(): number {
  return scanBytesUncollected;
}

/** Whether `a` lives in a SharedArrayBuffer (so posting it shares it rather than copying it). */
export function isShared(a: ArrayBufferView): boolean {
  return typeof SharedArrayBuffer === 'function' && a.buffer instanceof SharedArrayBuffer;
}
