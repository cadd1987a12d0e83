// What "click a flagged point" selects: the connected flagged points of the same given label in the
// kNN graph. Same label, because a poisoned cluster is a group sharing one (wrong) label; without
// it, flagged points of neighbouring classes chain into one component that means nothing.
import type { PageScanResult } from '../core/types';
import { flaggedCluster } from './map/cluster';

export function clusterOf(result: PageScanResult, row: number): ArrayLike<number> {
  if (!result.flagged[row]) return [row];
  const label = result.labels[row];
  const mask = new Uint8Array(result.n);
  for (let i = 0; i < result.n; i++) mask[i] = result.flagged[i] && result.labels[i] === label ? 1 : 0;
  return flaggedCluster(row, mask, result.knn.indices, result.knn.k);
}
