// A scan result leaves the worker as a copy whose typed arrays are transferred, not cloned: the
// worker keeps its own (exports and the review need it) and the page's main thread receives the
// buffers without copying them. Measured on a 60k-row result: the message's deserialisation on
// the main thread was 70 ms of a 126 ms task.
import * as Comlink from 'comlink';
import type { ScanOutput } from '../src/core/pipeline';
import type { PageScanOutput, PageScanResult, Reason } from '../src/core/types';

type Typed = Float32Array | Int32Array | Uint32Array | Uint8Array;

/** A list of strings as one string and each one's end offset (UTF-16), for state/result-rows.ts. */
export function packStrings(strings: readonly string[]): { text: string; ends: Uint32Array } {
  const ends = new Uint32Array(strings.length);
  let end = 0;
  for (let i = 0; i < strings.length; i++) ends[i] = end += strings[i].length;
  return { text: strings.join(''), ends };
}

/**
 * The ids packed (above): one string and one typed array to clone instead of a string per row
 * (60k at fashion-60k; the page reads a few dozen).
 */
export function packIds(ids: readonly string[]): { idText: string; idEnds: Uint32Array } {
  const { text, ends } = packStrings(ids);
  return { idText: text, idEnds: ends };
}

/**
 * The reasons as each row's JSON text (empty where a row has none: most rows, only flagged ones
 * have reasons), packed (above); the page parses a row's when it shows it. Measured on
 * fashion-60k's result (4,009 rows with reasons): as objects they were 36-50 ms of the result's
 * arrival on the main thread; as one string per row, the message's deserialisation was still
 * 28-33 ms (bench/page-budget.ts --trace), where a worker's message of as many strings took 8 ms
 * in Chromium and of one string of the same length 1-2 ms (a scratch page, not kept).
 */
export function packReasons(reasons: readonly (readonly Reason[])[]): {
  reasonsText: string;
  reasonsEnds: Uint32Array;
} {
  const { text, ends } = packStrings(reasons.map((r) => (r.length ? JSON.stringify(r) : '')));
  return { reasonsText: text, reasonsEnds: ends };
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
  const { idText, idEnds } = packIds(ids);
  const { reasonsText, reasonsEnds } = packReasons(reasons);
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
    reasonsText,
    reasonsEnds,
    idText,
    idEnds,
  };
  // Made here, so transferred without a copy.
  buffers.push(idEnds.buffer as ArrayBuffer, reasonsEnds.buffer as ArrayBuffer);
  return Comlink.transfer({ ...output, result }, buffers);
}
