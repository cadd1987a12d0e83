// Float list columns of a Parquet file (an embedding column, as pyarrow, Ray Data and Spark write
// it: a LIST of FLOAT or DOUBLE) decoded page by page straight into one preallocated
// Float32Array (rows × width), one row group's bytes in memory at a time. hyparquet's own reader
// would assemble every row into a JavaScript array of numbers first (~3 GB of heap for a million
// 384-wide rows, over Node's and Chromium's heap limit); here a row costs its 4 bytes per value.
import type { AsyncBuffer, Compressors, FileMetaData, SchemaTree } from 'hyparquet';
import { parquetSchema } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { decompressPage, readDataPage, readDataPageV2 } from 'hyparquet/src/datapage.js';
import { readRleBitPackedHybrid } from 'hyparquet/src/encoding.js';
import { readPlain } from 'hyparquet/src/plain.js';
import { featureArray } from '../shared-array';

type ColumnDecoder = Parameters<typeof readDataPage>[2];

/** A top-level column whose only leaf is a float (or double) with one repeated level: a vector. */
export interface VectorLeaf {
  name: string;
  /** Schema nodes from the root to the leaf (what hyparquet's page decoders want). */
  schemaPath: SchemaTree[];
  maxDef: number;
  /** The definition level of a null element inside a present list (NaN), or -1 when elements are required. */
  nullElementDef: number;
}

/** The top-level float-list columns of the file. */
export function vectorLeaves(metadata: FileMetaData): VectorLeaf[] {
  const root = parquetSchema(metadata);
  const out: VectorLeaf[] = [];
  for (const top of root.children) {
    const path: SchemaTree[] = [root];
    let node = top;
    let repeated = 0;
    for (;;) {
      path.push(node);
      if (node.element.repetition_type === 'REPEATED') repeated++;
      if (node.children.length !== 1) break;
      node = node.children[0];
    }
    const leaf = path[path.length - 1];
    const type = leaf.element.type;
    if (leaf.children.length || repeated !== 1 || (type !== 'FLOAT' && type !== 'DOUBLE')) continue;
    let maxDef = 0;
    for (const p of path.slice(1)) if (p.element.repetition_type !== 'REQUIRED') maxDef++;
    const nullElementDef = leaf.element.repetition_type === 'OPTIONAL' ? maxDef - 1 : -1;
    out.push({ name: top.element.name, schemaPath: path, maxDef, nullElementDef });
  }
  return out;
}

export interface VectorColumnData {
  /** rows × dim, row-major. Rows without a full vector are zeros and listed in `missing`. */
  data: Float32Array;
  dim: number;
  /** Row indices whose list was null, empty or of another length than `dim`. */
  missing: number[];
}

/** Thrown when the lists are not all one width: the caller falls back to the generic reader. */
export class RaggedVectors extends Error {}

/**
 * Decodes the column into one Float32Array. `dim` is the first non-empty row's length; a later row
 * of another length throws RaggedVectors unless it is empty or null (then it is missing).
 */
export async function readVectorColumn(
  file: AsyncBuffer,
  metadata: FileMetaData,
  leaf: VectorLeaf,
  compressors: Compressors,
  onRowGroup?: (rowsDone: number) => void,
): Promise<VectorColumnData> {
  const n = Number(metadata.num_rows);
  let data = null as Float32Array | null;
  let dim = 0;
  const missing: number[] = [];
  let row = -1;
  let pos = 0;
  let rowsDone = 0;
  let pending: number[] = [];
  // Closes the current row: a row shorter than dim (or any row before dim is known) is missing.
  const endRow = (): void => {
    if (row < 0) return;
    if (data === null) {
      if (pos === 0) missing.push(row);
      else {
        // The first row with values sets the width.
        dim = pos;
        // Shared with the map's layout worker where the page is isolated (shared-array.ts).
        data = featureArray(n * dim, 'dataset');
        data.set(pending, row * dim);
        pending = [];
      }
      return;
    }
    if (pos !== dim) {
      if (pos !== 0) throw new RaggedVectors(`row ${row} has ${pos} values, row 0's vector ${dim}`);
      missing.push(row);
    }
  };
  for (const group of metadata.row_groups) {
    const chunk = group.columns.find(
      (c) =>
        c.meta_data?.path_in_schema.join('.') ===
        leaf.schemaPath
          .slice(1)
          .map((p) => p.element.name)
          .join('.'),
    )?.meta_data;
    if (!chunk) throw new Error(`column chunk of ${leaf.name} not found`);
    const start = Number(chunk.dictionary_page_offset ?? chunk.data_page_offset);
    const end = start + Number(chunk.total_compressed_size);
    const buffer = await file.slice(start, end);
    const reader = { view: new DataView(buffer), offset: 0 };
    const element = leaf.schemaPath[leaf.schemaPath.length - 1].element;
    const decoder: ColumnDecoder = {
      pathInSchema: chunk.path_in_schema,
      type: chunk.type,
      element,
      schemaPath: leaf.schemaPath,
      codec: chunk.codec,
      parsers: undefined as unknown as ColumnDecoder['parsers'],
      compressors,
    };
    let dictionary: ArrayLike<number> | undefined;
    while (reader.offset < buffer.byteLength - 1) {
      const header = parquetHeader(reader);
      const bytes = new Uint8Array(buffer, reader.offset, header.compressed_page_size);
      reader.offset += header.compressed_page_size;
      let page: {
        definitionLevels?: ArrayLike<number>;
        repetitionLevels: ArrayLike<number>;
        dataPage: unknown;
      };
      let encoding: string | undefined;
      if (header.type === 'DICTIONARY_PAGE') {
        const raw = decompressPage(bytes, header.uncompressed_page_size, chunk.codec, compressors);
        const count = header.dictionary_page_header?.num_values ?? 0;
        dictionary = readPlain(
          { view: new DataView(raw.buffer, raw.byteOffset, raw.byteLength), offset: 0 },
          chunk.type,
          count,
          undefined,
        ) as ArrayLike<number>;
        continue;
      } else if (header.type === 'DATA_PAGE' && header.data_page_header) {
        const raw = decompressPage(bytes, header.uncompressed_page_size, chunk.codec, compressors);
        const daph = header.data_page_header;
        encoding = daph.encoding;
        if (
          encoding === 'PLAIN' &&
          daph.repetition_level_encoding === 'RLE' &&
          daph.definition_level_encoding === 'RLE'
        )
          page = plainPage(raw, daph.num_values, leaf, chunk.type);
        else page = readDataPage(raw, daph, decoder);
      } else if (header.type === 'DATA_PAGE_V2' && header.data_page_header_v2) {
        page = readDataPageV2(bytes, header, decoder);
        encoding = header.data_page_header_v2.encoding;
      } else continue; // index pages
      let values = page.dataPage as ArrayLike<number>;
      if (encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY') {
        if (!dictionary) throw new Error('dictionary-encoded page without a dictionary');
        const dict = dictionary;
        const idx = values;
        values = Float64Array.from({ length: idx.length }, (_, i) => dict[idx[i]]);
      }
      const rep: ArrayLike<number> = page.repetitionLevels;
      const def: ArrayLike<number> = page.definitionLevels ?? []; // empty: every value is present
      let vi = 0;
      for (let t = 0; t < rep.length; t++) {
        if (rep[t] === 0) {
          endRow();
          row++;
          pos = 0;
        }
        const level = def.length ? def[t] : leaf.maxDef;
        if (level < leaf.maxDef && level !== leaf.nullElementDef) continue; // null or empty list
        if (data === null) {
          // Until the first row with values ends, its width is unknown: keep its values aside.
          pending.push(level === leaf.maxDef ? values[vi++] : NaN);
          pos++;
          continue;
        }
        if (pos >= dim) throw new RaggedVectors(`row ${row} has more than ${dim} values`);
        data[row * dim + pos++] = level === leaf.maxDef ? values[vi++] : NaN;
      }
    }
    rowsDone += Number(group.num_rows);
    onRowGroup?.(rowsDone);
  }
  endRow();
  if (data === null) return { data: new Float32Array(0), dim: 0, missing };
  if (row + 1 !== n) throw new Error(`${row + 1} rows decoded, the footer says ${n}`);
  return { data, dim, missing };
}

let levelBuffers = { rep: new Uint8Array(0), def: new Uint8Array(0) };

/**
 * A v1 PLAIN data page with RLE levels (what pyarrow, Spark and the generator write), its levels
 * decoded into reused byte arrays: hyparquet's readDataPage fills a JavaScript array per level
 * (two per float), a third of a million-row load.
 */
function plainPage(
  raw: Uint8Array,
  count: number,
  leaf: VectorLeaf,
  type: Parameters<typeof readPlain>[1],
): { definitionLevels: Uint8Array; repetitionLevels: Uint8Array; dataPage: unknown } {
  if (levelBuffers.rep.length < count)
    levelBuffers = { rep: new Uint8Array(count * 2), def: new Uint8Array(count * 2) };
  const reader = { view: new DataView(raw.buffer, raw.byteOffset, raw.byteLength), offset: 0 };
  const rep = levelBuffers.rep.subarray(0, count);
  readRleBitPackedHybrid(reader, 1, rep);
  let present = count;
  let def = levelBuffers.def.subarray(0, 0);
  if (leaf.maxDef > 0) {
    def = levelBuffers.def.subarray(0, count);
    readRleBitPackedHybrid(reader, 32 - Math.clz32(leaf.maxDef), def);
    for (let t = 0; t < count; t++) if (def[t] !== leaf.maxDef) present--;
    if (present === count) def = def.subarray(0, 0);
  }
  return {
    repetitionLevels: rep,
    definitionLevels: def,
    dataPage: readPlain(reader, type, present, undefined),
  };
}
