// npx tsx scripts/make-embeddings-dataset.ts [--rows N] [--dim D] [--classes C] [--poison RATE]
//     [--shift T] [--natural RATE] [--natural-shift S] [--seed S] [--row-group ROWS] [--out FILE]
// A synthetic "embeddings computed where the data lives" Parquet file, written the way pyarrow
// (and Ray Data, which writes through pyarrow) and Spark write an embedding column: the 3-level
// Parquet LIST of FLOAT
//
//   optional group emb (LIST) { repeated group list { optional float element; } }
//
// pyarrow writes both list<float32> and fixed_size_list<float32>[D] as this same Parquet LIST
// (Parquet has no fixed-size list; only the ARROW:schema metadata remembers the fixed size), and
// Spark writes ArrayType(FloatType) as the same 3-level LIST (writeLegacyFormat=false, its default).
// Columns: id (INT64), label (UTF8 string, "class_0"…), emb (list<float32>, D wide). Pages are
// PLAIN and uncompressed (random floats do not compress; pyarrow's Snappy pages read the same).
// Row groups of --row-group rows (default 65,536, about 100 MB at 384 dims: Spark's 128 MB
// parquet.block.size holds ~85k such rows).
//
// The data: C classes, each an isotropic Gaussian (σ = 1 per dimension) around a mean drawn from
// N(0, 0.5625·I). The planted group (--poison, default 0.5 % of rows, rows chosen at random): a
// backdoor-like group, the embeddings of source class 3 shifted along one trigger direction
// (|τ| = --shift, default 4) and drawn tighter (σ = 0.5), all labelled as target class 7. --poison 0
// writes a clean file. --natural RATE (default 0): a share of the rows that is a natural second mode
// of class 7: class 7's own embeddings shifted along another direction by --natural-shift (default
// 20: about as far from class 7's mean as the planted group is, |μ3 − μ7 + τ| ≈ 21; a shift of 4
// is not found as a mode in 384 dimensions) and drawn as tight (σ = 0.5): a class with two styles,
// which no detector should flag.
// Ground truth goes to FILE.truth.json: the planted rows (row index = id), source, target.
// Default FILE: bench/results/.cache/datasets/embeddings-1m.parquet (for --rows 1000000).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gaussian, mulberry32, sampleIndices, subSeed } from '../src/core/random';
import {
  concat,
  dataPage,
  dictionaryIndices,
  dictionaryPage,
  footer,
  magic,
  rleLevels,
  rowGroup,
  STRUCT,
  u32le,
  type ColumnChunk,
  type Field,
  type SchemaElement,
} from './parquet-writer';

export interface EmbeddingsSpec {
  rows: number;
  dim: number;
  classes: number;
  /** Share of the rows in the planted group. */
  poison: number;
  seed: number;
  rowGroup: number;
  /**
   * Write each row group's first embedding page dictionary-encoded (a dictionary page, then
   * RLE_DICTIONARY indices), the rest PLAIN: what pyarrow's default use_dictionary does for floats
   * (it falls back to PLAIN once the dictionary passes 1 MB). For tests of that path.
   */
  dictionary?: boolean;
  /** |τ|, the planted group's (and the natural mode's) shift; default 4. */
  shift?: number;
  /** Share of the rows in a natural second mode of the target class; default 0. */
  natural?: number;
  /** How far the natural mode lies from its class's mean; default 20. */
  naturalShift?: number;
}

export interface EmbeddingsTruth {
  rows: number;
  dim: number;
  classes: number;
  seed: number;
  source: string;
  target: string;
  /** Row indices (= ids) of the planted group, ascending. */
  poisoned: number[];
  /** Row indices of the target class's natural second mode (not poisoned), ascending. */
  natural: number[];
  description: string;
}

export const defaultSpec: EmbeddingsSpec = {
  rows: 1_000_000,
  dim: 384,
  classes: 10,
  poison: 0.005,
  seed: 17,
  rowGroup: 65_536,
};

const className = (c: number): string => `class_${c}`;

/**
 * Writes the dataset through `write` (called with consecutive byte chunks, one row group's columns
 * at a time, so memory stays at one row group) and returns the ground truth.
 */
export function writeEmbeddingsParquet(
  spec: EmbeddingsSpec,
  write: (bytes: Uint8Array) => void,
): EmbeddingsTruth {
  const { rows: n, dim: d, classes: C, seed } = spec;
  const source = Math.min(3, C - 1);
  const target = Math.min(7, C - 1) === source ? (source + 1) % C : Math.min(7, C - 1);
  const rand = mulberry32(subSeed(seed, 1));
  const normal = gaussian(rand);
  const means = new Float32Array(C * d);
  for (let i = 0; i < means.length; i++) means[i] = 0.75 * normal();
  const trigger = new Float32Array(d);
  let norm = 0;
  for (let j = 0; j < d; j++) norm += (trigger[j] = normal()) ** 2;
  const shift = spec.shift ?? 4;
  for (let j = 0; j < d; j++) trigger[j] *= shift / Math.sqrt(norm);
  const m = Math.round(spec.poison * n);
  const poisoned = Array.from(sampleIndices(n, m, mulberry32(subSeed(seed, 2)))).sort((a, b) => a - b);
  const isPoisoned = new Uint8Array(n);
  for (const i of poisoned) isPoisoned[i] = 1;
  // The natural mode: its own direction and rows (streams of their own: without it, the file is
  // the same as before the option existed).
  const naturalNormal = gaussian(mulberry32(subSeed(seed, 4)));
  const style = new Float32Array(d);
  let styleNorm = 0;
  for (let j = 0; j < d; j++) styleNorm += (style[j] = naturalNormal()) ** 2;
  for (let j = 0; j < d; j++) style[j] *= (spec.naturalShift ?? 20) / Math.sqrt(styleNorm);
  const isNatural = new Uint8Array(n);
  const wantNatural = Math.min(n - m, Math.round((spec.natural ?? 0) * n));
  const naturalRand = mulberry32(subSeed(seed, 5));
  const natural: number[] = [];
  while (natural.length < wantNatural) {
    const i = Math.floor(naturalRand() * n);
    if (isPoisoned[i] || isNatural[i]) continue;
    isNatural[i] = 1;
    natural.push(i);
  }
  natural.sort((a, b) => a - b);
  const rowRand = mulberry32(subSeed(seed, 3));
  const rowNormal = gaussian(rowRand);
  const enc = new TextEncoder();
  const labelBytes = Array.from({ length: C }, (_, c) => enc.encode(className(c)));

  let offset = 0;
  const emit = (b: Uint8Array): void => {
    write(b);
    offset += b.byteLength;
  };
  emit(magic());
  const rowGroups: Field[][] = [];
  const rowsPerPage = Math.max(1, Math.floor((1 << 20) / (4 * d)));
  for (let g0 = 0; g0 < n; g0 += spec.rowGroup) {
    const g1 = Math.min(n, g0 + spec.rowGroup);
    const r = g1 - g0;
    const labels = new Uint8Array(r);
    const emb = new Float32Array(r * d);
    for (let i = 0; i < r; i++) {
      const planted = isPoisoned[g0 + i] === 1;
      const mode = isNatural[g0 + i] === 1;
      const c = planted ? source : mode ? target : Math.min(C - 1, Math.floor(rowRand() * C));
      labels[i] = planted ? target : c;
      const sigma = planted || mode ? 0.5 : 1;
      for (let j = 0; j < d; j++) {
        let x = means[c * d + j] + sigma * rowNormal();
        if (planted) x += trigger[j];
        if (mode) x += style[j];
        emb[i * d + j] = x;
      }
    }
    const chunks: ColumnChunk[] = [];
    // id: optional INT64, one page (definition levels all 1).
    {
      const values = new BigInt64Array(r);
      for (let i = 0; i < r; i++) values[i] = BigInt(g0 + i);
      const start = offset;
      emit(dataPage(r, concat([rleLevels([[r, 1]]), new Uint8Array(values.buffer)])));
      chunks.push({ type: 2, path: ['id'], numValues: r, offset: start, size: offset - start });
    }
    // label: optional BYTE_ARRAY (UTF8), one page.
    {
      const parts: Uint8Array[] = [rleLevels([[r, 1]])];
      for (let i = 0; i < r; i++) {
        const b = labelBytes[labels[i]];
        parts.push(u32le(b.byteLength), b);
      }
      const start = offset;
      emit(dataPage(r, concat(parts)));
      chunks.push({ type: 6, path: ['label'], numValues: r, offset: start, size: offset - start });
    }
    // emb: list<float>, ~1 MB pages; repetition level 0 starts a row, definition level 3 = a value.
    {
      const start = offset;
      let dictionarySize = 0;
      for (let p0 = 0; p0 < r; p0 += rowsPerPage) {
        const p1 = Math.min(r, p0 + rowsPerPage);
        const runs: [number, number][] = [];
        for (let i = p0; i < p1; i++) runs.push([1, 0], [d - 1, 1]);
        const values = emb.subarray(p0 * d, p1 * d);
        const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
        const levels = [rleLevels(runs.filter(([count]) => count > 0)), rleLevels([[(p1 - p0) * d, 3]])];
        if (spec.dictionary && p0 === 0) {
          const before = offset;
          emit(dictionaryPage(values.length, bytes));
          dictionarySize = offset - before;
          emit(dataPage((p1 - p0) * d, concat([...levels, dictionaryIndices(values.length)]), 8));
        } else emit(dataPage((p1 - p0) * d, concat([...levels, bytes])));
      }
      chunks.push({
        type: 4,
        path: ['emb', 'list', 'element'],
        numValues: r * d,
        offset: start,
        size: offset - start,
        dictionarySize: spec.dictionary ? dictionarySize : undefined,
      });
    }
    rowGroups.push(rowGroup(chunks, r));
  }
  // Schema: repetition 1 = OPTIONAL, 2 = REPEATED; converted type 0 = UTF8, 3 = LIST;
  // logical type (field 10): STRING = 1, LIST = 3.
  const schema: SchemaElement[] = [
    { name: 'schema', numChildren: 3 },
    { type: 2, repetition: 1, name: 'id' },
    { type: 6, repetition: 1, name: 'label', convertedType: 0, logicalType: [[1, STRUCT, []]] },
    { repetition: 1, name: 'emb', numChildren: 1, convertedType: 3, logicalType: [[3, STRUCT, []]] },
    { repetition: 2, name: 'list', numChildren: 1 },
    { type: 4, repetition: 1, name: 'element' },
  ];
  emit(footer({ schema, numRows: n, rowGroups, createdBy: 'assay make-embeddings-dataset' }));
  return {
    rows: n,
    dim: d,
    classes: C,
    seed,
    source: className(source),
    target: className(target),
    poisoned,
    natural,
    description:
      `backdoor-like group: ${m} rows of ${className(source)}'s embeddings shifted along one trigger ` +
      `direction (|τ| = ${shift}) and drawn tighter (σ = 0.5 vs 1), labelled ${className(target)}` +
      (natural.length
        ? `; natural second mode: ${natural.length} rows of ${className(target)}'s own embeddings, shifted by ${spec.naturalShift ?? 20} along another direction (σ = 0.5)`
        : ''),
  };
}

/** The whole file in memory (tests, small sizes). */
export function embeddingsParquetBytes(spec: Partial<EmbeddingsSpec> = {}): {
  bytes: Uint8Array;
  truth: EmbeddingsTruth;
} {
  const parts: Uint8Array[] = [];
  const truth = writeEmbeddingsParquet({ ...defaultSpec, ...spec }, (b) => parts.push(b.slice()));
  return { bytes: concat(parts), truth };
}

/** Writes FILE and FILE.truth.json; returns the truth. */
export function writeEmbeddingsFile(file: string, spec: Partial<EmbeddingsSpec> = {}): EmbeddingsTruth {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.partial`;
  const fd = fs.openSync(tmp, 'w');
  let truth: EmbeddingsTruth;
  try {
    truth = writeEmbeddingsParquet({ ...defaultSpec, ...spec }, (b) => fs.writeSync(fd, b));
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  fs.writeFileSync(`${file}.truth.json`, JSON.stringify(truth));
  return truth;
}

export function defaultEmbeddingsPath(rows: number): string {
  const tag = rows % 1_000_000 === 0 ? `${rows / 1_000_000}m` : rows % 1000 === 0 ? `${rows / 1000}k` : rows;
  return path.resolve(`bench/results/.cache/datasets/embeddings-${tag}.parquet`);
}

function main(): void {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    console.log(
      'npx tsx scripts/make-embeddings-dataset.ts [--rows N] [--dim D] [--classes C] [--poison RATE (0: clean)]\n' +
        "    [--shift T (|τ|, default 4)] [--natural RATE (class 7's own second mode, default 0)]\n" +
        '    [--natural-shift S (its distance from the class mean, default 20)]\n' +
        '    [--seed S] [--row-group ROWS] [--out FILE]',
    );
    return;
  }
  const flag = (name: string): string | undefined => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const num = (name: string, def: number): number => (flag(name) === undefined ? def : Number(flag(name)));
  const spec: EmbeddingsSpec = {
    rows: num('rows', defaultSpec.rows),
    dim: num('dim', defaultSpec.dim),
    classes: num('classes', defaultSpec.classes),
    poison: num('poison', defaultSpec.poison),
    seed: num('seed', defaultSpec.seed),
    rowGroup: num('row-group', defaultSpec.rowGroup),
    shift: num('shift', 4),
    natural: num('natural', 0),
    naturalShift: num('natural-shift', 20),
  };
  const file = path.resolve(flag('out') ?? defaultEmbeddingsPath(spec.rows));
  const t0 = performance.now();
  const truth = writeEmbeddingsFile(file, spec);
  const ms = performance.now() - t0;
  const mb = fs.statSync(file).size / 1024 ** 2;
  console.log(
    JSON.stringify({
      file,
      rows: spec.rows,
      dim: spec.dim,
      fileMb: Math.round(mb),
      poisoned: truth.poisoned.length,
      natural: truth.natural.length,
      ms: Math.round(ms),
    }),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
