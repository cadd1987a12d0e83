// Columns from JS values (JSON, JSONL, Parquet rows): numbers, text, booleans, byte arrays and
// arrays of numbers (user-supplied embeddings) each get their column type.
import type { Cell } from '../types';
import { inferTextColumn, type InferredColumn } from './cells';

function isNumberArray(v: unknown): v is ArrayLike<number> {
  if (v instanceof Float32Array || v instanceof Float64Array || v instanceof Int32Array) return true;
  return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' || x === null);
}

export function inferValueColumn(name: string, raw: readonly unknown[]): InferredColumn {
  let nums = 0;
  let strs = 0;
  let bools = 0;
  let bins = 0;
  let vecs = 0;
  let present = 0;
  for (const v of raw) {
    if (v === null || v === undefined) continue;
    present++;
    if (typeof v === 'number' || typeof v === 'bigint') nums++;
    else if (typeof v === 'string') strs++;
    else if (typeof v === 'boolean') bools++;
    else if (v instanceof Uint8Array) bins++;
    else if (isNumberArray(v)) vecs++;
  }
  if (present > 0 && nums === present) {
    const values = Float64Array.from(raw, (v) => (v === null || v === undefined ? NaN : Number(v)));
    return { column: { name, type: 'number', values: values.map((x) => (Number.isFinite(x) ? x : NaN)) } };
  }
  if (present > 0 && nums + strs === present) {
    // Mixed numbers and text ("NaN" strings in a number column): the text rule decides.
    return inferTextColumn(
      name,
      raw.map((v) => (v === null || v === undefined ? '' : String(v))),
    );
  }
  if (present > 0 && bools === present)
    return { column: { name, type: 'bool', values: raw.map(orNull) as Cell[] } };
  if (present > 0 && bins === present)
    return { column: { name, type: 'binary', values: raw.map(orNull) as Cell[] } };
  if (present > 0 && vecs === present) return vectorColumn(name, raw);
  const values = raw.map((v) => (v === null || v === undefined ? null : toText(v)));
  const warning =
    present > 0 && strs !== present
      ? `column "${name}": mixed or nested values kept as JSON text`
      : undefined;
  return { column: { name, type: 'string', values }, warning };
}

function orNull(v: unknown): unknown {
  return v === undefined ? null : v;
}

function toText(v: unknown): string {
  if (typeof v === 'string') return v;
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x));
}

function vectorColumn(name: string, raw: readonly unknown[]): InferredColumn {
  const lengths = new Set<number>();
  const values = raw.map((v) => {
    if (v === null || v === undefined) return null;
    const arr = v as ArrayLike<number | null>;
    lengths.add(arr.length);
    return Float32Array.from(arr, (x) => (x === null ? NaN : x));
  });
  const warning =
    lengths.size > 1
      ? `column "${name}": vectors of different lengths (${[...lengths].slice(0, 5).join(', ')})`
      : undefined;
  return { column: { name, type: 'vector', values }, warning };
}
