import { describe, expect, it } from 'vitest';
import { flaggedCluster } from '../../../src/ui/map/cluster';

/** A k-NN index array from per-row neighbour lists (padded with -1). */
function knn(lists: number[][], k: number): Int32Array {
  const out = new Int32Array(lists.length * k).fill(-1);
  lists.forEach((l, i) => l.slice(0, k).forEach((t, j) => (out[i * k + j] = t)));
  return out;
}

describe('flaggedCluster', () => {
  // Rows 0-4 flagged in a chain 0→1→2, 3→4 (4 also lists 2, but only one way), 5-7 unflagged.
  const flagged = Uint8Array.from([1, 1, 1, 1, 1, 0, 0, 0]);
  const k = 2;
  const graph = knn(
    [
      [1, 5],
      [2, 6],
      [7, 5],
      [4, 6],
      [2, 7],
      [0, 1],
      [1, 2],
      [2, 4],
    ],
    k,
  );

  it('follows flagged-to-flagged edges in both directions', () => {
    // From 0: 0→1→2, and 2←4 (4 lists 2), 4←3: everything flagged is one component.
    expect(Array.from(flaggedCluster(0, flagged, graph, k))).toEqual([0, 1, 2, 3, 4]);
    // From 3: 3→4→2, then 2←1←0 reached through reverse edges.
    expect(Array.from(flaggedCluster(3, flagged, graph, k))).toEqual([0, 1, 2, 3, 4]);
  });

  it('does not cross unflagged rows', () => {
    // Split: 0-1 linked, 2-3 linked; the only link between the groups goes through unflagged 4.
    const f = Uint8Array.from([1, 1, 1, 1, 0]);
    const g = knn(
      [
        [1, 4],
        [0, 4],
        [3, 4],
        [2, 4],
        [1, 2],
      ],
      2,
    );
    expect(Array.from(flaggedCluster(0, f, g, 2))).toEqual([0, 1]);
    expect(Array.from(flaggedCluster(3, f, g, 2))).toEqual([2, 3]);
  });

  it('returns just the start for an unflagged or isolated row, nothing for a bad row', () => {
    expect(Array.from(flaggedCluster(6, flagged, graph, k))).toEqual([6]);
    const lonely = Uint8Array.from([1, 0, 1]);
    expect(Array.from(flaggedCluster(2, lonely, knn([[1], [0], [1]], 1), 1))).toEqual([2]);
    expect(flaggedCluster(-1, flagged, graph, k).length).toBe(0);
    expect(flaggedCluster(99, flagged, graph, k).length).toBe(0);
  });

  it('ignores -1 padding, out-of-range and self neighbours', () => {
    const f = Uint8Array.from([1, 1, 1]);
    const g = Int32Array.from([0, -1, 99, 2, 1, -5]);
    expect(Array.from(flaggedCluster(0, f, g, 2))).toEqual([0]);
    expect(Array.from(flaggedCluster(1, f, g, 2))).toEqual([1, 2]);
  });

  it('finds the right components in a large random graph (checked by union-find)', () => {
    const n = 50_000;
    const kk = 6;
    let s = 12345;
    const rand = () => (s = (s * 16807) % 2147483647) / 2147483647;
    const f = new Uint8Array(n);
    for (let i = 0; i < n; i++) f[i] = rand() < 0.2 ? 1 : 0;
    const g = new Int32Array(n * kk);
    // Mostly local edges, so components are many and of varied size.
    for (let i = 0; i < n * kk; i++)
      g[i] = Math.min(n - 1, Math.max(0, Math.floor(i / kk) + Math.round((rand() - 0.5) * 12)));
    const parent = Int32Array.from({ length: n }, (_, i) => i);
    const find = (x: number): number => {
      while (parent[x] !== x) x = parent[x] = parent[parent[x]];
      return x;
    };
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < kk; j++) {
        const t = g[i * kk + j];
        if (f[i] && f[t] && t !== i) parent[find(i)] = find(t);
      }
    }
    let checked = 0;
    for (let start = 0; start < n && checked < 40; start += 997) {
      if (!f[start]) continue;
      checked++;
      const expected: number[] = [];
      for (let i = 0; i < n; i++) if (f[i] && find(i) === find(start)) expected.push(i);
      expect(Array.from(flaggedCluster(start, f, g, kk))).toEqual(expected);
    }
    expect(checked).toBeGreaterThan(5);
  });
});
