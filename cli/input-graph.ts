// The scan's input graph on the second core in Node: a worker thread (input-graph.worker.mjs)
// builds it while the probe trains in the main thread. The features go over as one copy in a
// SharedArrayBuffer that the worker reads in place (no second copy on its side), freed once it is
// done; the graph comes back transferred, not copied.
import { Worker } from 'node:worker_threads';
import type { InputGraphDone, InputGraphRunner } from '../src/core/types';

const WORKER = new URL('./input-graph.worker.mjs', import.meta.url);

export const nodeInputGraph: InputGraphRunner = (job, signal) =>
  new Promise<InputGraphDone>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const x = new Float32Array(new SharedArrayBuffer(job.x.byteLength));
    x.set(job.x);
    // No inherited flags (tsx's own, say): the worker loads what it needs itself.
    const worker = new Worker(WORKER, {
      workerData: { x, n: job.n, k: job.k, seed: job.seed },
      execArgv: [],
    });
    const onAbort = () => {
      void worker.terminate();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const settle = (fn: () => void) => {
      signal.removeEventListener('abort', onAbort);
      fn();
    };
    worker.once('message', (done: InputGraphDone) => settle(() => resolve(done)));
    worker.once('error', (e) => settle(() => reject(e)));
    worker.once('exit', (code) => settle(() => reject(new Error(`input-graph worker exited (${code})`))));
  });
