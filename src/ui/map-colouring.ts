// What the map's points look like for a scan result: colours for the chosen key, its legend, the
// emphasised (flagged) points and a draw order that puts the most suspicious on top.
import type { PageScanResult } from '../core/types';
import type { ColourKey } from '../state/scan-review.svelte';
import {
  categoricalLegend,
  categoricalPalette,
  encodeCategories,
  fillCategorical,
  fillReview,
  fillSequential,
  reviewLegend,
  sequentialLegend,
  type LegendSpec,
} from './map/colour';

export interface MapColouring {
  colours: Uint8Array;
  legend: LegendSpec;
}

/** The keys a result can be coloured by, with their menu names. */
export function colourKeys(result: PageScanResult): { key: ColourKey; name: string }[] {
  const keys: { key: ColourKey; name: string }[] = [
    { key: 'suspicion', name: 'Suspicion' },
    { key: 'label', name: 'Given label' },
    { key: 'predicted', name: 'Predicted label' },
    { key: 'review', name: 'Review status' },
  ];
  if (result.sampleAnnotators) keys.push({ key: 'annotator', name: 'Annotator' });
  for (const d of result.detectors) keys.push({ key: `detector:${d.name}`, name: `Score: ${d.name}` });
  return keys;
}

function byClass(result: PageScanResult, codes: Int32Array, title: string): MapColouring {
  const names = result.classes;
  const palette = categoricalPalette(names);
  const counts = names.map(() => 0);
  let missing = 0;
  for (const c of codes) {
    if (c >= 0 && c < names.length) counts[c]++;
    else missing++;
  }
  return {
    colours: fillCategorical(codes, palette),
    legend: categoricalLegend(title, names, palette, counts, missing),
  };
}

/** Quantile of each score within the detector (scales differ between detectors). */
function quantiles(scores: Float32Array): Float32Array {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  const q = new Float32Array(n);
  order.forEach((row, rank) => (q[row] = n > 1 ? rank / (n - 1) : 0));
  return q;
}

export function colourMap(
  result: PageScanResult,
  key: ColourKey,
  reviewStatus: Uint8Array | null,
): MapColouring {
  if (key === 'label') return byClass(result, result.labels, 'Given label');
  if (key === 'predicted') return byClass(result, result.predicted, 'Predicted label');
  if (key === 'review') {
    const status = reviewStatus ?? new Uint8Array(result.n);
    const counts = [0, 0, 0, 0];
    for (const s of status) counts[s]++;
    return { colours: fillReview(status), legend: reviewLegend(counts) };
  }
  if (key === 'annotator' && result.sampleAnnotators) {
    const { codes, names, counts } = encodeCategories(result.sampleAnnotators);
    const palette = categoricalPalette(names);
    const missing = codes.reduce((s, c) => s + (c < 0 ? 1 : 0), 0);
    return {
      colours: fillCategorical(codes, palette),
      legend: categoricalLegend('Annotator', names, palette, counts, missing),
    };
  }
  if (key.startsWith('detector:')) {
    const name = key.slice('detector:'.length);
    const det = result.detectors.find((d) => d.name === name);
    if (det) {
      return {
        colours: fillSequential(quantiles(det.scores), 'viridis'),
        legend: sequentialLegend(`${name} (score quantile)`, 'viridis'),
      };
    }
  }
  return {
    colours: fillSequential(result.suspicion, 'suspicion'),
    legend: sequentialLegend('Suspicion', 'suspicion'),
  };
}

/**
 * Rows back to front: least suspicious first, so flagged points are drawn on top. The engine's
 * ranking reversed (a sort of 60k rows here took 100 ms of the main thread).
 */
export function drawOrder(ranking: Uint32Array): Uint32Array {
  return ranking.slice().reverse();
}
