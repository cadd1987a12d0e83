// A scan result leaves the worker as a copy whose typed arrays are transferred, not cloned: the
// worker keeps its own (exports and the review need it) and the page's main thread receives the
// buffers without copying them. Measured on a 60k-row result: the message's deserialisation on
// the main thread was 70 ms of a 126 ms task.
import * as Comlink from 'comlink';
import type { ScanOutput } from '../src/core/pipeline';
import type { PackedStrings, PageScanOutput, PageScanResult, Reason } from '../src/core/types';

type Typed = Float32Array | Int32Array | Uint32Array | Uint8Array;

/**
 * A list of strings as UTF-8 bytes, one after another, with each one's end (in bytes): two typed
 * arrays, transferred, for state/result-rows.ts to decode a row when it is shown.
 */
export function packStrings(strings: readonly string[]): PackedStrings {
  let units = 0;
  for (const t of strings) units += t.length;
  // UTF-8 takes at most 3 bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units).
  const room = new Uint8Array(units * 3);
  const ends = new Uint32Array(strings.length);
  const encoder = new TextEncoder();
  let end = 0;
  for (let i = 0; i < strings.length; i++) {
    end += encoder.encodeInto(strings[i], room.subarray(end)).written;
    ends[i] = end;
  }
  return { bytes: room.slice(0, end), ends };
}

/**
 * The reasons as each row's JSON text (empty where a row has none: most rows, only flagged ones
 * have reasons), packed (above); the page parses a row's when it shows it. Measured on
 * fashion-60k's result (4,009 rows with reasons): as objects they were 36-50 ms of the result's
 * arrival on the main thread; as one string per row, the message's deserialisation was still
 * 28-33 ms (bench/page-budget.ts --trace), where a worker's message of as many strings took 8 ms
 * in Chromium and transferred buffers of the result's size 0.2-0.4 ms (a scratch page, not
 * kept). As bytes, the arrival allocates no big string on the main thread's heap either, which
 * the traces showed starting a collection inside the deserialisation.
 */
export function packReasons(reasons: readonly (readonly Reason[])[]): PackedStrings {
  return packStrings(reasons.map((r) => (r.length ? JSON.stringify(r) : '')));
}

/** The page's copy of `output` (PageScanResult) with fresh typed arrays, marked for transfer. */
export function transferableCopy(output: ScanOutput): PageScanOutput {
  const buffers: ArrayBuffer[] = [];
  const own = <T extends Typed>(a: T): T => {
    const c = a.slice() as T;
    buffers.push(c.buffer as ArrayBuffer);
    return c;
  };
  // The page never reads the embeddings: the layout worker gets them from this worker directly
  // (EngineApi.sendLayoutInput). Leaving them out saves the main thread 15 MB at 60k rows.
  const { embeddings: _embeddings, reasons, ids, ...r } = output.result;
  const packedIds = packStrings(ids);
  const packedReasons = packReasons(reasons);
  const result: PageScanResult = {
    ...r,
    labels: own(r.labels),
    predicted: own(r.predicted),
    probs: own(r.probs),
    knn: { ...r.knn, indices: own(r.knn.indices), distances: own(r.knn.distances) },
    // The page shows the combined reasons only; a detector's own are in the worker's copy
    // (exports, audit). Leaving them out saves cloning one string per sample per detector.
    detectors: r.detectors.map(({ reasons: _reasons, ...d }) => ({
      ...d,
      scores: own(d.scores),
      flagged: own(d.flagged),
    })),
    suspicion: own(r.suspicion),
    ranking: own(r.ranking),
    flagged: own(r.flagged),
    packedIds,
    packedReasons,
  };
  // Made here, so transferred without a copy.
  for (const p of [packedIds, packedReasons])
    buffers.push(p.bytes.buffer as ArrayBuffer, p.ends.buffer as ArrayBuffer);
  return Comlink.transfer({ ...output, result }, buffers);
}
