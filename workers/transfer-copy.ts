// A scan result leaves the worker as a copy whose typed arrays are transferred, not cloned: the
// worker keeps its own (exports and the review need it) and the page's main thread receives the
// buffers without copying them. Measured on a 60k-row result: the message's deserialisation on
// the main thread was 70 ms of a 126 ms task.
import * as Comlink from 'comlink';
import type { ScanOutput } from '../src/core/pipeline';
import type { PageScanOutput, PageScanResult, Reason } from '../src/core/types';

type Typed = Float32Array | Int32Array | Uint32Array | Uint8Array;

/**
 * The reasons as one JSON string per row that has any, with holes where a row has none (most
 * rows: only flagged ones have reasons), which the structured clone writes as a sparse array; the
 * page parses a row's when it shows it (state/result-rows.ts). Measured on fashion-60k's result
 * (4,009 rows with reasons; bench/page-budget.ts --trace): the result's arrival on the main thread
 * was a 52–62 ms task, 36–50 ms of it the clone's deserialisation, most of that these reasons as
 * objects (in Node's serializer: 4.1 of the 6.3 ms the whole result takes to read back).
 */
export function reasonsAsJson(reasons: readonly (readonly Reason[])[]): (string | undefined)[] {
  const out = new Array<string | undefined>(reasons.length);
  for (let i = 0; i < reasons.length; i++) if (reasons[i].length) out[i] = JSON.stringify(reasons[i]);
  return out;
}

/**
 * The ids as one string and each one's end offset: one string and one typed array to clone
 * instead of a string per row (60k at fashion-60k; the page reads a few dozen).
 */
export function packIds(ids: readonly string[]): { idText: string; idEnds: Uint32Array } {
  const idEnds = new Uint32Array(ids.length);
  let end = 0;
  for (let i = 0; i < ids.length; i++) idEnds[i] = end += ids[i].length;
  return { idText: ids.join(''), idEnds };
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
    reasonsJson: reasonsAsJson(reasons),
    idText,
    idEnds,
  };
  buffers.push(idEnds.buffer as ArrayBuffer); // made here, so transferred without a copy
  return Comlink.transfer({ ...output, result }, buffers);
}
