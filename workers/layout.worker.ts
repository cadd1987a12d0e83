// The map's layout in a worker of its own: UMAP over the scan's kNN graph. Kept apart from the
// engine worker so reviewing, hovering and exports stay instant while the points settle, and so
// stopping a layout is just ending this worker (its helper threads end with it).
import * as Comlink from 'comlink';
import { umapLayoutOnThreads, umapLayoutWithInfo, type UmapOptions } from '../src/core/layout/umap';
import { ThreadsStartError } from '../src/core/layout/umap-threads';
import type { KnnGraph } from '../src/core/types';
import { oneThread, startLayoutThreads } from './layout-threads';

export interface LayoutRequest {
  graph: KnnGraph;
  n: number;
  seed: number;
  /** Embeddings for the PCA start (n × dim); omitted when there are none. */
  embeddings?: { data: Float32Array; dim: number };
}

/** How many threads compute the layout, and why not more. */
export interface LayoutThreadsInfo {
  count: number;
  reason: string | null;
}

/** Receives each intermediate layout (transferred) and the threads computing it. */
export type OnLayout = (
  positions: Float32Array,
  epoch: number,
  total: number,
  threads: LayoutThreadsInfo,
) => void;

export class LayoutApi {
  /**
   * Runs UMAP; intermediate layouts go to `onLayout` (transferred), the final one is returned.
   * `threads`: how many threads to lay out on (default: layoutThreadCount of this machine).
   */
  async layout(request: LayoutRequest, onLayout?: OnLayout, threads?: number): Promise<Float32Array> {
    const { graph, n, seed, embeddings } = request;
    let helpers = await startLayoutThreads(threads);
    const run = async (): Promise<Float32Array> => {
      const threads: LayoutThreadsInfo = { count: helpers.threads, reason: helpers.reason };
      const opts: UmapOptions = {
        seed,
        initFrom:
          embeddings && embeddings.dim > 0 && embeddings.data.length === n * embeddings.dim
            ? embeddings
            : undefined,
        onLayout: onLayout
          ? (p, epoch, total) => {
              void Promise.resolve(onLayout(Comlink.transfer(p, [p.buffer]), epoch, total, threads)).catch(
                () => undefined,
              );
            }
          : undefined,
      };
      const info = helpers.team
        ? await umapLayoutOnThreads(graph, n, helpers.team, opts)
        : umapLayoutWithInfo(graph, n, opts);
      return info.positions;
    };
    try {
      let positions: Float32Array;
      try {
        positions = await run();
      } catch (e) {
        if (!helpers.team || !(e instanceof ThreadsStartError)) throw e;
        // The helpers did not take their jobs: lay out on this thread alone, and say why.
        helpers.close();
        helpers = oneThread(e.message);
        positions = await run();
      }
      return Comlink.transfer(positions, [positions.buffer]);
    } finally {
      helpers.close();
    }
  }

  /** As `layout`, with the request arriving as the first message on `input` (from the engine worker). */
  async layoutFrom(input: MessagePort, onLayout?: OnLayout, threads?: number): Promise<Float32Array> {
    const message = await new Promise<LayoutRequest | { error: string }>((resolve) => {
      input.onmessage = (e: MessageEvent<LayoutRequest | { error: string }>) => resolve(e.data);
    });
    input.close();
    if ('error' in message) throw new Error(message.error);
    return this.layout(message, onLayout, threads);
  }
}

Comlink.expose(new LayoutApi());
