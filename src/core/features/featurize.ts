// Columns with roles -> the probe model's input. Images become an N×H×W×C tensor; everything else
// (numeric, categorical, text, a user's embedding column) is concatenated into an N×D matrix.
import type { Column, Frame, Roles, RunControl } from '../types';
import { InputError } from '../types';
import { formatBytes, formatCount } from '../data/limits';
import { RowFingerprint } from './hashing';
import { imageTensor } from './image';
import { planCategorical, planNumeric, writeCategorical, writeNumeric } from './tabular';
import { featureArray } from '../shared-array';
import { hashedTfidf } from './text';

export interface Features {
  kind: 'image' | 'vector';
  n: number;
  x: Float32Array;
  /** Shape of one sample: [h, w, c] for images, [d] for vectors. */
  shape: number[];
  /** Fingerprint of each row's feature cells (not id, label or annotator), for exact duplicates. */
  contentHash: string[];
  /** A user-supplied embedding column, when the data has one. */
  userEmbedding?: { data: Float32Array; dim: number };
  rowErrors: { row: number; message: string }[];
  /** What featurisation did that the user should know (imputation, truncation, ...). */
  notes: string[];
  /** Feature columns used, by role. */
  used: Record<string, string[]>;
}

/** Hashed text dimensions: 4,096 for small data, fewer for large so N×D stays ≤ ~256 MB. */
export function textDims(n: number): number {
  const budget = Math.floor(2 ** 26 / Math.max(1, n));
  let d = 4096;
  while (d > 256 && d > budget) d >>= 1;
  return d;
}

/**
 * Largest feature matrix (rows × features as 32-bit floats). The probe, PCA and kNN each walk it,
 * and a typed array this big is a risk to allocate at all in a page. Past it the scan stops with
 * this limit's message instead of an allocation failure: e.g. 2 million text rows (256 hashed
 * features each) or 680,000 28×28 images fit.
 */
export const MAX_FEATURE_BYTES = 2 * 1024 ** 3;

export function checkFeatureSize(name: string, n: number, width: number): void {
  const bytes = n * width * 4;
  if (bytes <= MAX_FEATURE_BYTES) return;
  throw new InputError(
    name,
    `${formatCount(n)} rows × ${formatCount(width)} features take ${formatBytes(bytes)}, over the ` +
      `${formatBytes(MAX_FEATURE_BYTES)} feature limit; scan a sample of the rows`,
  );
}

function colsWithRole(frame: Frame, roles: Roles, role: string): Column[] {
  return frame.columns.filter((c) => roles[c.name] === role);
}

function vectorColumn(col: Column, n: number): { data: Float32Array; dim: number; missing: number } {
  const cells = col.values as (Float32Array | null)[];
  let dim = 0;
  for (const v of cells) if (v && v.length > dim) dim = v.length;
  const packed = packedVectors(cells, n, dim);
  if (packed) return { data: packed, dim, missing: 0 };
  const data = new Float32Array(n * dim);
  let missing = 0;
  for (let i = 0; i < n; i++) {
    const v = cells[i];
    if (!v || v.length !== dim) {
      missing++;
      continue;
    }
    for (let j = 0; j < dim; j++) data[i * dim + j] = Number.isFinite(v[j]) ? v[j] : 0;
  }
  return { data, dim, missing };
}

/**
 * The rows' vectors as one n × dim Float32Array without a copy, when every cell is the next
 * consecutive view of one buffer with finite values (what the Parquet loader hands over for an
 * embedding column); else null.
 */
function packedVectors(cells: (Float32Array | null)[], n: number, dim: number): Float32Array | null {
  const first = cells[0];
  if (!first || dim === 0 || n === 0) return null;
  const buffer = first.buffer;
  const base = first.byteOffset;
  for (let i = 0; i < n; i++) {
    const v = cells[i];
    if (!v || v.buffer !== buffer || v.length !== dim || v.byteOffset !== base + i * dim * 4) return null;
  }
  const data = new Float32Array(buffer, base, n * dim);
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return null;
  return data;
}

export function featurize(frame: Frame, roles: Roles, name: string, control: RunControl = {}): Features {
  const n = frame.numRows;
  const notes: string[] = [];
  const images = colsWithRole(frame, roles, 'image');
  const numeric = colsWithRole(frame, roles, 'numeric');
  const categorical = colsWithRole(frame, roles, 'categorical');
  const text = colsWithRole(frame, roles, 'text');
  const embedding = colsWithRole(frame, roles, 'embedding');
  const used = {
    image: images.map((c) => c.name),
    numeric: numeric.map((c) => c.name),
    categorical: categorical.map((c) => c.name),
    text: text.map((c) => c.name),
    embedding: embedding.map((c) => c.name),
  };
  const featureCols = [...images, ...numeric, ...categorical, ...text, ...embedding];
  if (featureCols.length === 0) {
    const all = frame.columns.map((c) => `${c.name} (${roles[c.name]})`).join(', ');
    throw new InputError(name, `no feature column to learn from: columns are ${all}`);
  }

  const contentHash = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const fp = new RowFingerprint();
    for (const c of featureCols) fp.add(c.values[i]);
    contentHash[i] = fp.hex();
  }

  let userEmbedding: Features['userEmbedding'];
  if (embedding.length) {
    const v = vectorColumn(embedding[0], n);
    if (v.missing)
      notes.push(`${embedding[0].name}: ${v.missing} rows without a full embedding vector (zeros used)`);
    userEmbedding = { data: v.data, dim: v.dim };
  }

  if (images.length) {
    if (images.length > 1) notes.push(`several image columns: using ${images[0].name}`);
    const other = featureCols.length - 1;
    if (other) notes.push(`the image probe ignores ${other} non-image feature column(s)`);
    const t = imageTensor(images[0].values as (Uint8Array | null)[], control, (rows, per) =>
      checkFeatureSize(name, rows, per),
    );
    return {
      kind: 'image',
      n,
      x: t.data,
      shape: [t.height, t.width, t.channels],
      contentHash,
      userEmbedding,
      rowErrors: t.errors,
      notes,
      used,
    };
  }

  const numPlans = numeric.map((c) => planNumeric(c.name, c.values as Float64Array));
  const catPlans = categorical.map((c) => planCategorical(c.name, c.values));
  const tDims = text.length ? textDims(n) : 0;
  const width =
    numPlans.reduce((s, p) => s + p.width, 0) +
    catPlans.reduce((s, p) => s + p.width, 0) +
    tDims * text.length +
    (userEmbedding?.dim ?? 0);
  checkFeatureSize(name, n, width);
  // The embedding column alone: the features are its matrix itself (1.5 GB at 1M × 384, not twice).
  if (userEmbedding && width === userEmbedding.dim)
    return {
      kind: 'vector',
      n,
      x: userEmbedding.data,
      shape: [width],
      contentHash,
      userEmbedding,
      rowErrors: [],
      notes,
      used,
    };
  const x = featureArray(n * width); // shared with the input-graph worker where it can be (shared-array.ts)
  let off = 0;
  numeric.forEach((c, j) => {
    const p = numPlans[j];
    if (p.missing) notes.push(`${c.name}: ${p.missing} missing value(s) imputed with the median ${p.median}`);
    writeNumeric(p, c.values as Float64Array, x, width, off);
    off += p.width;
  });
  categorical.forEach((c, j) => {
    writeCategorical(catPlans[j], c.values, x, width, off);
    off += catPlans[j].width;
  });
  for (const c of text) {
    control.onProgress?.({ stage: 'featurise text', fraction: 0 });
    hashedTfidf(c.values as (string | null)[], tDims, x, width, off);
    off += tDims;
  }
  if (userEmbedding) {
    const { data, dim } = userEmbedding;
    for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) x[i * width + off + j] = data[i * dim + j];
    off += dim;
  }
  if (text.length) notes.push(`text hashed into ${tDims} uni+bigram TF-IDF features per column`);
  return { kind: 'vector', n, x, shape: [width], contentHash, userEmbedding, rowErrors: [], notes, used };
}
