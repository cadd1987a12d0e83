// Arrow IPC loader (file and stream formats) on apache-arrow.
import { tableFromIPC, type Table } from 'apache-arrow';
import { InputError, type Column } from '../types';
import { convertArrowColumn } from './arrow-column';
import { cleanHeaders } from './headers';
import { formatBytes, formatCount, type Limits } from './limits';
import type { PendingPaths } from './image-struct';
import type { TableResult } from './table-result';

const MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // "ARROW1"

export function parseArrow(bytes: Uint8Array, file: string, stream: boolean, limits: Limits): TableResult {
  const warnings: string[] = [];
  // A file without its closing magic has lost its footer: apache-arrow would fail obscurely or
  // (for some cuts) return only the batches it found.
  if (!stream && !endsWith(bytes, MAGIC))
    throw new InputError(file, 'truncated or invalid Arrow file (no footer)');
  if (stream && !endsWithEos(bytes))
    warnings.push('Arrow stream has no end-of-stream marker; it may be truncated');
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (e) {
    const what = stream ? 'Arrow stream' : 'Arrow file';
    throw new InputError(file, `truncated or invalid ${what} (${oneLine(e)})`);
  }
  const fields = table.schema.fields;
  if (fields.length === 0) throw new InputError(file, 'Arrow table has no columns');
  if (fields.length > limits.maxColumns) {
    throw new InputError(
      file,
      `${formatCount(fields.length)} columns, over the limit of ${formatCount(limits.maxColumns)}`,
    );
  }
  if (table.numRows === 0) throw new InputError(file, 'no samples (0 rows)');
  if (table.numRows > limits.maxRows) {
    throw new InputError(
      file,
      `${formatCount(table.numRows)} rows, over the limit of ${formatCount(limits.maxRows)}`,
    );
  }
  const header = cleanHeaders(fields.map((f) => f.name));
  warnings.push(...header.warnings);
  const pending: Record<string, PendingPaths> = {};
  const columns: Column[] = fields.map((_f, i) => {
    const vector = table.getChildAt(i);
    if (!vector) throw new InputError(file, `column ${i + 1} cannot be read`);
    const converted = convertArrowColumn(header.names[i], vector);
    if (converted.warning) warnings.push(converted.warning);
    if (converted.pending) pending[header.names[i]] = converted.pending;
    checkCellSizes(converted.column, file, limits);
    return converted.column;
  });
  const meta = Object.fromEntries(table.schema.metadata ?? new Map<string, string>());
  return { frame: { columns, numRows: table.numRows }, warnings, pending, meta };
}

function checkCellSizes(column: Column, file: string, limits: Limits): void {
  if (column.type !== 'binary' && column.type !== 'string') return;
  for (const v of column.values as unknown[]) {
    const size = v instanceof Uint8Array ? v.byteLength : typeof v === 'string' ? v.length : 0;
    if (size > limits.maxCellBytes) {
      throw new InputError(
        file,
        `a cell in column "${column.name}" is ${formatBytes(size)}, over the ${formatBytes(limits.maxCellBytes)} cell limit`,
      );
    }
  }
}

function endsWith(bytes: Uint8Array, sig: number[]): boolean {
  if (bytes.length < sig.length + 8) return false;
  const off = bytes.length - sig.length;
  return sig.every((b, i) => bytes[off + i] === b);
}

function endsWithEos(bytes: Uint8Array): boolean {
  const n = bytes.length;
  if (n < 8) return false;
  const dv = new DataView(bytes.buffer, bytes.byteOffset + n - 8, 8);
  return dv.getUint32(0, true) === 0xffffffff && dv.getUint32(4, true) === 0;
}

export function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0].slice(0, 200);
}
