// Bad shapes of the ML-world layouts: each a one-line warning or error naming the file, never a
// crash. Plus splits, .cls labels and paths that must never be followed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inferRoles, loadDataset } from '../../../src/core/data';
import { splitNames } from '../../../src/core/data/hf-layout';
import { sourcesFromPath } from '../../../src/core/data/node-source';
import { unsafePathReason } from '../../../src/core/data/paths';
import { sourceFromBytes } from '../../../src/core/data/source';
import { DATASETS, column, loadError, loadPath } from './helpers';
import {
  FASHION_NAMES,
  hfArrowShard,
  hfParquetShard,
  readRows,
  tarOf,
  writeHfParquet,
  writeHfSaved,
  type Rows,
} from './layouts';
import { writeParquet } from './parquet-writer';

let root: string;
let rows: Rows;
const dir = (name: string) => path.join(root, name);
const warningsOf = (d: { warnings: { file: string; message: string }[] }) =>
  d.warnings.map((w) => `${w.file}: ${w.message}`);

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-bad-layouts-'));
  rows = readRows(path.join(DATASETS, 'fashion-badnets/data.arrow'), 60);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('Hugging Face layouts: splits and bad shapes', () => {
  it('a shard missing from a numbered series: a warning naming it, the rest loads', async () => {
    const files = writeHfParquet(dir('gap'), rows, 3);
    fs.rmSync(files[1]);
    const d = await loadPath(dir('gap'));
    expect(d.frame.numRows).toBe(40);
    expect(warningsOf(d).join('\n')).toContain(
      'data/train-00001-of-00003.parquet is missing from the numbered series; loaded 2 of 3 shards',
    );
  });

  it('a shard with another schema in the split: an error naming that shard', async () => {
    writeHfParquet(dir('schema'), rows, 2);
    fs.writeFileSync(
      path.join(dir('schema'), 'data/train-00001-of-00002.parquet'),
      writeParquet([{ name: 'text', type: 'utf8', values: ['a', 'b'] }]),
    );
    const e = await loadError(loadPath(dir('schema')));
    expect(e.file).toBe('data/train-00001-of-00002.parquet');
    expect(e.message).toMatch(/differ from data\/train-00000-of-00002\.parquet's .*share one schema/);
  });

  it('splits with different schemas: train by default, another by name, an unknown one is an error', async () => {
    writeHfParquet(dir('splits'), rows, 1, 'train');
    fs.writeFileSync(
      path.join(dir('splits'), 'data/test-00000-of-00001.parquet'),
      writeParquet([
        { name: 'text', type: 'utf8', values: ['good movie', 'bad movie', 'fine'] },
        { name: 'label', type: 'int32', values: [1, 0, 1] },
      ]),
    );
    const files = await sourcesFromPath(dir('splits'));
    expect(splitNames(files.map((f) => f.name))).toEqual(['test', 'train']);
    const train = await loadDataset(files);
    expect(train.split).toBe('train');
    expect(train.splits?.map((sp) => sp.name)).toEqual(['test', 'train']);
    expect(train.splits?.[0].shards).toEqual(['data/test-00000-of-00001.parquet']);
    expect(train.frame.numRows).toBe(60);
    expect(warningsOf(train).join('\n')).toContain('splits: test, train; loaded "train"');
    const test = await loadDataset(files, { split: 'test' });
    expect(test.frame.numRows).toBe(3);
    expect(test.frame.columns.map((c) => c.name)).toEqual(['text', 'label']);
    const e = await loadError(loadDataset(files, { split: 'validation' }));
    expect(e.message).toBe('no split "validation" (splits: test, train)');
  });

  it('the older <config>/<split>/0000.parquet layout', async () => {
    fs.mkdirSync(path.join(dir('old'), 'default/train'), { recursive: true });
    fs.mkdirSync(path.join(dir('old'), 'default/test'), { recursive: true });
    fs.writeFileSync(path.join(dir('old'), 'default/train/0000.parquet'), hfParquetShard(rows, 0, 40));
    fs.writeFileSync(path.join(dir('old'), 'default/test/0000.parquet'), hfParquetShard(rows, 40, 60));
    const d = await loadPath(dir('old'));
    expect([d.split, d.frame.numRows]).toEqual(['train', 40]);
    expect(column(d, 'label').values[0]).toBe(rows.label[0]);
  });

  it('a ClassLabel index out of range: one warning naming the file, that label missing', async () => {
    const bad = { ...rows, label: [...rows.label] };
    fs.mkdirSync(path.join(dir('range'), 'data'), { recursive: true });
    const shard = hfParquetShard(bad, 0, 10);
    fs.writeFileSync(path.join(dir('range'), 'data/train-00000-of-00001.parquet'), shard);
    // Rewrite one label index to 12 (10 names) through a shard with that value.
    const labels = bad.label.slice(0, 10).map((l, i) => (i === 3 ? 12 : FASHION_NAMES.indexOf(l)));
    fs.writeFileSync(
      path.join(dir('range'), 'data/train-00000-of-00001.parquet'),
      writeParquet(
        [
          { name: 'label', type: 'int32', values: labels },
          { name: 'id', type: 'int32', values: bad.id.slice(0, 10) },
        ],
        {
          huggingface: JSON.stringify({
            info: {
              features: {
                label: {
                  _type: 'ClassLabel',
                  names: FASHION_NAMES,
                },
              },
            },
          }),
        },
      ),
    );
    const d = await loadPath(dir('range'));
    const lines = warningsOf(d).filter((w) => w.includes('out of range'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      'data/train-00000-of-00001.parquet: column "label": 1 ClassLabel indices out of range (e.g. 12; 10 names) in rows 3',
    );
    expect(column(d, 'label').values[3]).toBeNull();
  });

  it('save_to_disk: an image struct with only a path is read from the folder; neither bytes nor path, or a path outside, is a row error', async () => {
    writeHfSaved(dir('saved'), rows, 1);
    fs.mkdirSync(path.join(dir('saved'), 'images'));
    fs.writeFileSync(path.join(dir('saved'), 'images/1.png'), rows.image[1]);
    fs.writeFileSync(path.join(root, 'secret.png'), rows.image[2]);
    const image = (i: number) =>
      i === 1
        ? { bytes: null, path: 'images/1.png' }
        : i === 2
          ? { bytes: null, path: '../secret.png' }
          : i === 3
            ? { bytes: null, path: null }
            : i === 4
              ? { bytes: null, path: 'https://example.com/4.png' }
              : i === 5
                ? { bytes: null, path: '/etc/5.png' }
                : { bytes: rows.image[i], path: null };
    fs.writeFileSync(path.join(dir('saved'), 'data-00000-of-00001.arrow'), hfArrowShard(rows, 0, 60, image));
    const d = await loadPath(dir('saved'));
    expect(d.format).toBe('arrow-stream');
    const img = column(d, 'image').values;
    expect(Buffer.compare(img[1] as Uint8Array, rows.image[1])).toBe(0);
    expect(img[2]).toBeNull();
    const errors = Object.fromEntries(d.rowErrors.map((e) => [e.row, e.message]));
    expect(errors[2]).toBe(
      'image path "../secret.png" is outside the dataset folder; skipped (only files inside what was given are read)',
    );
    expect(errors[3]).toBe('column "image": the image has neither bytes nor a path');
    expect(errors[4]).toContain('is a URL; skipped');
    expect(errors[5]).toContain('is an absolute path; skipped');
    expect(errors[1]).toBeUndefined();
    // ClassLabel names come from dataset_info.json when the schema has none, too.
    expect(inferRoles(d.frame).roles).toMatchObject({ image: 'image', label: 'label', id: 'id' });
  });
});

describe('Hugging Face features and DatasetDict', () => {
  it('a DatasetDict folder: one split per folder, train by default, --split picks another', async () => {
    writeHfSaved(path.join(dir('dict'), 'train'), rows.id.length ? rows : rows, 1);
    writeHfSaved(
      path.join(dir('dict'), 'test'),
      { id: rows.id.slice(0, 7), image: rows.image.slice(0, 7), label: rows.label.slice(0, 7) },
      1,
    );
    fs.writeFileSync(
      path.join(dir('dict'), 'dataset_dict.json'),
      JSON.stringify({ splits: ['train', 'test'] }),
    );
    const files = await sourcesFromPath(dir('dict'));
    const d = await loadDataset(files);
    expect([d.split, d.frame.numRows]).toEqual(['train', 60]);
    const t = await loadDataset(files, { split: 'test' });
    expect([t.split, t.frame.numRows]).toEqual(['test', 7]);
    expect(column(t, 'label').values[0]).toBe(rows.label[0]);
  });

  it('Sequence(float32) is an embedding, Value(string) text, from the schema metadata of a single file', async () => {
    const meta = {
      huggingface: JSON.stringify({
        info: {
          features: {
            caption: { dtype: 'string', _type: 'Value' },
            label: { names: ['neg', 'pos'], _type: 'ClassLabel' },
            emb: { feature: { dtype: 'float32', _type: 'Value' }, _type: 'Sequence' },
          },
        },
      }),
    };
    const { tableToIPC, tableFromArrays, vectorFromArray, List, Float32, Field, Table, Schema } =
      await import('apache-arrow');
    const emb = vectorFromArray(
      [
        [0.1, 0.2],
        [0.3, 0.4],
        [0.5, 0.6],
        [0.7, 0.8],
      ],
      new List(new Field('item', new Float32(), true)),
    );
    const base = tableFromArrays({ caption: ['ok', 'no', 'ok', 'no'], label: Int32Array.from([1, 0, 1, 0]) });
    const withEmb = new Table({ caption: base.getChild('caption')!, label: base.getChild('label')!, emb });
    const table = new Table(
      new Schema(withEmb.schema.fields, new Map(Object.entries(meta))),
      withEmb.batches,
    );
    const d = await loadDataset([sourceFromBytes('train.arrow', tableToIPC(table, 'file'))]);
    const { roles } = inferRoles(d.frame);
    expect(roles).toEqual({ caption: 'text', label: 'label', emb: 'embedding' });
    expect(column(d, 'label').values).toEqual(['pos', 'neg', 'pos', 'neg']);
  });
});

describe('Audio features', () => {
  it('an Audio struct (same shape as Image) is neither an image nor a missing file', async () => {
    const features = {
      audio: { _type: 'Audio', sampling_rate: 16000 },
      label: { _type: 'ClassLabel', names: ['no', 'yes'] },
    };
    const bytes = writeParquet(
      [
        {
          name: 'audio',
          type: 'struct',
          children: [
            { name: 'bytes', type: 'bytes', values: [null, null, null] },
            { name: 'path', type: 'utf8', values: ['a.wav', 'b.wav', 'c.wav'] },
          ],
        },
        { name: 'label', type: 'int32', values: [0, 1, 0] },
      ],
      { huggingface: JSON.stringify({ info: { features } }) },
    );
    const d = await loadDataset([sourceFromBytes('train-00000-of-00001.parquet', bytes)]);
    expect(d.rowErrors).toEqual([]);
    expect(inferRoles(d.frame).roles).toEqual({ audio: 'ignore', label: 'label' });
  });
});

describe('Parquet codecs', () => {
  const cols = () => [
    { name: 'label', type: 'utf8' as const, values: ['a', 'b', 'a'] },
    { name: 'x', type: 'double' as const, values: [1, 2, 3] },
  ];
  it('GZIP pages are read (fflate)', async () => {
    const d = await loadDataset([sourceFromBytes('g.parquet', writeParquet(cols(), {}, 'gzip'))]);
    expect(column(d, 'label').values).toEqual(['a', 'b', 'a']);
  });
  it('a codec Assay cannot read is one clear line naming the file', async () => {
    const e = await loadError(loadDataset([sourceFromBytes('z.parquet', writeParquet(cols(), {}, 'zstd'))]));
    expect(`${e.file}: ${e.message}`).toBe(
      'z.parquet: Parquet compressed with ZSTD, which Assay cannot read (it reads uncompressed, Snappy and GZIP); re-save it with Snappy',
    );
  });
});

describe('WebDataset', () => {
  const png = () => rows.image[0];
  const load = (name: string, bytes: Uint8Array) => loadDataset([sourceFromBytes(name, bytes)]);

  it('.cls labels; .txt text; JSON fields as columns; a chosen JSON field as the label ignores .cls', async () => {
    const tar = tarOf([
      ['a/000.png', png()],
      ['a/000.cls', '3'],
      ['a/000.json', '{"source": "x", "fine": "cat"}'],
      ['a/000.txt', 'a photo of a cat on a mat'],
      ['a/001.png', png()],
      ['a/001.cls', '5'],
      ['a/001.json', '{"source": "y", "fine": "dog"}'],
      ['a/001.txt', 'a photo of a dog on a log'],
    ]);
    const d = await load('shard-000000.tar', tar);
    expect(d.format).toBe('webdataset');
    expect(d.frame.columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      'key:string',
      'image:binary',
      'label:number',
      'txt:string',
      'source:string',
      'fine:string',
    ]);
    expect(Array.from(column(d, 'label').values as Float64Array)).toEqual([3, 5]);
    expect(column(d, 'key').values).toEqual(['a/000', 'a/001']);
    const chosen = inferRoles(d.frame, { label: 'fine' });
    expect(chosen.roles.label).toBe('ignore');
    expect(chosen.warnings.join('\n')).toContain(
      'column "label" is declared a label but another column is the label',
    );
  });

  it('a .cls that is not a number: one warning naming the file, that label missing', async () => {
    const tar = tarOf([
      ['000.png', png()],
      ['000.cls', '1'],
      ['001.png', png()],
      ['001.cls', 'cat'],
    ]);
    const d = await load('s.tar', tar);
    expect(warningsOf(d).join('\n')).toContain(
      '1 .cls files are not a number, their labels are missing: s.tar: 001.cls ("cat")',
    );
    expect(d.rowErrors).toEqual([{ row: 1, message: 's.tar: 001.cls is not a number; no label' }]);
    expect(Number.isNaN((column(d, 'label').values as Float64Array)[1])).toBe(true);
  });

  it('a tar with a truncated member: a warning naming the tar and member, the samples before kept', async () => {
    const whole = tarOf(
      [
        ['000.png', png()],
        ['000.cls', '1'],
        ['001.png', png()],
        ['001.cls', '2'],
      ],
      false,
    );
    const cut = whole.subarray(0, whole.length - 300);
    const d = await load('cut.tar', cut);
    expect(d.frame.numRows).toBe(1);
    expect(warningsOf(d).join('\n')).toMatch(
      /cut\.tar: member "001\.cls" is truncated .*; the rest of this shard is skipped/,
    );
  });

  it('a tar cut inside a member header: a warning, the complete samples kept', async () => {
    const whole = tarOf(
      [
        ['000.png', png()],
        ['000.cls', '1'],
        ['001.png', png()],
      ],
      false,
    );
    const d = await load('cut2.tar', whole.subarray(0, whole.length - png().length - 200));
    expect(d.frame.numRows).toBe(1);
    expect(warningsOf(d).join('\n')).toMatch(
      /cut2\.tar: (a member header at byte \d+|member "001\.png") is truncated/,
    );
  });

  it('a tar that is damaged from the start is an error naming it', async () => {
    const whole = tarOf([['000.png', png()]]);
    whole[0] ^= 0xff;
    const bytes = whole.slice();
    bytes.set(new TextEncoder().encode('ustar'), 257);
    const e = await loadError(load('bad.tar', bytes));
    expect(e.file).toBe('bad.tar');
    expect(e.message).toContain('bad checksum');
  });
});

describe('images listed by a table', () => {
  it('bare names resolved in a sibling folder; unsafe and missing paths are one row error each', async () => {
    const d0 = dir('listed');
    fs.mkdirSync(path.join(d0, 'train'), { recursive: true });
    const lines = ['file,label'];
    for (let i = 0; i < 6; i++) {
      fs.writeFileSync(path.join(d0, 'train', `img${i}.png`), rows.image[i]);
      lines.push(`img${i},${rows.label[i]}`);
    }
    lines.push('../outside.png,Coat', 'C:\\x\\y.png,Coat', 'file:///etc/x.png,Coat', 'img99,Coat');
    fs.writeFileSync(path.join(d0, 'labels.csv'), lines.join('\n'));
    const d = await loadPath(d0);
    expect(d.frame.numRows).toBe(10);
    const img = column(d, 'image').values;
    for (let i = 0; i < 6; i++) expect(Buffer.compare(img[i] as Uint8Array, rows.image[i])).toBe(0);
    expect(d.rowErrors.map((e) => e.message)).toEqual([
      'image path "../outside.png" is outside the dataset folder; skipped (only files inside what was given are read)',
      'image path "C:\\x\\y.png" is an absolute path; skipped (only files inside what was given are read)',
      'image path "file:///etc/x.png" is a URL; skipped (only files inside what was given are read)',
      'image "img99" not found among the given files',
    ]);
  });

  it('an id column that also matches the file names does not add a second image column', async () => {
    const d0 = dir('both');
    fs.mkdirSync(path.join(d0, 'images'), { recursive: true });
    const lines = ['id,image_path,label'];
    for (let i = 0; i < 6; i++) {
      fs.writeFileSync(path.join(d0, 'images', `${i}.png`), rows.image[i]);
      lines.push(`${i},images/${i}.png,${rows.label[i]}`);
    }
    fs.writeFileSync(path.join(d0, 'data.csv'), lines.join('\n'));
    const d = await loadPath(d0);
    expect(d.frame.columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      'id:number',
      'image_path:string',
      'label:string',
      'image:binary',
    ]);
  });

  it('unsafePathReason', () => {
    expect(unsafePathReason('a/b.png')).toBeNull();
    expect(unsafePathReason('../b.png', 'sub')).toBeNull();
    expect(unsafePathReason('../../b.png', 'sub')).toBe('outside the dataset folder');
    expect(unsafePathReason('/b.png')).toBe('an absolute path');
    expect(unsafePathReason('\\\\server\\share\\b.png')).toBe('an absolute path');
    expect(unsafePathReason('http://x/b.png')).toBe('a URL');
    expect(unsafePathReason('data:image/png;base64,AAAA')).toBe('a URL');
  });
});
