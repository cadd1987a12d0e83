// Parquet loader on hyparquet. Byte arrays without a string annotation stay bytes (utf8: false),
// so image columns are not mangled into text.
import { gunzipSync } from 'fflate';
import { parquetMetadataAsync, parquetReadObjects, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { InputError, type Cell, type Column, type SourceFile } from '../types';
import { oneLine } from './arrow';
import { cleanHeaders } from './headers';
import {
  imageStructColumn,
  isImageStructCells,
  type ImageStructCell,
  type PendingPaths,
} from './image-struct';
import { formatBytes, formatCount, type Limits } from './limits';
import { RaggedVectors, readVectorColumn, vectorLeaves, type VectorColumnData } from './parquet-vectors';
import type { TableResult } from './table-result';
import { inferValueColumn } from './values';

/**
 * Largest float-list (embedding) column, rows × width × 4 bytes, held as one Float32Array: the
 * scan's feature matrix has the same 2 GB limit (features/featurize.ts MAX_FEATURE_BYTES), so a
 * bigger column is refused here, before it is read, rather than after. 1,000,000 × 384 floats
 * take 1.43 GB; the limit is ~1.39M rows at 384 floats (~700k at 768).
 */
export const MAX_VECTOR_BYTES = 2 * 1024 ** 3;

/** An ArrayBuffer holding exactly these bytes (the view's own buffer when it is the whole of it). */
function exactBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? (bytes.buffer as ArrayBuffer)
    : (bytes.slice().buffer as ArrayBuffer);
}

/** The file as hyparquet reads it: by byte ranges where the source can, else whole in memory. */
async function asyncBuffer(source: Uint8Array | SourceFile): Promise<AsyncBuffer> {
  if (source instanceof Uint8Array) {
    const buffer = exactBuffer(source);
    return { byteLength: buffer.byteLength, slice: (start, end) => buffer.slice(start, end) };
  }
  if (source.slice) {
    const slice = source.slice.bind(source);
    return {
      byteLength: source.size,
      slice: async (start, end) => exactBuffer(await slice(start, end ?? source.size)),
    };
  }
  const buffer = exactBuffer(await source.bytes());
  return { byteLength: buffer.byteLength, slice: (start, end) => buffer.slice(start, end) };
}

export async function parseParquet(
  source: Uint8Array | SourceFile,
  file: string,
  limits: Limits,
): Promise<TableResult> {
  let names: string[];
  let rows: Record<string, unknown>[];
  let n: number;
  const vectors = new Map<string, VectorColumnData>();
  const meta: Record<string, string> = {};
  // Snappy is built into hyparquet; GZIP comes from fflate (already a dependency).
  const compressors = { GZIP: gunzipSync };
  try {
    const buffer = await asyncBuffer(source);
    const metadata = await parquetMetadataAsync(buffer);
    for (const kv of metadata.key_value_metadata ?? []) if (kv.value !== undefined) meta[kv.key] = kv.value;
    n = Number(metadata.num_rows);
    if (n > limits.maxRows)
      throw new InputError(file, `${formatCount(n)} rows, over the limit of ${formatCount(limits.maxRows)}`);
    names = metadata.schema.filter((s, i) => i > 0 && isTopLevel(metadata.schema, i)).map((s) => s.name);
    if (names.length > limits.maxColumns) {
      throw new InputError(
        file,
        `${formatCount(names.length)} columns, over the limit of ${formatCount(limits.maxColumns)}`,
      );
    }
    // Float-list columns (embeddings) go straight into one Float32Array each, row group by row group.
    for (const leaf of vectorLeaves(metadata)) {
      checkVectorSize(file, leaf.name, n, metadata);
      try {
        vectors.set(leaf.name, await readVectorColumn(buffer, metadata, leaf, compressors));
      } catch (e) {
        if (!(e instanceof RaggedVectors)) throw e;
      }
    }
    const others = names.filter((name) => !vectors.has(name));
    rows = others.length
      ? await parquetReadObjects({
          file: buffer,
          metadata,
          columns: others,
          utf8: false,
          compressors,
        })
      : [];
  } catch (e) {
    if (e instanceof InputError) throw e;
    const codec = /unsupported compression codec: (\w+)/.exec(oneLine(e))?.[1];
    if (codec)
      throw new InputError(
        file,
        `Parquet compressed with ${codec}, which Assay cannot read (it reads uncompressed, Snappy and GZIP); re-save it with Snappy`,
      );
    throw new InputError(file, `truncated or invalid Parquet file (${oneLine(e)})`);
  }
  if (n === 0 || (rows.length === 0 && vectors.size === 0)) throw new InputError(file, 'no samples (0 rows)');
  const header = cleanHeaders(names);
  const warnings = [...header.warnings];
  const pending: Record<string, PendingPaths> = {};
  const columns = names.map((key, c): Column => {
    const vector = vectors.get(key);
    if (vector) return vectorColumn(header.names[c], vector, n);
    const raw = rows.map((r) => r[key]);
    if (isImageStructCells(raw)) {
      const image = imageStructColumn(
        header.names[c],
        raw.length,
        (i) => (raw[i] as ImageStructCell) ?? null,
      );
      if (image.pending) pending[header.names[c]] = image.pending;
      return image.column;
    }
    const inferred = inferValueColumn(header.names[c], raw);
    if (inferred.warning) warnings.push(inferred.warning);
    return inferred.column;
  });
  return { frame: { columns, numRows: n }, warnings, pending, meta };
}

/** One row's cell is a view of its slice of the column's one Float32Array (null: no vector). */
function vectorColumn(name: string, vector: VectorColumnData, n: number): Column {
  const { data, dim, missing } = vector;
  const values: Cell[] = new Array<Cell>(n);
  for (let i = 0; i < n; i++) values[i] = data.subarray(i * dim, (i + 1) * dim);
  for (const i of missing) values[i] = null;
  return { name, type: 'vector', values };
}

export function checkVectorSize(file: string, name: string, n: number, metadata: FileMetaData): void {
  const leafValues = metadata.row_groups[0]?.columns.find((c) => c.meta_data?.path_in_schema[0] === name)
    ?.meta_data?.num_values;
  const rows0 = Number(metadata.row_groups[0]?.num_rows ?? 0);
  const width = rows0 > 0 ? Math.ceil(Number(leafValues ?? 0) / rows0) : 0;
  const bytes = n * width * 4;
  if (bytes > MAX_VECTOR_BYTES) {
    throw new InputError(
      file,
      `column "${name}": ${formatCount(n)} vectors × ${formatCount(width)} floats take ${formatBytes(bytes)}, ` +
        `over the ${formatBytes(MAX_VECTOR_BYTES)} limit for one embedding column (held as one Float32Array); ` +
        'scan a sample of the rows, or reduce the width (e.g. PCA to 128 dimensions) where the embeddings are computed',
    );
  }
}

/** Top-level fields are the root's direct children (the schema is flattened depth-first). */
function isTopLevel(schema: { num_children?: number }[], index: number): boolean {
  let i = 1;
  while (i < schema.length) {
    if (i === index) return true;
    i = skip(schema, i);
  }
  return false;
}

function skip(schema: { num_children?: number }[], i: number): number {
  const children = schema[i].num_children ?? 0;
  let next = i + 1;
  for (let k = 0; k < children; k++) next = skip(schema, next);
  return next;
}
