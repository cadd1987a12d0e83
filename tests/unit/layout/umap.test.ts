import { describe, expect, it } from 'vitest';
import { gaussian, mulberry32 } from '../../../src/core/random';
import { buildKnn } from '../../../src/core/layout/knn';
import { fuzzySimplicialSet } from '../../../src/core/layout/fuzzy-graph';
import { CurveTable } from '../../../src/core/layout/curve-table';
import { findAbParams } from '../../../src/core/layout/umap-curve';
import { neighbourPreservation } from '../../../src/core/layout/preservation';
import {
  defaultEpochs,
  LARGE_LAYOUT_POINTS,
  umapLayout,
  umapLayoutWithInfo,
} from '../../../src/core/layout/umap';
import { CancelledError, type KnnGraph, type Progress } from '../../../src/core/types';
import { sheet } from './fixtures';

/** `blobs` Gaussian clusters of `per` points in `dim` dimensions, centres ~`gap` apart. */
function blobs(blobCount: number, per: number, dim: number, gap: number, seed: number) {
  const g = gaussian(mulberry32(seed));
  const n = blobCount * per;
  const x = new Float32Array(n * dim);
  const label = new Int32Array(n);
  const centres = Array.from({ length: blobCount * dim }, () => g() * gap);
  for (let i = 0; i < n; i++) {
    const c = i % blobCount;
    label[i] = c;
    for (let t = 0; t < dim; t++) x[i * dim + t] = centres[c * dim + t] + g();
  }
  return { x, n, label };
}

const allFinite = (a: Float32Array) => a.every((v) => Number.isFinite(v));

describe('findAbParams', () => {
  it("matches umap-learn's fitted curve for the defaults and stays sane elsewhere", () => {
    const { a, b } = findAbParams(1, 0.1);
    // umap-learn (scipy curve_fit): a = 1.5769, b = 0.8951.
    expect(a).toBeCloseTo(1.5769, 3);
    expect(b).toBeCloseTo(0.8951, 3);
    const tight = findAbParams(1, 0.001);
    expect(tight.a).toBeCloseTo(1.929, 2);
    expect(tight.b).toBeCloseTo(0.7915, 2);
  });
});

describe('CurveTable', () => {
  it('tabulates a curve of d² to within 1e-4 relative error over 30 octaves', () => {
    const { a, b } = findAbParams(1, 0.1);
    const fn = (d2: number) => (2 * b) / ((0.001 + d2) * (a * Math.pow(d2, b) + 1));
    const table = new CurveTable(fn);
    const rand = mulberry32(3);
    for (let i = 0; i < 20000; i++) {
      const d2 = Math.pow(2, rand() * 30 - 15);
      expect(Math.abs(table.lookup(d2) / fn(d2) - 1)).toBeLessThan(1e-4);
    }
    // Outside the table it falls back to the function itself.
    expect(table.lookup(1e30)).toBe(fn(1e30));
  });
});

describe('fuzzySimplicialSet', () => {
  it('is symmetric with weights in (0, 1], the fuzzy union of both directions', () => {
    const { x, n } = blobs(3, 40, 5, 6, 11);
    const graph = buildKnn(x, n, 5, 8);
    const f = fuzzySimplicialSet(graph, n);
    const weight = new Map<string, number>();
    for (let i = 0; i < n; i++)
      for (let e = f.rowPtr[i]; e < f.rowPtr[i + 1]; e++) {
        expect(f.cols[e]).not.toBe(i);
        expect(f.weights[e]).toBeGreaterThan(0);
        expect(f.weights[e]).toBeLessThanOrEqual(1);
        const key = `${i},${f.cols[e]}`;
        expect(weight.has(key)).toBe(false);
        weight.set(key, f.weights[e]);
      }
    for (const [key, w] of weight) {
      const [i, j] = key.split(',');
      expect(weight.get(`${j},${i}`)).toBe(w);
    }
    // Every kNN edge is present; each point's nearest neighbour has membership 1 (d = rho).
    for (let i = 0; i < n; i++) {
      expect(weight.has(`${i},${graph.indices[i * 8]}`)).toBe(true);
      expect(weight.get(`${i},${graph.indices[i * 8]}`)).toBe(1);
    }
  });

  it('skips invalid, self and repeated entries of a hand-made graph', () => {
    const graph: KnnGraph = {
      k: 4,
      indices: Int32Array.from([1, 1, -1, 0, 0, 2, 7, 2, 1, 0, -1, -1]),
      distances: Float32Array.from([1, 1, 0, 0, 1, 2, 1, 2, 2, 2, 0, 0]),
    };
    const f = fuzzySimplicialSet(graph, 3);
    const edges: string[] = [];
    for (let i = 0; i < 3; i++)
      for (let e = f.rowPtr[i]; e < f.rowPtr[i + 1]; e++) edges.push(`${i}-${f.cols[e]}`);
    expect(edges.sort()).toEqual(['0-1', '0-2', '1-0', '1-2', '2-0', '2-1']);
  });
});

describe('umapLayout', () => {
  it('is deterministic for a seed and changes with the seed', () => {
    const { x, n } = blobs(3, 100, 8, 5, 1);
    const graph = buildKnn(x, n, 8, 10);
    const a = umapLayout(graph, n, { seed: 7, nEpochs: 60 });
    const b = umapLayout(graph, n, { seed: 7, nEpochs: 60 });
    const c = umapLayout(graph, n, { seed: 8, nEpochs: 60 });
    expect(a.length).toBe(2 * n);
    expect(allFinite(a)).toBe(true);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  for (const initMethod of ['spectral', 'pca', 'random'] as const) {
    it(`keeps well-separated Gaussian blobs apart in 2-D (${initMethod} start)`, () => {
      const dim = 10;
      const { x, n, label } = blobs(5, 200, dim, 6, 2);
      const graph = buildKnn(x, n, dim, 15);
      const info = umapLayoutWithInfo(graph, n, {
        seed: 3,
        nEpochs: 200,
        initMethod,
        initFrom: { data: x, dim },
      });
      expect(info.init).toBe(initMethod);
      const pos = info.positions;
      const centroid = new Float64Array(10);
      const count = new Int32Array(5);
      for (let i = 0; i < n; i++) {
        centroid[label[i] * 2] += pos[2 * i];
        centroid[label[i] * 2 + 1] += pos[2 * i + 1];
        count[label[i]]++;
      }
      for (let c = 0; c < 5; c++) {
        centroid[c * 2] /= count[c];
        centroid[c * 2 + 1] /= count[c];
      }
      let ownClosest = 0;
      for (let i = 0; i < n; i++) {
        let best = -1;
        let bestD = Infinity;
        for (let c = 0; c < 5; c++) {
          const d = (pos[2 * i] - centroid[2 * c]) ** 2 + (pos[2 * i + 1] - centroid[2 * c + 1]) ** 2;
          if (d < bestD) {
            bestD = d;
            best = c;
          }
        }
        if (best === label[i]) ownClosest++;
      }
      expect(ownClosest / n).toBeGreaterThan(0.95);
    });
  }

  it('preserves the neighbourhoods of a 2-D sheet embedded in 12 dimensions', () => {
    const dim = 12;
    const { x, n } = sheet(40, dim, 5);
    const graph = buildKnn(x, n, dim, 15);
    const pos = umapLayout(graph, n, { seed: 1, nEpochs: 200 });
    // A random layout keeps ~15/1600 ≈ 0.01; UMAP keeps ~0.8 of them.
    expect(neighbourPreservation(graph, pos, 15)).toBeGreaterThan(0.65);
  });

  it('throws CancelledError when cancelled between epochs', () => {
    const { x, n } = blobs(3, 100, 6, 5, 4);
    const graph = buildKnn(x, n, 6, 10);
    let polls = 0;
    let lastEpochSeen = 0;
    expect(() =>
      umapLayout(
        graph,
        n,
        { seed: 1, nEpochs: 200, layoutIntervalMs: 0, onLayout: (_p, epoch) => (lastEpochSeen = epoch) },
        { isCancelled: () => ++polls > 20 },
      ),
    ).toThrow(CancelledError);
    expect(lastEpochSeen).toBeGreaterThan(0);
    expect(lastEpochSeen).toBeLessThan(200);
    // Cancelled before it starts.
    expect(() => umapLayout(graph, n, {}, { isCancelled: () => true })).toThrow(CancelledError);
  });

  it('streams finite intermediate layouts and monotone progress', () => {
    const { x, n } = blobs(4, 60, 6, 5, 6);
    const graph = buildKnn(x, n, 6, 10);
    const calls: { epoch: number; total: number; finite: boolean; length: number }[] = [];
    const progress: Progress[] = [];
    const final = umapLayout(
      graph,
      n,
      {
        seed: 2,
        nEpochs: 50,
        layoutIntervalMs: 0,
        onLayout: (p, epoch, total) => calls.push({ epoch, total, finite: allFinite(p), length: p.length }),
      },
      { onProgress: (p) => progress.push(p) },
    );
    expect(calls[0].epoch).toBe(0);
    expect(calls.at(-1)!.epoch).toBe(50);
    expect(calls.length).toBeGreaterThan(10);
    for (let i = 1; i < calls.length; i++) expect(calls[i].epoch).toBeGreaterThan(calls[i - 1].epoch);
    expect(calls.every((c) => c.finite && c.length === 2 * n && c.total === 50)).toBe(true);
    expect(progress.every((p) => p.stage === 'layout' && p.fraction >= 0 && p.fraction <= 1)).toBe(true);
    for (let i = 1; i < progress.length; i++)
      expect(progress[i].fraction).toBeGreaterThanOrEqual(progress[i - 1].fraction);
    expect(progress.at(-1)!.fraction).toBe(1);
    expect(allFinite(final)).toBe(true);
  });

  it('throttles onLayout by time by default', () => {
    const { x, n } = blobs(2, 50, 4, 5, 9);
    const graph = buildKnn(x, n, 4, 8);
    let calls = 0;
    umapLayout(graph, n, { seed: 1, nEpochs: 300, onLayout: () => calls++ });
    // Start and end, plus one per 250 ms at most: this small layout takes well under a second.
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(calls).toBeLessThan(12);
  });

  it('uses a given start and rejects inconsistent options', () => {
    const { x, n } = blobs(2, 30, 4, 5, 10);
    const graph = buildKnn(x, n, 4, 8);
    const init = new Float32Array(2 * n).map((_, i) => (i % 7) - 3);
    expect(umapLayoutWithInfo(graph, n, { init, nEpochs: 20 }).init).toBe('given');
    expect(() => umapLayout(graph, n, { init: new Float32Array(3) })).toThrow(/init/);
    expect(() => umapLayout(graph, n, { initMethod: 'pca' })).toThrow(/initFrom/);
  });

  it('handles tiny inputs (0, 1, 2, 5 points; k larger than n − 1) without hanging', () => {
    for (const n of [0, 1, 2, 3, 5]) {
      const x = new Float32Array(n * 3).map((_, i) => Math.sin(i));
      const exact = buildKnn(x, n, 3, 15);
      // Hand-made graph: k = 15 with the missing slots padded by -1.
      const padded: KnnGraph = {
        k: 15,
        indices: new Int32Array(n * 15).fill(-1),
        distances: new Float32Array(n * 15).fill(Infinity),
      };
      for (let i = 0; i < n; i++)
        for (let s = 0; s < exact.k; s++) {
          padded.indices[i * 15 + s] = exact.indices[i * exact.k + s];
          padded.distances[i * 15 + s] = exact.distances[i * exact.k + s];
        }
      for (const graph of [exact, padded]) {
        const pos = umapLayout(graph, n, { seed: 1 });
        expect(pos.length).toBe(2 * n);
        expect(allFinite(pos)).toBe(true);
      }
    }
    // All points identical: every distance is 0.
    const same = new Float32Array(6 * 2).fill(1);
    const pos = umapLayout(buildKnn(same, 6, 2, 15), 6, { seed: 1 });
    expect(allFinite(pos)).toBe(true);
  });
});

describe('defaultEpochs', () => {
  it('is 500 up to the large-layout size and umap-learn’s 200 past it', () => {
    expect(defaultEpochs(60_000)).toBe(500);
    expect(defaultEpochs(LARGE_LAYOUT_POINTS)).toBe(500);
    expect(defaultEpochs(LARGE_LAYOUT_POINTS + 1)).toBe(200);
    expect(defaultEpochs(1_000_000)).toBe(200);
  });
});
