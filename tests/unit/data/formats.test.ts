import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { inferRoles, loadDataset, sniffFormat, sourceFromBytes } from '../../../src/core/data';
import { arrowBytes, grayPng, rgbJpeg } from './fixtures';
import { column, encode, loadError } from './helpers';

const load = (name: string, bytes: Uint8Array) => loadDataset([sourceFromBytes(name, bytes)]);

function utf16(text: string, bigEndian: boolean): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out.set(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + i * 2] = bigEndian ? c >> 8 : c & 0xff;
    out[3 + i * 2] = bigEndian ? c & 0xff : c >> 8;
  }
  return out;
}

describe('sniffFormat', () => {
  const cases: [string, Uint8Array, string][] = [
    ['arrow file', arrowBytes('file'), 'arrow'],
    ['arrow stream', arrowBytes('stream'), 'arrow-stream'],
    ['parquet magic', encode('PAR1\x15\x04'), 'parquet'],
    ['zip', zipSync({ 'a.txt': encode('x') }), 'zip'],
    ['png', grayPng(2, 2), 'png'],
    ['jpeg', rgbJpeg(2, 2), 'jpeg'],
    ['json array', encode('  [{"a": 1}]'), 'json'],
    ['pretty json object', encode('{\n  "a": [1, 2]\n}'), 'json'],
    ['jsonl', encode('{"a": 1}\n{"a": 2}\n'), 'jsonl'],
    ['csv', encode('a,b\n1,2\n3,4\n'), 'csv'],
    ['semicolon csv', encode('a;b\n1,5;2\n3;4\n'), 'csv'],
    ['tsv', encode('a\tb\n1\t2\n3\t4\n'), 'tsv'],
    ['utf-16 tsv', utf16('a\tb\n1\t2\n', false), 'tsv'],
    ['binary junk', Uint8Array.from({ length: 64 }, (_, i) => (i * 37) % 7), 'unknown'],
    ['empty', new Uint8Array(0), 'unknown'],
  ];
  it.each(cases)('%s', (_label, bytes, expected) => {
    expect(sniffFormat(bytes, 'whatever.bin')).toBe(expected);
  });

  it('ignores the extension', () => {
    expect(sniffFormat(encode('a,b\n1,2\n'), 'data.arrow')).toBe('csv');
    expect(sniffFormat(arrowBytes('file'), 'data.csv')).toBe('arrow');
  });
});

describe('Arrow', () => {
  for (const kind of ['file', 'stream'] as const) {
    it(`${kind} format: numbers, strings, vectors, binary views`, async () => {
      const bytes = arrowBytes(kind);
      const d = await load(`t.${kind === 'file' ? 'arrow' : 'arrows'}`, bytes);
      expect(d.format).toBe(kind === 'file' ? 'arrow' : 'arrow-stream');
      expect(d.frame.numRows).toBe(4);
      expect(column(d, 'id').values).toEqual(Float64Array.from([0, 1, 2, 3]));
      expect(column(d, 'label').values).toEqual(['cat', 'dog', null, 'cat']);
      const emb = column(d, 'emb');
      expect(emb.type).toBe('vector');
      expect(emb.values[1]).toEqual(Float32Array.from([4, 5, 6]));
      expect(emb.values[3]).toBeNull();
      expect(column(d, 'tags').values[1]).toEqual(Float32Array.from([2, 3]));
      const image = column(d, 'image').values[0] as Uint8Array;
      expect(image.buffer).toBe(bytes.buffer); // a view, not a copy
      expect(d.rowErrors).toEqual([]);
      expect(d.warnings).toEqual([]);
      const r = inferRoles(d.frame);
      expect(r.roles).toMatchObject({ id: 'id', label: 'label', emb: 'embedding', image: 'image' });
    });
  }

  it('a stream cut inside a message is rejected', async () => {
    const bytes = arrowBytes('stream');
    const e = await loadError(load('cut.arrows', bytes.subarray(0, bytes.length - 100)));
    expect(e.message).toMatch(/truncated or invalid Arrow stream/);
  });
});

describe('JSON and JSONL', () => {
  it('JSON array of objects, with embeddings and missing keys', async () => {
    const json = JSON.stringify([
      { id: 'a', x: 1.5, label: 'cat', emb: [0.1, 0.2] },
      { id: 'b', x: 'NaN', label: 'dog', emb: [0.3, 0.4] },
      { id: 'c', label: 'cat', emb: null, ok: true },
    ]);
    const d = await load('rows.json', encode(json));
    expect(d.format).toBe('json');
    expect(d.frame.numRows).toBe(3);
    const x = column(d, 'x');
    expect(x.type).toBe('number');
    expect(Array.from(x.values as Float64Array).map((v) => (Number.isNaN(v) ? null : v))).toEqual([
      1.5,
      null,
      null,
    ]);
    expect(column(d, 'emb').type).toBe('vector');
    expect(column(d, 'emb').values[1]).toEqual(Float32Array.from([0.3, 0.4]));
    expect(column(d, 'ok').type).toBe('bool');
    expect(column(d, 'ok').values).toEqual([null, null, true]);
  });

  it('JSON object of columns', async () => {
    const d = await load('cols.json', encode('{"a": [1, 2, 3], "label": ["x", "y", "x"]}'));
    expect(d.frame.numRows).toBe(3);
    expect(column(d, 'a').values).toEqual(Float64Array.from([1, 2, 3]));
  });

  it('JSONL with a blank line and CRLF', async () => {
    const d = await load(
      'rows.jsonl',
      encode('{"t": "hello", "label": 1}\r\n\r\n{"t": "bye", "label": 0}\r\n'),
    );
    expect(d.format).toBe('jsonl');
    expect(d.frame.numRows).toBe(2);
    expect(column(d, 't').values).toEqual(['hello', 'bye']);
  });

  it('JSONL with a broken line names it', async () => {
    const e = await loadError(load('bad.jsonl', encode('{"a": 1}\n{"a": 2}\n{"a": \n')));
    expect(e.message).toBe('line 3 is not valid JSON');
  });

  it('JSON that is not a table is rejected', async () => {
    const e = await loadError(load('n.json', encode('[1, 2, 3]')));
    expect(e.message).toMatch(/item 0 is not an object/);
  });
});

describe('text encodings and delimiters', () => {
  const csv = 'id,name,label\n0,Zoë,a\n1,Ångström,b\n';
  it.each([false, true])('UTF-16 with BOM (big endian: %s)', async (be) => {
    const d = await load('u16.csv', utf16(csv, be));
    expect(d.frame.columns[0].name).toBe('id');
    expect(column(d, 'name').values).toEqual(['Zoë', 'Ångström']);
  });

  it('TSV', async () => {
    const d = await load('t.tsv', encode('id\ttext\tlabel\n0\ta, b\tx\n1\tc\ty\n'));
    expect(d.format).toBe('tsv');
    expect(column(d, 'text').values).toEqual(['a, b', 'c']);
  });

  it('a mostly-text column stays text (hex and "1,5" are not numbers)', async () => {
    const d = await load('h.csv', encode('id,code\n0,0x1F\n1,0x20\n2,5\n'));
    expect(column(d, 'code').type).toBe('string');
    expect(column(d, 'code').values).toEqual(['0x1F', '0x20', '5']);
  });

  it('a trailing delimiter on every row is tolerated', async () => {
    const d = await load('t.csv', encode('a,b\n1,2,\n3,4,\n'));
    expect(d.frame.columns.map((c) => c.name)).toEqual(['a', 'b']);
    expect(d.warnings.some((w) => /empty fields after the last column/.test(w.message))).toBe(true);
  });

  it('binary junk is an unrecognised format', async () => {
    const e = await loadError(
      load(
        'x.bin',
        Uint8Array.from({ length: 100 }, (_, i) => (i * 13) % 5),
      ),
    );
    expect(e.message).toMatch(/unrecognised format/);
  });
});

describe('image folders and zips', () => {
  const classFolders = (): Record<string, Uint8Array> => ({
    'Sneaker/001.png': grayPng(8, 8, 10),
    'Sneaker/002.png': grayPng(8, 8, 20),
    'Bag/001.png': grayPng(8, 8, 30),
    'Bag/002.jpg': rgbJpeg(8, 8),
    'Bag/003.png': encode('not an image at all, just text'),
  });

  it('a dropped folder of class sub-folders', async () => {
    const files = Object.entries(classFolders()).map(([name, bytes]) => sourceFromBytes(name, bytes));
    const d = await loadDataset(files);
    expect(d.format).toBe('images');
    expect(d.frame.columns.map((c) => c.name)).toEqual(['id', 'path', 'image', 'label']);
    // Bag/003.png holds text: still a row (its name says image), with a row error.
    expect(d.frame.numRows).toBe(5);
    expect(column(d, 'label').values).toEqual(['Bag', 'Bag', 'Bag', 'Sneaker', 'Sneaker']);
    expect(column(d, 'path').values[0]).toBe('Bag/001.png');
    expect(d.rowErrors).toEqual([
      { row: 2, message: 'undecodable image in column "image": not a PNG or JPEG image' },
    ]);
    expect(inferRoles(d.frame).roles).toEqual({ id: 'id', path: 'ignore', image: 'image', label: 'label' });
  });

  it('a zip of class folders, with a corrupt image as a row error', async () => {
    const entries = classFolders();
    const broken = grayPng(8, 8, 40);
    broken.fill(0x55, 45, broken.length - 12); // scramble IDAT, keep header and IEND position
    entries['fashion/Sneaker/003.png'] = broken;
    const nested: Record<string, Uint8Array> = {};
    for (const [k, v] of Object.entries(entries)) if (!k.startsWith('fashion/')) nested[`fashion/${k}`] = v;
    nested['fashion/Sneaker/003.png'] = broken;
    nested['__MACOSX/fashion/._001.png'] = encode('junk');
    const zip = zipSync(nested);
    const d = await load('fashion.zip', zip);
    expect(d.format).toBe('zip');
    expect(d.name).toBe('fashion.zip');
    expect(d.frame.numRows).toBe(6);
    expect(column(d, 'label').values).toEqual(['Bag', 'Bag', 'Bag', 'Sneaker', 'Sneaker', 'Sneaker']);
    expect(d.rowErrors.map((e) => e.row)).toEqual([2, 5]);
    expect(d.rowErrors[1].message).toMatch(/corrupt PNG/);
    expect(column(d, 'path').values[5]).toBe('fashion/Sneaker/003.png');
    expect(d.files).toHaveLength(1);
    expect(d.files[0].bytes).toBe(zip.length);
  });

  it('a zip holding a CSV and its images', async () => {
    const zip = zipSync({
      'set/data.csv': encode('id,file,label\n0,img/a.png,x\n1,img/b.png,y\n2,img/missing.png,x\n'),
      'set/img/a.png': grayPng(4, 4, 1),
      'set/img/b.png': grayPng(4, 4, 2),
    });
    const d = await load('set.zip', zip);
    expect(d.format).toBe('zip');
    expect(d.frame.numRows).toBe(3);
    const image = column(d, 'image');
    expect(image.type).toBe('binary');
    expect(image.values[2]).toBeNull();
    expect(d.rowErrors).toEqual([
      { row: 2, message: 'image "img/missing.png" not found among the given files' },
    ]);
  });

  it('a corrupt zip is an InputError', async () => {
    const zip = zipSync({ 'a.csv': encode('a,b\n1,2\n') });
    const e = await loadError(load('bad.zip', zip.subarray(0, 30)));
    expect(e.message).toMatch(/zip/);
  });
});

describe('CSV quoting', () => {
  it('a stray quote inside one line is kept, with a warning naming the line', async () => {
    const d = await loadDataset([sourceFromBytes('q.csv', encode('id,t\n0,ok\n1,"ab"c,"d"\n2,fine\n'))]);
    expect(d.frame.numRows).toBe(3);
    expect(column(d, 't').values).toEqual(['ok', 'ab"c,"d', 'fine']);
    expect(d.warnings.some((w) => /malformed quotes on line 3/.test(w.message))).toBe(true);
  });

  it('a quote that never closes at EOF names its line', async () => {
    const e = await loadError(
      loadDataset([sourceFromBytes('q.csv', encode('id,t\n0,ok\n1,ok\n2,"never\n3,x\n'))]),
    );
    expect(e.message).toBe('unterminated quoted field: the quote opened on line 4 is never closed');
  });
});
