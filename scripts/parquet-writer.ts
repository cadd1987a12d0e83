// The byte-level pieces of a small Parquet writer (hyparquet reads but does not write, and no
// writer package is installed): the Thrift compact protocol (just what page headers and the footer
// need), RLE levels, v1 data pages and dictionary pages, column-chunk, row-group and schema
// metadata, and the footer. Pages are written as given (the caller compresses them, if at all).
// Two writers build on it: scripts/make-embeddings-dataset.ts, which streams one row group at a
// time, and the test fixture writer tests/unit/data/parquet-writer.ts.

// Thrift compact field types.
export const I32 = 5;
export const I64 = 6;
export const BINARY = 8;
export const LIST = 9;
export const STRUCT = 12;

/** A Thrift struct field; an undefined value leaves the field out. */
export type Field = [id: number, type: number, value: unknown, elemType?: number];

export class Thrift {
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
      if (id - last > 0 && id - last <= 15) this.bytes.push(((id - last) << 4) | type);
      else {
        this.bytes.push(type);
        this.value(I32, id);
      }
      last = id;
      this.value(type, v, elem);
    }
    this.bytes.push(0);
  }
  out(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

/** The file's first and last four bytes. */
export const magic = (): Uint8Array => Uint8Array.of(0x50, 0x41, 0x52, 0x31);

/** A little-endian uint32 (length prefixes). */
export function u32le(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n, true);
  return out;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out;
}

/** RLE/bit-packed hybrid runs (RLE only) of levels < 256, with v1's 4-byte length prefix. */
export function rleLevels(runs: [count: number, value: number][]): Uint8Array {
  const t = new Thrift();
  for (const [count, value] of runs) {
    t.varint(count << 1);
    t.bytes.push(value);
  }
  return concat([u32le(t.bytes.length), t.out()]);
}

/**
 * A v1 data page (RLE levels): its header and body. `encoding` is the values' (0 PLAIN,
 * 8 RLE_DICTIONARY); `uncompressedSize` the body's size before compression, if it was compressed.
 */
export function dataPage(
  numValues: number,
  body: Uint8Array,
  encoding = 0,
  uncompressedSize = body.byteLength,
): Uint8Array {
  const h = new Thrift();
  h.struct([
    [1, I32, 0],
    [2, I32, uncompressedSize],
    [3, I32, body.byteLength],
    [
      5,
      STRUCT,
      [
        [1, I32, numValues],
        [2, I32, encoding],
        [3, I32, 3],
        [4, I32, 3],
      ],
    ],
  ]);
  return concat([h.out(), body]);
}

/** A dictionary page of PLAIN values. */
export function dictionaryPage(numValues: number, body: Uint8Array): Uint8Array {
  const h = new Thrift();
  h.struct([
    [1, I32, 2],
    [2, I32, body.byteLength],
    [3, I32, body.byteLength],
    [
      7,
      STRUCT,
      [
        [1, I32, numValues],
        [2, I32, 0],
      ],
    ],
  ]);
  return concat([h.out(), body]);
}

/** RLE_DICTIONARY values: the bit width, then each index as an RLE run of one. */
export function dictionaryIndices(count: number): Uint8Array {
  const width = Math.max(1, 32 - Math.clz32(count - 1));
  const t = new Thrift();
  t.bytes.push(width);
  for (let i = 0; i < count; i++) {
    t.varint(2);
    for (let b = 0; b < Math.ceil(width / 8); b++) t.bytes.push((i >>> (8 * b)) & 0xff);
  }
  return t.out();
}

export interface ColumnChunk {
  /** Physical type: 1 INT32, 2 INT64, 4 FLOAT, 5 DOUBLE, 6 BYTE_ARRAY. */
  type: number;
  path: string[];
  numValues: number;
  /** File offset of the chunk's first page. */
  offset: number;
  /** The chunk's bytes, page headers included. */
  size: number;
  /** Compression codec (0 none, 2 GZIP, 6 ZSTD); default none. */
  codec?: number;
  /** Set where the chunk starts with a dictionary page: that page's bytes. */
  dictionarySize?: number;
}

/** A row group's metadata; `totalByteSize` defaults to the chunks' sizes summed. */
export function rowGroup(
  chunks: ColumnChunk[],
  numRows: number,
  totalByteSize = chunks.reduce((s, ch) => s + ch.size, 0),
): Field[] {
  return [
    [
      1,
      LIST,
      chunks.map((ch): Field[] => {
        const dictionary = ch.dictionarySize !== undefined;
        return [
          [2, I64, ch.offset],
          [
            3,
            STRUCT,
            [
              [1, I32, ch.type],
              [2, LIST, dictionary ? [0, 3, 8] : [0, 3], I32],
              [3, LIST, ch.path, BINARY],
              [4, I32, ch.codec ?? 0],
              [5, I64, ch.numValues],
              [6, I64, ch.size],
              [7, I64, ch.size],
              [9, I64, dictionary ? ch.offset + ch.dictionarySize! : ch.offset],
              [11, I64, dictionary ? ch.offset : undefined],
            ],
          ],
        ];
      }),
      STRUCT,
    ],
    [2, I64, totalByteSize],
    [3, I64, numRows],
  ];
}

/**
 * A schema element. Repetition 0 = REQUIRED, 1 = OPTIONAL, 2 = REPEATED; converted type 0 = UTF8,
 * 3 = LIST; logical type (a union): [[1, STRUCT, []]] STRING, [[3, STRUCT, []]] LIST.
 */
export interface SchemaElement {
  type?: number;
  repetition?: number;
  name: string;
  numChildren?: number;
  convertedType?: number;
  logicalType?: Field[];
}

/**
 * The footer: the file metadata (version 1), its length and the closing magic. `schema` starts
 * with the root element.
 */
export function footer(meta: {
  schema: SchemaElement[];
  numRows: number;
  rowGroups: Field[][];
  keyValue?: Record<string, string>;
  createdBy?: string;
}): Uint8Array {
  const kv = Object.entries(meta.keyValue ?? {});
  const t = new Thrift();
  t.struct([
    [1, I32, 1],
    [
      2,
      LIST,
      meta.schema.map((e): Field[] => [
        [1, I32, e.type],
        [3, I32, e.repetition],
        [4, BINARY, e.name],
        [5, I32, e.numChildren],
        [6, I32, e.convertedType],
        [10, STRUCT, e.logicalType],
      ]),
      STRUCT,
    ],
    [3, I64, meta.numRows],
    [4, LIST, meta.rowGroups, STRUCT],
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
    [6, BINARY, meta.createdBy],
  ]);
  const f = t.out();
  return concat([f, u32le(f.byteLength), magic()]);
}
