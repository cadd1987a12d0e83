// The scan's input graph off the engine worker's thread (RunControl.inputGraph): a nested module
// worker (input-graph.worker.ts) gets the features (shared, or a transferred copy) and builds the graph
// while the engine trains the probe. Where a worker cannot start here (no nested workers, a script
// that fails to load) the promise rejects and the scan builds the graph itself, as before.
import { isShared } from '../src/core/shared-array';
import type { InputGraphDone, InputGraphRunner } from '../src/core/types';

export const workerInputGraph: InputGraphRunner = (job, signal) =>
  new Promise<InputGraphDone>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    if (typeof Worker === 'undefined') return reject(new Error('no nested workers here'));
    const worker = new Worker(new URL('./input-graph.worker.ts', import.meta.url), {
      type: 'module',
      name: 'assay-input-graph',
    });
    const end = (fn: () => void) => {
      worker.terminate();
      signal.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => end(() => reject(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    worker.onmessage = (event: MessageEvent<InputGraphDone>) => end(() => resolve(event.data));
    worker.onerror = (event) => {
      event.preventDefault();
      end(() => reject(new Error(event.message || 'the input-graph worker failed')));
    };
    worker.onmessageerror = () => end(() => reject(new Error('the input graph could not be read')));
    // Features in a SharedArrayBuffer (a cross-origin isolated page, src/core/shared-array.ts)
    // are handed over as they are: both workers read the same memory, and neither writes to it.
    // Otherwise a copy, transferred: the engine keeps its own features for the probe.
    if (isShared(job.x)) {
      worker.postMessage({ x: job.x, n: job.n, k: job.k, seed: job.seed });
    } else {
      const x = job.x.slice();
      worker.postMessage({ x, n: job.n, k: job.k, seed: job.seed }, [x.buffer]);
    }
  });
