// The input graph built off-thread (a worker thread, as the CLI does) is the graph the scan builds
// in its own thread: the same PCA sample, the same seeds, bit for bit. And a scan given the worker
// finds exactly what a scan without it finds.
import { describe, expect, it } from 'vitest';
import { nodeInputGraph } from '../../../cli/input-graph';
import { sourceFromBytes } from '../../../src/core/data';
import { computeInputGraph } from '../../../src/core/layout/input-graph';
import { selectBackend } from '../../../src/core/model/backend';
import { scan } from '../../../src/core/pipeline';
import { mulberry32 } from '../../../src/core/random';
import type { InputGraphJob, RunControl, ScanResult } from '../../../src/core/types';

/** n rows of d features: `clusters` Gaussian-ish blobs plus noise. */
function blobs(n: number, d: number, clusters: number, seed: number): Float32Array {
  const rand = mulberry32(seed);
  const centres = Float32Array.from({ length: clusters * d }, () => rand() * 10);
  const x = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = i % clusters;
    for (let j = 0; j < d; j++) x[i * d + j] = centres[c * d + j] + rand() + rand() - 1;
  }
  return x;
}

function sameBits(a: Float32Array | Int32Array, b: Float32Array | Int32Array): boolean {
  if (a.length !== b.length || a.constructor !== b.constructor) return false;
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  return ua.every((v, i) => v === ub[i]);
}

const never = new AbortController().signal;

describe('input graph in a worker thread', () => {
  // Small: PCA on every row, exact kNN. Large: PCA fitted on a 10,000-row sample, NN-descent.
  for (const [n, d] of [
    [700, 24],
    [20_400, 40],
  ]) {
    it(`${n} × ${d}: the same graph as in-thread`, async () => {
      const job: InputGraphJob = { x: blobs(n, d, 7, n), n, k: 10, seed: 3 };
      const here = computeInputGraph(job);
      const there = await nodeInputGraph(job, never);
      expect(there.graph.k).toBe(here.graph.k);
      expect(there.graph.indices.length).toBe(n * 10);
      expect(sameBits(there.graph.indices, here.graph.indices)).toBe(true);
      expect(sameBits(there.graph.distances, here.graph.distances)).toBe(true);
      expect(there.pcaMs).toBeGreaterThanOrEqual(0);
    });
  }

  it('an aborted job stops its worker and rejects', async () => {
    const abort = new AbortController();
    const job: InputGraphJob = { x: blobs(30_000, 64, 5, 1), n: 30_000, k: 10, seed: 1 };
    const pending = nodeInputGraph(job, abort.signal);
    abort.abort(new Error('not needed'));
    await expect(pending).rejects.toThrow('not needed');
  });
});

describe('a scan with the input graph off-thread', () => {
  /** 6,000 rows (above the off-thread threshold), 12 numeric features, 3 classes, some flipped. */
  function dataset(): Uint8Array {
    const n = 6000;
    const d = 12;
    const x = blobs(n, d, 3, 5);
    const rand = mulberry32(9);
    const lines = [[...Array.from({ length: d }, (_, j) => `f${j}`), 'label'].join(',')];
    for (let i = 0; i < n; i++) {
      const label = rand() < 0.03 ? (i + 1) % 3 : i % 3;
      lines.push([...Array.from(x.subarray(i * d, (i + 1) * d), (v) => v.toFixed(4)), `c${label}`].join(','));
    }
    return new TextEncoder().encode(lines.join('\n') + '\n');
  }

  it('finds exactly what the in-thread scan finds', async () => {
    await selectBackend({ force: 'wasm', measure: 'chosen' });
    const bytes = dataset();
    const settings = { seed: 2, folds: 2, epochs: 2 };
    const run = async (control: RunControl): Promise<ScanResult> =>
      (await scan([sourceFromBytes('blobs.csv', bytes)], settings, control)).result;
    const here = await run({});
    const there = await run({ inputGraph: nodeInputGraph });
    const failing = await run({ inputGraph: () => Promise.reject(new Error('no worker here')) });

    expect(Object.keys(here.timings)).toContain('input knn');
    expect(Object.keys(there.timings)).toContain('input graph: knn (off-thread)');
    expect(Object.keys(there.timings)).not.toContain('input knn');
    // A runner that fails: the scan builds the graph itself.
    expect(Object.keys(failing.timings)).toContain('input knn');
    for (const other of [there, failing]) {
      expect(sameBits(other.suspicion, here.suspicion)).toBe(true);
      expect(Array.from(other.flagged)).toEqual(Array.from(here.flagged));
      expect(other.reasons).toEqual(here.reasons);
      expect(other.detectors.map((r) => r.name)).toEqual(here.detectors.map((r) => r.name));
      other.detectors.forEach((r, i) => expect(sameBits(r.scores, here.detectors[i].scores)).toBe(true));
    }
    // The support-gap detector reads the input graph: it must have had something to say.
    const gap = here.detectors.find((r) => r.name === 'support-gap');
    expect(gap && gap.scores.some((v) => v !== 0)).toBe(true);
  });
});
