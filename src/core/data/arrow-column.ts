// One Arrow vector -> one frame column. Binary cells stay views into the file's buffer (no copy:
// 60,000 images would otherwise be copied once more for nothing).
import { Type, type DataType, type Vector } from 'apache-arrow';
import type { Cell, Column } from '../types';
import { imageStructColumn, type PendingPaths } from './image-struct';

export interface ConvertedColumn {
  column: Column;
  warning?: string;
  /** An image struct's rows that name a file instead of holding bytes. */
  pending?: PendingPaths;
}

const NUMBER_TYPES = new Set<Type>([
  Type.Int,
  Type.Float,
  Type.Date,
  Type.Time,
  Type.Timestamp,
  Type.Duration,
]);
const TEXT_TYPES = new Set<Type>([Type.Utf8, Type.LargeUtf8, Type.Utf8View]);
const BINARY_TYPES = new Set<Type>([Type.Binary, Type.LargeBinary, Type.FixedSizeBinary, Type.BinaryView]);
const LIST_TYPES = new Set<Type>([Type.List, Type.FixedSizeList, Type.LargeList]);

export function convertArrowColumn(name: string, vector: Vector): ConvertedColumn {
  const type = vector.type as DataType;
  const n = vector.length;
  const id = type.typeId as Type;
  if (NUMBER_TYPES.has(id)) {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = toNumber(vector.get(i));
    return { column: { name, type: 'number', values } };
  }
  if (TEXT_TYPES.has(id) || (id === Type.Dictionary && isTextDictionary(type))) {
    const values: Cell[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = vector.get(i) as unknown;
      values[i] = v === null || v === undefined ? null : String(v);
    }
    return { column: { name, type: 'string', values } };
  }
  if (BINARY_TYPES.has(id)) {
    const values: Cell[] = new Array(n);
    for (let i = 0; i < n; i++) values[i] = (vector.get(i) as Uint8Array | null) ?? null;
    return { column: { name, type: 'binary', values } };
  }
  if (id === Type.Bool) {
    const values: Cell[] = new Array(n);
    for (let i = 0; i < n; i++) values[i] = (vector.get(i) as boolean | null) ?? null;
    return { column: { name, type: 'bool', values } };
  }
  if (LIST_TYPES.has(id) && isNumeric(type.children[0]?.type)) return vectorColumn(name, vector);
  if (id === Type.Struct && isImageStruct(type)) return imageStruct(name, vector);
  return otherColumn(name, vector, String(type));
}

function isTextDictionary(type: DataType): boolean {
  const dict = (type as unknown as { dictionary?: DataType }).dictionary;
  return !!dict && TEXT_TYPES.has(dict.typeId as Type);
}

function isNumeric(type: DataType | undefined): boolean {
  return !!type && (type.typeId === Type.Float || type.typeId === Type.Int);
}

function toNumber(v: unknown): number {
  if (v === null || v === undefined) return NaN;
  const x = v instanceof Date ? v.getTime() : Number(v);
  return Number.isFinite(x) ? x : NaN;
}

function vectorColumn(name: string, vector: Vector): ConvertedColumn {
  const values: Cell[] = new Array(vector.length);
  for (let i = 0; i < vector.length; i++) {
    const item = vector.get(i) as Vector | null;
    if (item === null || item === undefined) {
      values[i] = null;
      continue;
    }
    const arr = item.toArray() as ArrayLike<number | bigint>;
    values[i] = arr instanceof Float32Array ? arr : Float32Array.from(arr as ArrayLike<number>, Number);
  }
  return { column: { name, type: 'vector', values } };
}

/** The Hugging Face Image feature: struct<bytes: binary, path: string> (either may be absent). */
function isImageStruct(type: DataType): boolean {
  const kids = type.children ?? [];
  const bytes = kids.find((f) => f.name === 'bytes');
  return (
    !!bytes &&
    BINARY_TYPES.has(bytes.type.typeId as Type) &&
    kids.every((f) => f.name === 'bytes' || (f.name === 'path' && TEXT_TYPES.has(f.type.typeId as Type)))
  );
}

function imageStruct(name: string, vector: Vector): ConvertedColumn {
  const bytes = vector.getChild('bytes');
  const path = vector.getChild('path');
  const out = imageStructColumn(name, vector.length, (i) =>
    vector.isValid(i)
      ? {
          bytes: (bytes?.get(i) as Uint8Array | null) ?? null,
          path: (path?.get(i) as string | null) ?? null,
        }
      : null,
  );
  return { column: out.column, pending: out.pending };
}

/** Structs, maps, decimals, unions ...: kept as text so nothing is lost, with a warning. */
function otherColumn(name: string, vector: Vector, typeName: string): ConvertedColumn {
  const values: Cell[] = new Array(vector.length);
  for (let i = 0; i < vector.length; i++) {
    const v = vector.get(i) as unknown;
    if (v === null || v === undefined) values[i] = null;
    else if (typeof v === 'object' && 'toJSON' in v)
      values[i] = JSON.stringify((v as { toJSON(): unknown }).toJSON(), big);
    else values[i] = typeof v === 'string' ? v : JSON.stringify(v, big);
  }
  return {
    column: { name, type: 'string', values },
    warning: `column "${name}": Arrow type ${typeName} kept as text`,
  };
}

function big(_k: string, x: unknown): unknown {
  return typeof x === 'bigint' ? Number(x) : x;
}
