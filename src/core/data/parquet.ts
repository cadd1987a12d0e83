// Parquet loader on hyparquet. Byte arrays without a string annotation stay bytes (utf8: false),
// so image columns are not mangled into text.
import { gunzipSync } from 'fflate';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { InputError } from '../types';
import { oneLine } from './arrow';
import { cleanHeaders } from './headers';
import {
  imageStructColumn,
  isImageStructCells,
  type ImageStructCell,
  type PendingPaths,
} from './image-struct';
import { formatCount, type Limits } from './limits';
import type { TableResult } from './table-result';
import { inferValueColumn } from './values';

export async function parseParquet(bytes: Uint8Array, file: string, limits: Limits): Promise<TableResult> {
  // hyparquet wants an ArrayBuffer holding exactly the file.
  const buffer =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? (bytes.buffer as ArrayBuffer)
      : (bytes.slice().buffer as ArrayBuffer);
  let names: string[];
  let rows: Record<string, unknown>[];
  const meta: Record<string, string> = {};
  try {
    const metadata = parquetMetadata(buffer);
    for (const kv of metadata.key_value_metadata ?? []) if (kv.value !== undefined) meta[kv.key] = kv.value;
    const n = Number(metadata.num_rows);
    if (n > limits.maxRows)
      throw new InputError(file, `${formatCount(n)} rows, over the limit of ${formatCount(limits.maxRows)}`);
    names = metadata.schema.filter((s, i) => i > 0 && isTopLevel(metadata.schema, i)).map((s) => s.name);
    if (names.length > limits.maxColumns) {
      throw new InputError(
        file,
        `${formatCount(names.length)} columns, over the limit of ${formatCount(limits.maxColumns)}`,
      );
    }
    // Snappy is built into hyparquet; GZIP comes from fflate (already a dependency).
    rows = await parquetReadObjects({
      file: buffer,
      metadata,
      utf8: false,
      compressors: { GZIP: gunzipSync },
    });
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
  if (rows.length === 0) throw new InputError(file, 'no samples (0 rows)');
  const header = cleanHeaders(names);
  const warnings = [...header.warnings];
  const pending: Record<string, PendingPaths> = {};
  const columns = names.map((key, c) => {
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
  return { frame: { columns, numRows: rows.length }, warnings, pending, meta };
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
