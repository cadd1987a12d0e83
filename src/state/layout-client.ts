// Starts the layout worker for one layout and ends it when done or stopped.
import * as Comlink from 'comlink';
import type { LayoutApi, LayoutRequest } from '../../workers/layout.worker';

export interface LayoutRun {
  /** The final positions, or null when stopped. */
  done: Promise<Float32Array | null>;
  stop(): void;
}

export function startLayout(
  request: LayoutRequest,
  onLayout: (positions: Float32Array, epoch: number, total: number) => void,
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
  const run = api.layout(request, Comlink.proxy(onLayout)).then((p) => (stopped ? null : p));
  const done = Promise.race([run, stoppedSignal, failed]).finally(() => {
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
