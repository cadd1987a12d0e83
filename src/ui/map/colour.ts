// Colour schemes for the map: what each point's colour means, as n×4 RGBA bytes for the point
// renderers, plus the legend that explains it.
//
// - categorical (label, predicted label, annotator): Tableau 10 for up to 10 classes, which stays
//   distinguishable and reads well on white; beyond that, a hue hashed from the class name, so a
//   class keeps its colour across views and datasets (some neighbours will look alike: with > 10
//   classes no palette avoids that, the hover card names the class);
// - sequential (suspicion, any detector's score in [0, 1]): a grey → amber → orange → red
//   "suspicion" ramp matching the page's colours (low scores recede, high scores shout), or viridis
//   (perceptually uniform, colour-blind safe) for scores that are not a warning;
// - review status: none / ok / quarantined / relabelled.
// Missing values (NaN, unknown codes) are drawn light grey and listed as "missing".
import { color, hcl, interpolateLab, interpolateViridis, scaleLinear, schemeTableau10 } from 'd3';

export const MISSING_COLOUR = '#c9ced5';

export interface LegendItem {
  name: string;
  colour: string;
  count?: number;
}

export interface CategoricalLegend {
  kind: 'categorical';
  title: string;
  items: LegendItem[];
}

export interface SequentialLegend {
  kind: 'sequential';
  title: string;
  /** CSS colours evenly spaced over `domain`, for a gradient bar. */
  stops: string[];
  domain: [number, number];
  ticks: number[];
}

export type LegendSpec = CategoricalLegend | SequentialLegend;

export type RampName = 'suspicion' | 'viridis';

/**
 * Suspicion ramp stops (app.css: --grey-3, --amber, --orange, --red, --red-ink) and where they sit.
 * Most samples score low, so the low third stays a near-neutral grey-beige and the colour is
 * spent where scores start to matter; lightness falls monotonically throughout.
 */
const SUSPICION_STOPS = ['#c9ced5', '#d3c6ae', '#e0a526', '#e8772e', '#d93a3a', '#8f1f1f'];
const SUSPICION_AT = [0, 0.3, 0.5, 0.7, 0.85, 1];

/** Stable 32-bit FNV-1a hash of a string. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A colour for a class name when there are too many classes for a fixed palette. */
export function hashedColour(name: string): string {
  const h = hashString(name);
  const hue = (h % 3600) / 10;
  // Two lightness/chroma rows so that neighbouring hues can still differ.
  const dark = (h >>> 12) & 1;
  return hcl(hue, dark ? 55 : 45, dark ? 52 : 68).formatHex();
}

/** One colour per class: Tableau 10 when they fit, hashed hues by name otherwise. */
export function categoricalPalette(names: readonly string[]): string[] {
  if (names.length <= schemeTableau10.length) return schemeTableau10.slice(0, names.length);
  return names.map(hashedColour);
}

function parseRgb(css: string): [number, number, number] {
  const c = color(css)?.rgb();
  if (!c) throw new Error(`not a colour: ${css}`);
  return [Math.round(c.r), Math.round(c.g), Math.round(c.b)];
}

function allocate(n: number, out?: Uint8Array): Uint8Array {
  if (out && out.length < n * 4) throw new Error(`colour buffer holds ${out.length / 4} points, need ${n}`);
  return out ?? new Uint8Array(n * 4);
}

/**
 * Fills n×4 RGBA from class codes (index into `palette`); codes outside the palette, negative or
 * NaN get MISSING_COLOUR.
 */
export function fillCategorical(
  codes: ArrayLike<number>,
  palette: readonly string[],
  out?: Uint8Array,
): Uint8Array {
  const n = codes.length;
  const rgba = allocate(n, out);
  const table = palette.map(parseRgb);
  const missing = parseRgb(MISSING_COLOUR);
  for (let i = 0; i < n; i++) {
    const code = codes[i];
    const c = code >= 0 && code < table.length ? table[code | 0] : missing;
    rgba[4 * i] = c[0];
    rgba[4 * i + 1] = c[1];
    rgba[4 * i + 2] = c[2];
    rgba[4 * i + 3] = 255;
  }
  return rgba;
}

/**
 * Class codes for string values (labels, annotators): names ordered by frequency (ties by name),
 * so the most common classes get the first palette colours; null → -1.
 */
export function encodeCategories(values: readonly (string | null | undefined)[]): {
  codes: Int32Array;
  names: string[];
  counts: number[];
} {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null && v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
  const names = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : 1));
  const codeOf = new Map(names.map((name, i) => [name, i]));
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    codes[i] = v === null || v === undefined ? -1 : codeOf.get(v)!;
  }
  return { codes, names, counts: names.map((n) => counts.get(n)!) };
}

export function categoricalLegend(
  title: string,
  names: readonly string[],
  palette: readonly string[],
  counts?: readonly number[],
  missingCount = 0,
): CategoricalLegend {
  const items: LegendItem[] = names.map((name, i) => ({
    name,
    colour: palette[i] ?? MISSING_COLOUR,
    ...(counts ? { count: counts[i] } : {}),
  }));
  if (missingCount > 0) items.push({ name: 'missing', colour: MISSING_COLOUR, count: missingCount });
  return { kind: 'categorical', title, items };
}

const rampInterpolators: Record<RampName, (t: number) => string> = {
  suspicion: scaleLinear<string>()
    .domain(SUSPICION_AT)
    .range(SUSPICION_STOPS)
    .interpolate(interpolateLab)
    .clamp(true),
  viridis: interpolateViridis,
};

const lutCache = new Map<RampName, Uint8Array>();

/** 256 RGBA entries sampling a ramp over [0, 1]. */
export function rampLut(ramp: RampName): Uint8Array {
  let lut = lutCache.get(ramp);
  if (!lut) {
    lut = new Uint8Array(256 * 4);
    const f = rampInterpolators[ramp];
    for (let i = 0; i < 256; i++) {
      const [r, g, b] = parseRgb(f(i / 255));
      lut.set([r, g, b, 255], 4 * i);
    }
    lutCache.set(ramp, lut);
  }
  return lut;
}

/** CSS colour of a ramp at t in [0, 1]. */
export function rampColour(ramp: RampName, t: number): string {
  return rampInterpolators[ramp](Math.min(1, Math.max(0, t)));
}

/** Fills n×4 RGBA from scores mapped linearly from `domain` onto the ramp (clamped); NaN → missing. */
export function fillSequential(
  values: ArrayLike<number>,
  ramp: RampName,
  out?: Uint8Array,
  domain: [number, number] = [0, 1],
): Uint8Array {
  const n = values.length;
  const rgba = allocate(n, out);
  const lut = rampLut(ramp);
  const missing = parseRgb(MISSING_COLOUR);
  const [d0, d1] = domain;
  const scale = d1 !== d0 ? 255 / (d1 - d0) : 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      rgba[4 * i] = missing[0];
      rgba[4 * i + 1] = missing[1];
      rgba[4 * i + 2] = missing[2];
      rgba[4 * i + 3] = 255;
      continue;
    }
    const t = Math.round((v - d0) * scale);
    const e = 4 * (t < 0 ? 0 : t > 255 ? 255 : t);
    rgba[4 * i] = lut[e];
    rgba[4 * i + 1] = lut[e + 1];
    rgba[4 * i + 2] = lut[e + 2];
    rgba[4 * i + 3] = 255;
  }
  return rgba;
}

export function sequentialLegend(
  title: string,
  ramp: RampName,
  domain: [number, number] = [0, 1],
): SequentialLegend {
  const stops = Array.from({ length: 9 }, (_, i) => rampColour(ramp, i / 8));
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => domain[0] + t * (domain[1] - domain[0]));
  return { kind: 'sequential', title, stops, domain, ticks };
}

export const REVIEW_STATUSES = ['none', 'ok', 'quarantined', 'relabelled'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** Not reviewed recedes; ok is green, quarantined red, relabelled the accent blue (app.css). */
export const REVIEW_COLOURS: Record<ReviewStatus, string> = {
  none: '#c9ced5',
  ok: '#2f9e6b',
  quarantined: '#d93a3a',
  relabelled: '#2f5fd0',
};

const REVIEW_NAMES: Record<ReviewStatus, string> = {
  none: 'not reviewed',
  ok: 'kept (ok)',
  quarantined: 'quarantined',
  relabelled: 'relabelled',
};

/** Fills n×4 RGBA from review-status codes (indices into REVIEW_STATUSES). */
export function fillReview(status: ArrayLike<number>, out?: Uint8Array): Uint8Array {
  return fillCategorical(
    status,
    REVIEW_STATUSES.map((s) => REVIEW_COLOURS[s]),
    out,
  );
}

export function reviewLegend(counts?: readonly number[]): CategoricalLegend {
  return categoricalLegend(
    'Review',
    REVIEW_STATUSES.map((s) => REVIEW_NAMES[s]),
    REVIEW_STATUSES.map((s) => REVIEW_COLOURS[s]),
    counts,
  );
}
