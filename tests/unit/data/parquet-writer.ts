// A minimal Parquet writer for test fixtures only, on the byte-level pieces of
// scripts/parquet-writer.ts: one row group, one PLAIN data page (v1) per column, uncompressed or
// GZIP. Supports INT32, DOUBLE and BYTE_ARRAY (optionally UTF8), required or optional; a required
// struct of such columns (the Hugging Face Image feature); and file key/value metadata (the
// "huggingface" features).

import { gzipSync } from 'fflate';
import {
  dataPage,
  footer,
  magic,
  rowGroup,
  Thrift,
  u32le,
  type ColumnChunk,
  type SchemaElement,
} from '../../../scripts/parquet-writer';

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

function pageData(col: ParquetLeaf, optional: boolean): Uint8Array {
  const out = new Thrift();
  if (optional) {
    // Definition levels: RLE/bit-packed hybrid, one bit-packed run, 4-byte length prefix.
    const groups = Math.ceil(col.values.length / 8);
    const levels = new Thrift();
    levels.varint((groups << 1) | 1);
    for (let g = 0; g < groups; g++) {
      let byte = 0;
      for (let k = 0; k < 8; k++) if (col.values[g * 8 + k] != null) byte |= 1 << k;
      levels.bytes.push(byte);
    }
    out.raw(u32le(levels.bytes.length));
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
  return out.out();
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
  const file = new Thrift();
  file.raw(magic());
  const chunks: ColumnChunk[] = [];
  for (const { col, path, optional } of leaves) {
    const plain = pageData(col, optional);
    const data = codec === 'gzip' ? gzipSync(plain) : plain;
    const page = dataPage(numRows, data, 0, plain.byteLength);
    const offset = file.bytes.length;
    file.raw(page);
    chunks.push({
      type: PHYSICAL[col.type],
      path,
      numValues: numRows,
      offset,
      size: page.byteLength,
      codec: CODEC[codec],
    });
  }
  const leaf = (col: ParquetLeaf, optional: boolean): SchemaElement => ({
    type: PHYSICAL[col.type],
    repetition: optional ? 1 : 0,
    name: col.name,
    convertedType: col.type === 'utf8' ? 0 : undefined,
  });
  const schema: SchemaElement[] = [
    { name: 'schema', numChildren: columns.length },
    ...columns.flatMap((col): SchemaElement[] =>
      col.type === 'struct'
        ? [
            { repetition: 0, name: col.name, numChildren: col.children.length },
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
  // The row group's total byte size: the file so far (the leading magic included).
  file.raw(
    footer({ schema, numRows, rowGroups: [rowGroup(chunks, numRows, file.bytes.length)], keyValue: meta }),
  );
  return file.out();
}
