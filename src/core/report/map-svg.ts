// The audit report's map where no UMAP layout exists (the CLI): a 2-D PCA of the embeddings as an
// SVG scatter coloured by suspicion. Subsampled so the report stays small; flagged samples are
// always drawn, on top, so the evidence is never sampled away. Every text in it is Assay's own.
import { pcaRows } from '../layout/pca';
import { mulberry32, sampleIndices } from '../random';
import type { ScanResult } from '../types';

export const MAP_MAX_POINTS = 5000;

export interface MapSvg {
  svg: string;
  /** Samples drawn, of which flagged. */
  points: number;
  flagged: number;
  /** Samples in the scan. */
  total: number;
}

const WIDTH = 640;
const HEIGHT = 440;
const PAD = 36;
/** Suspicion bins, light to dark: few bins keep one <path> per colour and the file small. */
const RAMP = ['#c6dbef', '#9ecae1', '#6baed6', '#4292c6', '#fd8d3c', '#e6550d', '#a63603'];
const FLAG_COLOUR = '#b30000';

/** Rows to draw: every flagged row, then a seeded random sample of the others up to the cap. */
export function mapRows(result: ScanResult, maxPoints = MAP_MAX_POINTS, seed = 1): Int32Array {
  const flagged: number[] = [];
  const others: number[] = [];
  for (let i = 0; i < result.n; i++) (result.flagged[i] ? flagged : others).push(i);
  const room = Math.max(0, maxPoints - flagged.length);
  const pick = sampleIndices(others.length, room, mulberry32(seed));
  const rows = [...flagged, ...Array.from(pick, (j) => others[j])].sort((a, b) => a - b);
  return Int32Array.from(rows);
}

/** One decimal is sub-pixel at this size; a non-finite coordinate (bad embedding) goes to 0. */
const fmt = (v: number) => (Number.isFinite(v) ? (Math.round(v * 10) / 10).toString() : '0');

export function mapSvg(result: ScanResult, maxPoints = MAP_MAX_POINTS): MapSvg {
  const rows = mapRows(result, maxPoints, result.settings.seed);
  const m = rows.length;
  const p = m > 0 && result.dim > 0 ? pcaRows(result.embeddings, result.dim, rows, result.n, 2, 1) : null;
  const xy = new Float64Array(2 * m);
  if (p) {
    for (let i = 0; i < m; i++) {
      xy[2 * i] = p.projected[i * p.outDim];
      // One-dimensional embeddings get a flat second axis.
      xy[2 * i + 1] = p.outDim > 1 ? p.projected[i * p.outDim + 1] : 0;
    }
  }
  const [x0, x1] = range(xy, 0);
  const [y0, y1] = range(xy, 1);
  const sx = (v: number) => PAD + ((v - x0) / (x1 - x0 || 1)) * (WIDTH - 2 * PAD);
  // SVG's y grows downwards; PC 2 grows upwards.
  const sy = (v: number) => HEIGHT - PAD - ((v - y0) / (y1 - y0 || 1)) * (HEIGHT - 2 * PAD);

  // Each point is a zero-length round-capped stroke ("M x y h0"): ~12 bytes a point.
  const bins = RAMP.map(() => [] as string[]);
  const flaggedDots: string[] = [];
  let flaggedCount = 0;
  for (let i = 0; i < m; i++) {
    const row = rows[i];
    const dot = `M${fmt(sx(xy[2 * i]))} ${fmt(sy(xy[2 * i + 1]))}h0`;
    if (result.flagged[row]) {
      flaggedDots.push(dot);
      flaggedCount++;
    } else {
      const s = Math.min(1, Math.max(0, result.suspicion[row] || 0));
      bins[Math.min(RAMP.length - 1, Math.floor(s * 2 * RAMP.length))].push(dot);
    }
  }
  const share = (k: number) =>
    p && p.totalVariance > 0 && k < p.outDim
      ? ` (${((100 * p.variances[k]) / p.totalVariance).toFixed(0)}% of variance)`
      : '';
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="Map of the samples: PCA of the embeddings, coloured by suspicion">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<rect x="${PAD - 6}" y="${PAD - 6}" width="${WIDTH - 2 * PAD + 12}" height="${HEIGHT - 2 * PAD + 12}" fill="none" stroke="#cccccc"/>`,
    ...bins.map((d, b) =>
      d.length ? `<path d="${d.join('')}" stroke="${RAMP[b]}" stroke-width="4" stroke-linecap="round"/>` : '',
    ),
    flaggedDots.length
      ? `<path d="${flaggedDots.join('')}" stroke="${FLAG_COLOUR}" stroke-width="6" stroke-linecap="round"/>`
      : '',
    `<g font-family="sans-serif" font-size="11" fill="#333333">`,
    `<text x="${WIDTH / 2}" y="${HEIGHT - 10}" text-anchor="middle">PC 1${share(0)}</text>`,
    `<text x="12" y="${HEIGHT / 2}" text-anchor="middle" transform="rotate(-90 12 ${HEIGHT / 2})">PC 2${share(1)}</text>`,
    `<text x="${PAD}" y="18">${m} of ${result.n} samples; all ${flaggedCount} flagged shown in red</text>`,
    ...legend(),
    `</g>`,
    `</svg>`,
  ];
  return { svg: parts.filter(Boolean).join(''), points: m, flagged: flaggedCount, total: result.n };
}

function legend(): string[] {
  const x = WIDTH - PAD - RAMP.length * 14 - 90;
  const out = [`<text x="${x - 6}" y="18" text-anchor="end">suspicion 0</text>`];
  RAMP.forEach((c, i) => out.push(`<rect x="${x + i * 14}" y="9" width="14" height="10" fill="${c}"/>`));
  const end = x + RAMP.length * 14;
  out.push(`<text x="${end + 4}" y="18">0.5</text>`);
  out.push(`<circle cx="${end + 36}" cy="14" r="4" fill="${FLAG_COLOUR}"/>`);
  out.push(`<text x="${end + 44}" y="18">flagged</text>`);
  return out;
}

function range(xy: Float64Array, offset: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = offset; i < xy.length; i += 2) {
    if (xy[i] < lo) lo = xy[i];
    if (xy[i] > hi) hi = xy[i];
  }
  return Number.isFinite(lo) ? [lo, hi] : [0, 1];
}
