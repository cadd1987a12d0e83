// The streamed CSV loader: whatever the chunking, it gives what a whole-text parse gives (cells,
// column types, warnings, error lines), it never needs the whole file, and it keeps big files'
// numbers as numbers.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../../src/core/data';
import { inferTextColumn, TextColumnBuilder } from '../../../src/core/data/cells';
import { parseDelimited } from '../../../src/core/data/csv';
import { parseTable } from '../../../src/core/data/parse-table';
import { cleanHeaders } from '../../../src/core/data/headers';
import { defaultLimits, resolveLimits } from '../../../src/core/data/limits';
import type { Frame, SourceFile } from '../../../src/core/types';
import { encode, loadError } from './helpers';

/** A source whose stream() hands out `size`-byte chunks (and whose bytes() may be forbidden). */
function chunked(name: string, bytes: Uint8Array, size: number, wholeAllowed = true): SourceFile {
  return {
    name,
    size: bytes.byteLength,
    bytes: async () => {
      if (!wholeAllowed) throw new Error('read whole');
      return bytes;
    },
    async *stream() {
      for (let i = 0; i < bytes.byteLength; i += size) yield bytes.subarray(i, i + size);
    },
  };
}

/**
 * Parses in `size`-byte chunks. Small files are held back whole for papaparse's guesses unless
 * `guess` says otherwise: the boundary tests give it a few rows' worth (delimiter given), so that
 * records, quotes, CRLF pairs and multi-byte characters really do straddle chunks.
 */
const parse = (bytes: Uint8Array, size: number, limits = defaultLimits, delimiter?: string, guess?: number) =>
  parseDelimited(
    chunked('t.csv', bytes, size),
    bytes.subarray(0, 65536),
    limits,
    undefined,
    delimiter,
    guess,
  );

/** What the whole-text loader did: papaparse on the full string, then one inferTextColumn per column. */
function wholeText(text: string): Frame {
  const rows = Papa.parse<string[]>(text, { delimiter: '', skipEmptyLines: true }).data;
  const names = cleanHeaders(rows[0]).names;
  const columns = names.map((name, c) =>
    inferTextColumn(
      name,
      rows.slice(1).map((r) => r[c] ?? ''),
    ),
  );
  return { columns: columns.map((x) => x.column), numRows: rows.length - 1 };
}

const plain = (f: Frame) => ({
  numRows: f.numRows,
  columns: f.columns.map((c) => ({ ...c, values: Array.from(c.values as ArrayLike<unknown>) })),
});

const SAMPLES: Record<string, string> = {
  quoted: 'id,text,label\n1,"hello, world",a\n2,"line one\nline two",b\n3,"she said ""hi""",a\n4,plain,b\n',
  crlf:
    'id,text,label\r\n' +
    Array.from(
      { length: 12 },
      (_, i) => `${i},${i % 3 ? `"a ${i}\r\nb"` : i % 2 ? '""' : `c${i}`},x\r\n`,
    ).join(''),
  unicode: 'id,name,x\n1,Café crème,1.5\n2,日本語のテキスト,2\n3,emoji 🎉🎉 party,3\n4,Ünïcödé,NaN\n',
  blanks: 'a,b\n\n1,2\n\n\n3,4\n5,6\n',
  numbers: 'a,b,c\n1,1.50,x\n2,007,y\n3, 3 ,z\n4,1e3,w\n5,-0,v\n6,,u\n7,NA,t\n',
  tsv: 'a\tb\tlabel\n1\t2\tx\n3\t4\ty\n',
  trailing: 'a,b\n1,2,\n3,4,\n',
};

describe('streamed CSV: chunking never changes the result', () => {
  for (const [name, text] of Object.entries(SAMPLES)) {
    it(`${name}: every chunk size gives the whole-text frame`, async () => {
      const bytes = encode(text);
      const whole = await parse(bytes, bytes.length);
      if (name !== 'trailing') expect(plain(whole.frame)).toEqual(plain(wholeText(text)));
      const delimiter = name === 'tsv' ? '\t' : ',';
      for (const size of [1, 2, 3, 5, 7, 16]) {
        // (The line ending is guessed from the held-back text: CRLF needs a few lines of it.)
        for (const guess of name === 'crlf' ? [undefined, 64] : [undefined, 0, 20]) {
          const r = await parse(
            bytes,
            size,
            defaultLimits,
            guess === undefined ? undefined : delimiter,
            guess,
          );
          expect(plain(r.frame)).toEqual(plain(whole.frame));
          expect(r.warnings).toEqual(whole.warnings);
        }
      }
    });
  }

  it('a UTF-8 BOM is dropped even when split across chunks', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...encode('id,x\n1,2\n')]);
    for (const size of [1, 2, 4, 100]) {
      const r = await parse(bytes, size);
      expect(r.frame.columns.map((c) => c.name)).toEqual(['id', 'x']);
    }
  });

  it('invalid UTF-8 late in the file restarts the read as Windows-1252, with a warning', async () => {
    const head = encode(
      'id,name\n' + Array.from({ length: 200 }, (_, i) => `${i},row ${i}`).join('\n') + '\n',
    );
    const bytes = new Uint8Array([...head, ...encode('200,Caf'), 0xe9, ...encode('\n')]);
    const r = await parse(bytes, 64, defaultLimits, ',', 0);
    expect(r.frame.numRows).toBe(201);
    expect(r.frame.columns[1].values[200]).toBe('Café');
    expect(r.warnings[0]).toMatch(/not valid UTF-8/);
  });

  it('error lines are the same whatever the chunking', async () => {
    const ragged = encode('a,b,c\n1,2,3\n4,5\n6,7,8\n9\n');
    const quote = encode('id,text,label\n0,ok,a\n1,"never closes,b\n2,x,a\n');
    const cell = encode('a,b\n1,2\n3,' + 'x'.repeat(2000) + '\n');
    // CRLF line ends, and a quoted line break before the bad row: the row starts on line 4.
    const raggedCrlf = encode('a,b,c\r\n1,"x\r\ny",3\r\n4,5\r\n6,7,8\r\n' + '9,9,9\r\n'.repeat(20));
    for (const size of [1, 2, 3, 1000])
      for (const guess of [undefined, 40])
        expect((await loadError(parse(raggedCrlf, size, defaultLimits, ',', guess))).message).toMatch(
          /: line 4 has 2;/,
        );
    const limits = resolveLimits({ maxCellBytes: 1000 });
    for (const size of [1, 3, 8, 1000]) {
      for (const guess of [undefined, 0]) {
        const d = guess === undefined ? undefined : ',';
        expect((await loadError(parse(ragged, size, defaultLimits, d, guess))).message).toMatch(
          /line 3 has 2, line 5 has 1/,
        );
        expect((await loadError(parse(quote, size, defaultLimits, d, guess))).message).toMatch(
          /unterminated quoted field.*line 3\b/,
        );
        expect((await loadError(parse(cell, size, limits, d, guess))).message).toMatch(/line 3.*cell limit/);
      }
    }
  });

  it('a quote that swallows the file stops once the record passes the limit', async () => {
    const limits = resolveLimits({ maxCellBytes: 1000 });
    // Well past 4 × 1000 bytes + 1 MiB of text after an opening quote on line 3.
    const rest = Array.from({ length: 60_000 }, (_, i) => `${i},filler text ${i},a`).join('\n');
    const bytes = encode(`id,text,label\n0,ok,a\n1,"never closed,b\n${rest}\n`);
    let chunks = 0;
    const file = chunked('big.csv', bytes, 1 << 16);
    const counting: SourceFile = {
      ...file,
      async *stream() {
        for await (const c of file.stream()) {
          chunks++;
          yield c;
        }
      },
    };
    const e = await loadError(parseDelimited(counting, bytes.subarray(0, 100), limits));
    expect(e.message).toMatch(/unterminated quoted field: the quote opened on line 3\b/);
    // It stopped early: not every chunk was read.
    expect(chunks).toBeLessThan(Math.ceil(bytes.length / (1 << 16)));
  });
});

describe('streamed CSV: columns', () => {
  it('TextColumnBuilder gives what inferTextColumn gives', () => {
    const pools = [
      ['1', '2.5', '-3', '1e3', ''],
      ['1.50', '007', ' 4 ', '+2', 'NaN', 'inf', '1e309'],
      ['x', 'y', 'z', '1', ''],
      ['0x1F', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11'],
      ['', ' ', 'NULL', 'n/a'],
    ];
    let seed = 3;
    const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let trial = 0; trial < 60; trial++) {
      const pool = pools[trial % pools.length];
      const n = 1 + Math.floor(rand() * 600);
      const cells = Array.from({ length: n }, () => pool[Math.floor(rand() * pool.length)]);
      // Some columns turn from numbers to text half-way.
      if (trial % 7 === 3) for (let i = n >> 1; i < n; i++) cells[i] = `text ${i}`;
      const b = new TextColumnBuilder('c');
      for (const c of cells) b.push(c);
      const got = b.finish();
      const want = inferTextColumn('c', cells);
      if (got === null) continue; // the re-read case, tested through parseDelimited below
      expect({ ...got.column, values: Array.from(got.column.values as ArrayLike<unknown>) }).toEqual({
        ...want.column,
        values: Array.from(want.column.values as ArrayLike<unknown>),
      });
      expect(got.warning).toEqual(want.warning);
    }
  });

  it('a numeric-looking column that turns to text keeps its verbatim cells (read again)', async () => {
    // 20,000 numbers JavaScript would spell differently ("1.50"), then 5 % text: a text column.
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i},${(i % 100) + 1}.50`);
    for (let i = 0; i < 1000; i++) rows.push(`${20_000 + i},label ${i}`);
    const text = 'id,v\n' + rows.join('\n') + '\n';
    const r = await parse(encode(text), 4096, defaultLimits, ',', 0);
    const v = r.frame.columns[1];
    expect(v.type).toBe('string');
    expect(v.values[0]).toBe('1.50');
    expect(v.values[20_500]).toBe('label 500');
    expect(plain(r.frame)).toEqual(plain(wholeText(text)));
  });

  it('kept text past maxTextChars stops the load with the limit, numbers do not count', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i * 1234.5678},some text for row ${i}`);
    const text = 'x,t\n' + rows.join('\n') + '\n';
    const e = await loadError(parse(encode(text), 4096, resolveLimits({ maxTextChars: 50_000 })));
    expect(e.message).toMatch(/text columns hold more than 50,000 characters, over the limit/);
    const numbersOnly = 'x\n' + rows.map((r) => r.split(',')[0]).join('\n') + '\n';
    const ok = await parse(encode(numbersOnly), 4096, resolveLimits({ maxTextChars: 50_000 }));
    expect(ok.frame.numRows).toBe(5000);
  });

  it('a big CSV is streamed by the loader, never read whole', async () => {
    const row = (i: number) =>
      `${i},${(i * 0.37).toFixed(3)},word${i % 50} and more words,${i % 3 ? 'a' : 'b'}`;
    const text = 'id,x,text,label\n' + Array.from({ length: 450_000 }, (_, i) => row(i)).join('\n') + '\n';
    const bytes = encode(text);
    expect(bytes.length).toBeGreaterThan(16 * 1024 * 1024);
    const d = await loadDataset([chunked('big.csv', bytes, 1 << 20, false)]);
    expect(d.frame.numRows).toBe(450_000);
    const x = d.frame.columns[1];
    expect(x.type).toBe('number');
    expect(x.values).toBeInstanceOf(Float64Array);
    expect(x.values[449_999]).toBeCloseTo(449_999 * 0.37, 3);
    expect(d.frame.columns[2].values[7]).toBe('word7 and more words');
  });
});

describe('big files that cannot be streamed', () => {
  it('JSON over its limit is refused with the limit, without reading it', async () => {
    const file: SourceFile = {
      name: 'huge.json',
      size: 600 * 1024 * 1024,
      bytes: async () => {
        throw new Error('read whole');
      },
      stream() {
        throw new Error('streamed');
      },
    };
    const e = await loadError(parseTable(file, encode('[{"a": 1}'), 'json', defaultLimits));
    expect(e.line).toBe(
      'huge.json: 600 MB of JSON is over the 500 MB limit for JSON files (read whole into one string); convert it to CSV, Arrow or Parquet',
    );
  });
});
