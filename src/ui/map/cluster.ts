// "Click a flagged cluster to select the whole cluster": the connected component of flagged points
// in the kNN graph. The graph is stored directed (each row lists its k nearest), but "A is among
// B's neighbours" should link them either way, so edges are made undirected here. Only edges
// between two flagged points matter, so the reverse adjacency is built over flagged rows alone:
// one O(n·k) pass to count, one to fill, then a BFS, all in typed arrays.

/**
 * Rows of the connected component of flagged points that contains `start`, ascending.
 * A `start` that is not flagged returns just `[start]`; neighbour indices outside [0, n) (e.g. -1
 * padding) are ignored.
 */
export function flaggedCluster(
  start: number,
  flagged: Uint8Array,
  knnIndices: Int32Array,
  k: number,
): Int32Array {
  const n = flagged.length;
  if (!Number.isInteger(start) || start < 0 || start >= n) return new Int32Array(0);
  if (!flagged[start] || k <= 0) return Int32Array.of(start);
  const rows = Math.min(n, Math.floor(knnIndices.length / k));

  // Undirected adjacency over flagged-flagged edges, in CSR form (offsets + targets).
  const degree = new Int32Array(n + 1);
  for (let i = 0; i < rows; i++) {
    if (!flagged[i]) continue;
    const base = i * k;
    for (let j = 0; j < k; j++) {
      const t = knnIndices[base + j];
      if (t < 0 || t >= n || t === i || !flagged[t]) continue;
      degree[i + 1]++;
      degree[t + 1]++;
    }
  }
  for (let i = 0; i < n; i++) degree[i + 1] += degree[i];
  const offsets = degree; // prefix sums: row i's edges are targets[offsets[i] .. offsets[i+1])
  const fill = offsets.slice(0, n);
  const targets = new Int32Array(offsets[n]);
  for (let i = 0; i < rows; i++) {
    if (!flagged[i]) continue;
    const base = i * k;
    for (let j = 0; j < k; j++) {
      const t = knnIndices[base + j];
      if (t < 0 || t >= n || t === i || !flagged[t]) continue;
      targets[fill[i]++] = t;
      targets[fill[t]++] = i;
    }
  }

  const seen = new Uint8Array(n);
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  queue[tail++] = start;
  seen[start] = 1;
  while (head < tail) {
    const v = queue[head++];
    for (let e = offsets[v], end = offsets[v + 1]; e < end; e++) {
      const t = targets[e];
      if (seen[t]) continue;
      seen[t] = 1;
      queue[tail++] = t;
    }
  }
  return queue.slice(0, tail).sort();
}
