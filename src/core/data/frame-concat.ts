// Shards of one split -> one frame. Every shard must have the first shard's columns (names and
// types, in order); a shard that differs is an error naming it.
import { InputError, type Cell, type Column } from '../types';
import type { PendingPaths } from './image-struct';
import type { TableResult } from './table-result';

export interface Shard {
  name: string;
  result: TableResult;
}

export function concatShards(shards: Shard[]): TableResult {
  const first = shards[0];
  if (shards.length === 1) return first.result;
  const schema = (r: TableResult) => r.frame.columns.map((c) => `${c.name}: ${c.type}`).join(', ');
  const want = schema(first.result);
  for (const s of shards.slice(1)) {
    if (schema(s.result) !== want) {
      throw new InputError(
        s.name,
        `its columns (${schema(s.result)}) differ from ${first.name}'s (${want}); the shards of a split must share one schema`,
      );
    }
  }
  const numRows = shards.reduce((n, s) => n + s.result.frame.numRows, 0);
  const columns: Column[] = first.result.frame.columns.map((c, k) => {
    const parts = shards.map((s) => s.result.frame.columns[k]);
    let values: Cell[] | Float64Array;
    if (c.type === 'number') {
      const out = new Float64Array(numRows);
      let o = 0;
      for (const p of parts) {
        out.set(p.values as Float64Array, o);
        o += p.values.length;
      }
      values = out;
    } else {
      const out: Cell[] = new Array(numRows);
      let o = 0;
      for (const p of parts) for (const v of p.values as Cell[]) out[o++] = v;
      values = out;
    }
    const merged: Column = { ...c, values };
    return merged;
  });
  const warnings: string[] = [];
  const rowErrors: { row: number; message: string }[] = [];
  const pending: Record<string, PendingPaths> = {};
  let offset = 0;
  for (const s of shards) {
    for (const w of s.result.warnings) if (!warnings.includes(w)) warnings.push(w);
    for (const e of s.result.rowErrors ?? []) rowErrors.push({ row: e.row + offset, message: e.message });
    for (const [col, paths] of Object.entries(s.result.pending ?? {})) {
      const all = (pending[col] ??= new Array<string | null>(numRows).fill(null));
      paths.forEach((p, i) => (all[offset + i] = p));
    }
    offset += s.result.frame.numRows;
  }
  return { frame: { columns, numRows }, warnings, rowErrors, pending, meta: first.result.meta };
}
