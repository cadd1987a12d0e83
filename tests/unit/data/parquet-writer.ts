// A minimal Parquet writer for test fixtures only (hyparquet reads but does not write, and no
// writer package is installed): one row group, one uncompressed PLAIN data page (v1) per column,
// metadata in the Thrift compact protocol. Supports INT32, DOUBLE and BYTE_ARRAY (optionally
// UTF8), required or optional; a required struct of such columns (the Hugging Face Image
// feature); and file key/value metadata (the "huggingface" features).

import { gzipSync } from 'fflate';

export interface ParquetLeaf {
  name: string;
  type: 'int32' | 'double' | 'utf8' | 'bytes';
  values: (number | string | Uint8Array | null)[];
}

export interface ParquetStruct {
  name: string;
  type: 'struct';
  children: ParquetLeaf[];
}

export type ParquetColumn = ParquetLeaf | ParquetStruct;

const PHYSICAL = { int32: 1, double: 5, utf8: 6, bytes: 6 } as const;
// Thrift compact field types.
const I32 = 5;
const I64 = 6;
const BINARY = 8;
const LIST = 9;
const STRUCT = 12;

type Field = [id: number, type: number, value: unknown, elemType?: number];

class Out {
  bytes: number[] = [];
  varint(n: number): void {
    let v = BigInt(n);
    do {
      let b = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) b |= 0x80;
      this.bytes.push(b);
    } while (v > 0n);
  }
  zigzag(n: number): void {
    this.varint(n >= 0 ? n * 2 : -n * 2 - 1);
  }
  raw(b: ArrayLike<number>): void {
    for (let i = 0; i < b.length; i++) this.bytes.push(b[i]);
  }
  value(type: number, v: unknown, elemType?: number): void {
    if (type === I32 || type === I64) this.zigzag(v as number);
    else if (type === BINARY) {
      const b = new TextEncoder().encode(v as string);
      this.varint(b.length);
      this.raw(b);
    } else if (type === STRUCT) this.struct(v as Field[]);
    else if (type === LIST) {
      const items = v as unknown[];
      if (items.length < 15) this.bytes.push((items.length << 4) | elemType!);
      else {
        this.bytes.push(0xf0 | elemType!);
        this.varint(items.length);
      }
      for (const item of items) this.value(elemType!, item);
    }
  }
  struct(fields: Field[]): void {
    let last = 0;
    for (const [id, type, v, elem] of fields) {
      if (v === undefined) continue;
      this.bytes.push(((id - last) << 4) | type);
      last = id;
      this.value(type, v, elem);
    }
    this.bytes.push(0);
  }
}

function pageData(col: ParquetLeaf, optional: boolean): number[] {
  const out = new Out();
  if (optional) {
    // Definition levels: RLE/bit-packed hybrid, one bit-packed run, 4-byte length prefix.
    const groups = Math.ceil(col.values.length / 8);
    const levels = new Out();
    levels.varint((groups << 1) | 1);
    for (let g = 0; g < groups; g++) {
      let byte = 0;
      for (let k = 0; k < 8; k++) if (col.values[g * 8 + k] != null) byte |= 1 << k;
      levels.bytes.push(byte);
    }
    const n = levels.bytes.length;
    out.raw([n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24]);
    out.raw(levels.bytes);
  }
  for (const v of col.values) {
    if (v === null) continue;
    const dv = new DataView(new ArrayBuffer(8));
    if (col.type === 'int32') {
      dv.setInt32(0, v as number, true);
      out.raw(new Uint8Array(dv.buffer, 0, 4));
    } else if (col.type === 'double') {
      dv.setFloat64(0, v as number, true);
      out.raw(new Uint8Array(dv.buffer));
    } else {
      const b = typeof v === 'string' ? new TextEncoder().encode(v) : (v as Uint8Array);
      dv.setUint32(0, b.length, true);
      out.raw(new Uint8Array(dv.buffer, 0, 4));
      out.raw(b);
    }
  }
  return out.bytes;
}

/** Parquet codec numbers: GZIP pages are compressed here (fflate); ZSTD only claimed, for errors. */
const CODEC = { none: 0, gzip: 2, zstd: 6 } as const;

export function writeParquet(
  columns: ParquetColumn[],
  meta: Record<string, string> = {},
  codec: keyof typeof CODEC = 'none',
): Uint8Array {
  const leaves: { col: ParquetLeaf; path: string[]; optional: boolean }[] = columns.flatMap((c) =>
    c.type === 'struct'
      ? c.children.map((k) => ({ col: k, path: [c.name, k.name], optional: true }))
      : [{ col: c, path: [c.name], optional: c.values.some((v) => v === null) }],
  );
  const numRows = leaves[0].col.values.length;
  const file = new Out();
  file.raw([0x50, 0x41, 0x52, 0x31]);
  const chunks: Field[][] = [];
  for (const { col, path, optional } of leaves) {
    const plain = pageData(col, optional);
    const data = codec === 'gzip' ? Array.from(gzipSync(Uint8Array.from(plain))) : plain;
    const header = new Out();
    header.struct([
      [1, I32, 0],
      [2, I32, plain.length],
      [3, I32, data.length],
      [
        5,
        STRUCT,
        [
          [1, I32, numRows],
          [2, I32, 0],
          [3, I32, 3],
          [4, I32, 3],
        ],
      ],
    ]);
    const offset = file.bytes.length;
    file.raw(header.bytes);
    file.raw(data);
    const size = header.bytes.length + data.length;
    chunks.push([
      [2, I64, offset],
      [
        3,
        STRUCT,
        [
          [1, I32, PHYSICAL[col.type]],
          [2, LIST, [0, 3], I32],
          [3, LIST, path, BINARY],
          [4, I32, CODEC[codec]],
          [5, I64, numRows],
          [6, I64, size],
          [7, I64, size],
          [9, I64, offset],
        ],
      ],
    ]);
  }
  const leaf = (col: ParquetLeaf, optional: boolean): Field[] => [
    [1, I32, PHYSICAL[col.type]],
    [3, I32, optional ? 1 : 0],
    [4, BINARY, col.name],
    [6, I32, col.type === 'utf8' ? 0 : undefined],
  ];
  const schema: Field[][] = [
    [
      [4, BINARY, 'schema'],
      [5, I32, columns.length],
    ],
    ...columns.flatMap((col): Field[][] =>
      col.type === 'struct'
        ? [
            [
              [3, I32, 0],
              [4, BINARY, col.name],
              [5, I32, col.children.length],
            ],
            ...col.children.map((k) => leaf(k, true)),
          ]
        : [
            leaf(
              col,
              col.values.some((v) => v === null),
            ),
          ],
    ),
  ];
  const kv = Object.entries(meta);
  const footer = new Out();
  footer.struct([
    [1, I32, 1],
    [2, LIST, schema, STRUCT],
    [3, I64, numRows],
    [
      4,
      LIST,
      [
        [
          [1, LIST, chunks, STRUCT],
          [2, I64, file.bytes.length],
          [3, I64, numRows],
        ],
      ],
      STRUCT,
    ],
    [
      5,
      LIST,
      kv.length
        ? kv.map(([k, v]): Field[] => [
            [1, BINARY, k],
            [2, BINARY, v],
          ])
        : undefined,
      STRUCT,
    ],
  ]);
  file.raw(footer.bytes);
  const n = footer.bytes.length;
  file.raw([n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24]);
  file.raw([0x50, 0x41, 0x52, 0x31]);
  return Uint8Array.from(file.bytes);
}
