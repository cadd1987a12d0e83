// Builds fashion-badnets (or its first rows) in the layouts the ML world ships: Hugging Face
// Parquet shards, a Hugging Face save_to_disk folder, WebDataset tar shards, and a Kaggle-style
// CSV + image folder. Shared by the layout tests and bench/loaders.ts.
import fs from 'node:fs';
import path from 'node:path';
import {
  Binary,
  Field,
  Int32,
  RecordBatch,
  Schema,
  Struct,
  Table,
  Utf8,
  makeData,
  makeVector,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
} from 'apache-arrow';
import { writeParquet } from './parquet-writer';

/** Fashion-MNIST's class order (the ClassLabel names of the hub's fashion_mnist). */
export const FASHION_NAMES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

export interface Rows {
  id: number[];
  image: Uint8Array[];
  label: string[];
}

export function readRows(arrowPath: string, n = Infinity): Rows {
  const table = tableFromIPC(fs.readFileSync(arrowPath));
  const count = Math.min(n, table.numRows);
  const ids = table.getChild('id')!;
  const images = table.getChild('image')!;
  const labels = table.getChild('label')!;
  const rows: Rows = { id: [], image: [], label: [] };
  for (let i = 0; i < count; i++) {
    rows.id.push(Number(ids.get(i)));
    rows.image.push((images.get(i) as Uint8Array).slice());
    rows.label.push(String(labels.get(i)));
  }
  return rows;
}

export const hfFeatures = (extra: Record<string, unknown> = {}) => ({
  id: { dtype: 'int32', _type: 'Value' },
  image: { _type: 'Image' },
  label: { names: FASHION_NAMES, _type: 'ClassLabel' },
  ...extra,
});

const hfMeta = () => ({ huggingface: JSON.stringify({ info: { features: hfFeatures() } }) });

function slices(n: number, shards: number): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 0; k < shards; k++)
    out.push([Math.floor((k * n) / shards), Math.floor(((k + 1) * n) / shards)]);
  return out;
}

const shardName = (stem: string, k: number, of: number, ext: string) =>
  `${stem}-${String(k).padStart(5, '0')}-of-${String(of).padStart(5, '0')}.${ext}`;

export function hfParquetShard(rows: Rows, a: number, b: number, meta = hfMeta()): Uint8Array {
  return writeParquet(
    [
      {
        name: 'image',
        type: 'struct',
        children: [
          { name: 'bytes', type: 'bytes', values: rows.image.slice(a, b) },
          { name: 'path', type: 'utf8', values: rows.id.slice(a, b).map((id) => `${id}.png`) },
        ],
      },
      { name: 'label', type: 'int32', values: rows.label.slice(a, b).map((l) => FASHION_NAMES.indexOf(l)) },
      { name: 'id', type: 'int32', values: rows.id.slice(a, b) },
    ],
    meta,
  );
}

/** `data/train-0000k-of-0000N.parquet` as the hub's Parquet export writes them. */
export function writeHfParquet(dir: string, rows: Rows, shards = 2, split = 'train'): string[] {
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  return slices(rows.id.length, shards).map(([a, b], k) => {
    const file = path.join(dir, 'data', shardName(split, k, shards, 'parquet'));
    fs.writeFileSync(file, hfParquetShard(rows, a, b));
    return file;
  });
}

const IMAGE_STRUCT = new Struct([
  new Field('bytes', new Binary(), true),
  new Field('path', new Utf8(), true),
]);

/** One Arrow stream shard as `datasets` writes it: image struct, int32 ClassLabel, id, metadata. */
export function hfArrowShard(
  rows: Rows,
  a: number,
  b: number,
  image: (i: number) => { bytes: Uint8Array | null; path: string | null } = (i) => ({
    bytes: rows.image[i],
    path: null,
  }),
): Uint8Array {
  const idx = Array.from({ length: b - a }, (_, k) => a + k);
  const structs = idx.map(image);
  const imageVec = vectorFromArray(structs, IMAGE_STRUCT);
  const labelVec = makeVector(Int32Array.from(idx, (i) => FASHION_NAMES.indexOf(rows.label[i])));
  const idVec = makeVector(Int32Array.from(idx, (i) => rows.id[i]));
  const schema = new Schema(
    [
      new Field('image', IMAGE_STRUCT, true),
      new Field('label', new Int32(), true),
      new Field('id', new Int32(), true),
    ],
    new Map(Object.entries(hfMeta())),
  );
  const data = makeData({
    type: new Struct(schema.fields),
    length: b - a,
    children: [imageVec.data[0], labelVec.data[0], idVec.data[0]],
  });
  return tableToIPC(new Table(schema, new RecordBatch(schema, data)), 'stream');
}

/** A `save_to_disk` folder: dataset_info.json, state.json and data-0000k-of-0000N.arrow shards. */
export function writeHfSaved(dir: string, rows: Rows, shards = 2): void {
  fs.mkdirSync(dir, { recursive: true });
  const files = slices(rows.id.length, shards).map(([a, b], k) => {
    const name = shardName('data', k, shards, 'arrow');
    fs.writeFileSync(path.join(dir, name), hfArrowShard(rows, a, b));
    return { filename: name };
  });
  fs.writeFileSync(path.join(dir, 'dataset_info.json'), JSON.stringify({ features: hfFeatures() }));
  fs.writeFileSync(path.join(dir, 'state.json'), JSON.stringify({ _data_files: files, _split: 'train' }));
}

/** One ustar member header + padded body. */
export function tarMember(name: string, data: Uint8Array): Uint8Array {
  const header = new Uint8Array(512);
  const put = (s: string, at: number) => header.set(new TextEncoder().encode(s), at);
  put(name, 0);
  put('0000644\0', 100);
  put('0000000\0', 108);
  put('0000000\0', 116);
  put(data.length.toString(8).padStart(11, '0') + '\0', 124);
  put('00000000000\0', 136);
  header[156] = 0x30;
  put('ustar\0', 257);
  put('00', 263);
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of header) sum += b;
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  const out = new Uint8Array(512 + Math.ceil(data.length / 512) * 512);
  out.set(header);
  out.set(data, 512);
  return out;
}

export function tarOf(members: [string, Uint8Array | string][], end = true): Uint8Array {
  const parts = members.map(([n, d]) =>
    tarMember(n, typeof d === 'string' ? new TextEncoder().encode(d) : d),
  );
  if (end) parts.push(new Uint8Array(1024));
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** WebDataset shards: `NNNNNN.png` + `NNNNNN.json` ({"id", "label": the class name}). */
export function writeWebDataset(dir: string, rows: Rows, shards = 2, cls = false): void {
  fs.mkdirSync(dir, { recursive: true });
  slices(rows.id.length, shards).forEach(([a, b], k) => {
    const members: [string, Uint8Array | string][] = [];
    for (let i = a; i < b; i++) {
      const key = String(rows.id[i]).padStart(6, '0');
      members.push([`${key}.png`, rows.image[i]]);
      if (cls) members.push([`${key}.cls`, String(FASHION_NAMES.indexOf(rows.label[i]))]);
      else members.push([`${key}.json`, JSON.stringify({ id: rows.id[i], label: rows.label[i] })]);
    }
    fs.writeFileSync(path.join(dir, `shard-${String(k).padStart(6, '0')}.tar`), tarOf(members));
  });
}

/** Kaggle style: train.csv (image_id,label) and the images as train/<image_id>.png. */
export function writeCsvFolder(dir: string, rows: Rows): void {
  fs.mkdirSync(path.join(dir, 'train'), { recursive: true });
  const lines = ['image_id,label'];
  rows.id.forEach((id, i) => {
    lines.push(`${id},${rows.label[i]}`);
    fs.writeFileSync(path.join(dir, 'train', `${id}.png`), rows.image[i]);
  });
  fs.writeFileSync(path.join(dir, 'train.csv'), lines.join('\n') + '\n');
}
