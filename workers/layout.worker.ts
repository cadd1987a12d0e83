// The map's layout in a worker of its own: UMAP over the scan's kNN graph. Kept apart from the
// engine worker so reviewing, hovering and exports stay instant while the points settle, and so
// stopping a layout is just ending this worker.
import * as Comlink from 'comlink';
import { umapLayout } from '../src/core/layout/umap';
import type { KnnGraph } from '../src/core/types';

export interface LayoutRequest {
  graph: KnnGraph;
  n: number;
  seed: number;
  /** Embeddings for the PCA start (n × dim); omitted when there are none. */
  embeddings?: { data: Float32Array; dim: number };
}

export class LayoutApi {
  /** Runs UMAP; intermediate layouts go to `onLayout` (transferred), the final one is returned. */
  layout(
    request: LayoutRequest,
    onLayout?: (positions: Float32Array, epoch: number, total: number) => void,
  ): Float32Array {
    const { graph, n, seed, embeddings } = request;
    const positions = umapLayout(graph, n, {
      seed,
      initFrom:
        embeddings && embeddings.dim > 0 && embeddings.data.length === n * embeddings.dim
          ? embeddings
          : undefined,
      onLayout: onLayout
        ? (p, epoch, total) => {
            void Promise.resolve(onLayout(Comlink.transfer(p, [p.buffer]), epoch, total)).catch(
              () => undefined,
            );
          }
        : undefined,
    });
    return Comlink.transfer(positions, [positions.buffer]);
  }

  /** As `layout`, with the request arriving as the first message on `input` (from the engine worker). */
  async layoutFrom(
    input: MessagePort,
    onLayout?: (positions: Float32Array, epoch: number, total: number) => void,
  ): Promise<Float32Array> {
    const message = await new Promise<LayoutRequest | { error: string }>((resolve) => {
      input.onmessage = (e: MessageEvent<LayoutRequest | { error: string }>) => resolve(e.data);
    });
    input.close();
    if ('error' in message) throw new Error(message.error);
    return this.layout(message, onLayout);
  }
}

Comlink.expose(new LayoutApi());
