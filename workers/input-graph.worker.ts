// The scan's input graph in a worker of its own, started from the engine worker by
// input-graph.ts: the engine trains the probe on one core while this builds the graph on another.
import { computeInputGraph } from '../src/core/layout/input-graph';
import type { InputGraphJob } from '../src/core/types';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<InputGraphJob>) => {
  const done = computeInputGraph(event.data);
  scope.postMessage(done, [done.graph.indices.buffer, done.graph.distances.buffer]);
};
