// Starts the layout worker for one layout and ends it when done or stopped.
import * as Comlink from 'comlink';
import type { LayoutApi, OnLayout } from '../../workers/layout.worker';

export interface LayoutRun {
  /** The final positions, or null when stopped. */
  done: Promise<Float32Array | null>;
  stop(): void;
}

/**
 * `sendInput` is handed one end of a fresh channel and has the engine worker post the layout
 * request (kNN graph, embeddings) on it; the layout worker holds the other end. The arrays thus
 * go worker to worker and the main thread copies nothing.
 */
export function startLayout(
  sendInput: (port: MessagePort) => Promise<void>,
  onLayout: OnLayout,
  threads?: number,
): LayoutRun {
  const worker = new Worker(new URL('../../workers/layout.worker.ts', import.meta.url), {
    type: 'module',
    name: 'assay-layout',
  });
  const api = Comlink.wrap<LayoutApi>(worker);
  let stopped = false;
  let stopNow: () => void = () => undefined;
  const stoppedSignal = new Promise<null>((resolve) => (stopNow = () => resolve(null)));
  const failed = new Promise<never>((_, reject) =>
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      reject(new Error(e.message || 'the layout worker failed to start'));
    }),
  );
  const channel = new MessageChannel();
  const sent = sendInput(channel.port2);
  const run = api
    .layoutFrom(Comlink.transfer(channel.port1, [channel.port1]), Comlink.proxy(onLayout), threads)
    .then((p) => (stopped ? null : p));
  const done = Promise.race([sent.then(() => run), stoppedSignal, failed]).finally(() => {
    api[Comlink.releaseProxy]();
    worker.terminate();
  });
  return {
    done,
    stop() {
      stopped = true;
      stopNow();
    },
  };
}
