// Parquet loader on hyparquet. Byte arrays without a string annotation stay bytes (utf8: false),
// so image columns are not mangled into text.
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { InputError } from '../types';
import { oneLine } from './arrow';
import { cleanHeaders } from './headers';
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
  try {
    const metadata = parquetMetadata(buffer);
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
    rows = await parquetReadObjects({ file: buffer, metadata, utf8: false });
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(file, `truncated or invalid Parquet file (${oneLine(e)})`);
  }
  if (rows.length === 0) throw new InputError(file, 'no samples (0 rows)');
  const header = cleanHeaders(names);
  const warnings = [...header.warnings];
  const columns = names.map((key, c) => {
    const inferred = inferValueColumn(
      header.names[c],
      rows.map((r) => r[key]),
    );
    if (inferred.warning) warnings.push(inferred.warning);
    return inferred.column;
  });
  return { frame: { columns, numRows: rows.length }, warnings };
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
