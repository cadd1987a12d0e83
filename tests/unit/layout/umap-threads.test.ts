import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKnn } from '../../../src/core/layout/knn';
import { fuzzySimplicialSet } from '../../../src/core/layout/fuzzy-graph';
import { neighbourPreservation } from '../../../src/core/layout/preservation';
import { umapLayoutOnThreads, umapLayoutWithInfo } from '../../../src/core/layout/umap';
import { partitionRows } from '../../../src/core/layout/umap-threads';
import { startNodeSgdTeam, type NodeSgdTeam } from '../../../bench/sgd-threads';
import { sheet } from './fixtures';

describe('partitionRows', () => {
  it('cuts the rows into contiguous blocks of about equal edge counts', () => {
    const { x, n } = sheet(30, 6, 1);
    const fuzzy = fuzzySimplicialSet(buildKnn(x, n, 6, 10), n);
    for (const parts of [1, 2, 3, 8]) {
      const ranges = partitionRows(fuzzy, parts);
      expect(ranges).toHaveLength(parts);
      expect(ranges[0].from).toBe(0);
      expect(ranges[parts - 1].to).toBe(n);
      for (let p = 1; p < parts; p++) expect(ranges[p].from).toBe(ranges[p - 1].to);
      const edges = ranges.map((r) => fuzzy.rowPtr[r.to] - fuzzy.rowPtr[r.from]);
      const maxRow = Math.max(...Array.from({ length: n }, (_, i) => fuzzy.rowPtr[i + 1] - fuzzy.rowPtr[i]));
      for (const e of edges) expect(Math.abs(e - fuzzy.rowPtr[n] / parts)).toBeLessThanOrEqual(maxRow);
    }
  });
});

describe('umapLayout on helper threads', () => {
  let node: NodeSgdTeam;
  beforeAll(async () => {
    node = await startNodeSgdTeam(2);
  }, 30_000);
  afterAll(async () => {
    await node?.close();
  });

  it('lays a sheet out as well as one thread does, on three threads', async () => {
    const dim = 8;
    const { x, n } = sheet(40, dim, 2);
    const graph = buildKnn(x, n, dim, 15);
    const one = umapLayoutWithInfo(graph, n, { seed: 1, nEpochs: 200 });
    const three = await umapLayoutOnThreads(graph, n, node.team, { seed: 1, nEpochs: 200 });
    expect(one.threads).toBe(1);
    expect(three.threads).toBe(3);
    expect(three.edges).toBe(one.edges);
    // Handed back off shared memory, so the caller may transfer it.
    expect(three.positions.buffer).toBeInstanceOf(ArrayBuffer);
    expect(three.positions.every(Number.isFinite)).toBe(true);
    // Every block of rows moved (a helper that never ran would leave its rows at the start).
    expect(Array.from(three.positions)).not.toEqual(Array.from(one.positions));
    const p1 = neighbourPreservation(graph, one.positions, 15);
    const p3 = neighbourPreservation(graph, three.positions, 15);
    expect(p1).toBeGreaterThan(0.5);
    expect(p3).toBeGreaterThan(p1 - 0.05);
    // The team can run a second layout.
    const again = await umapLayoutOnThreads(graph, n, node.team, { seed: 2, nEpochs: 50 });
    expect(again.threads).toBe(3);
  }, 60_000);
});
