import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { loadDataset, sourceFromBytes } from '../../../src/core/data';
import { cleanedArrow, cleanedCsv, type CleanedExportOptions } from '../../../src/core/export/cleaned';
import { base64 } from '../../../src/core/export/cleaned-csv';
import {
  applyAction,
  emptyReviewState,
  makeAction,
  type ReviewEdit,
  type ReviewState,
} from '../../../src/core/review/journal';
import type { Column, Frame, LoadedDataset } from '../../../src/core/types';
import { grayPng } from '../data/fixtures';
import { column, encode } from '../data/helpers';

const IMAGES = [
  grayPng(4, 4, 0),
  grayPng(4, 4, 50),
  grayPng(4, 4, 100),
  grayPng(4, 4, 150),
  grayPng(4, 4, 200),
];
const TEXTS = ['=HYPERLINK("http://x")', '+1', '-2 apples', '@SUM(A1)', 'a, "quoted"\nline'];

/** Five samples with every column type the loaders produce. */
function sampleFrame(): Frame {
  const columns: Column[] = [
    { name: 'id', type: 'number', values: Float64Array.from([10, 11, 12, 13, 14]) },
    { name: 'label', type: 'string', values: ['cat', 'dog', 'cat', 'dog', null] },
    { name: 'text', type: 'string', values: [...TEXTS] },
    { name: 'score', type: 'number', values: Float64Array.from([0.5, NaN, -3, 1e-7, 2]) },
    { name: 'flag', type: 'bool', values: [true, false, null, true, false] },
    { name: 'image', type: 'binary', values: [...IMAGES] },
    {
      name: 'emb',
      type: 'vector',
      values: [0, 1, 2, 3, 4].map((i) => Float32Array.from([0.1 * i, i - 2, 1 / 3])),
    },
  ];
  return { columns, numRows: 5 };
}

/** Row 0 relabelled to dog, row 1 ok, row 2 quarantined, rows 3-4 unreviewed. */
function sampleReview(n = 5): ReviewState {
  const state = emptyReviewState(n);
  const edits: [ReviewEdit, number[], string?][] = [
    ['relabel', [0, 1], 'dog'],
    ['ok', [1]],
    ['quarantine', [2]],
  ];
  for (const [kind, rows, to] of edits) applyAction(state, makeAction(state, kind, rows, { to }));
  return state;
}

const options = (over: Partial<CleanedExportOptions> = {}): CleanedExportOptions => ({
  labelColumn: 'label',
  review: sampleReview(),
  quarantined: 'mark',
  ...over,
});

const load = (name: string, bytes: Uint8Array): Promise<LoadedDataset> =>
  loadDataset([sourceFromBytes(name, bytes)]);

const cells = (d: LoadedDataset, name: string) => Array.from(column(d, name).values as ArrayLike<unknown>);

describe('cleaned dataset export', () => {
  it('writes CSV with relabels, original labels and marked quarantine that loads back', async () => {
    const out = cleanedCsv(sampleFrame(), options());
    expect(out.rows).toBe(5);
    expect(out.notes).toEqual([
      'column "image": binary cells written as base64 data URLs',
      'column "emb": vectors written as JSON arrays',
    ]);
    const d = await load('clean.csv', encode(out.text));
    expect(d.frame.columns.map((c) => c.name)).toEqual([
      'id',
      'label',
      'text',
      'score',
      'flag',
      'image',
      'emb',
      'original_label',
      'review_status',
    ]);
    expect(cells(d, 'id')).toEqual([10, 11, 12, 13, 14]);
    expect(cells(d, 'label')).toEqual(['dog', 'dog', 'cat', 'dog', null]);
    expect(cells(d, 'original_label')).toEqual(['cat', 'dog', 'cat', 'dog', null]);
    expect(cells(d, 'review_status')).toEqual([
      'relabelled',
      'ok',
      'quarantined',
      'unreviewed',
      'unreviewed',
    ]);
    expect(cells(d, 'score')).toEqual([0.5, NaN, -3, 1e-7, 2]);
    expect(cells(d, 'flag')).toEqual(['true', 'false', null, 'true', 'false']);
  });

  it('neutralises spreadsheet formulas in CSV cells and headers', async () => {
    const frame = sampleFrame();
    frame.columns[2].name = '=cmd';
    const out = cleanedCsv(frame, options({ review: emptyReviewState(5) }));
    expect(out.text.split('\n')[0]).toContain(",'=cmd,");
    const d = await load('clean.csv', encode(out.text));
    expect(cells(d, "'=cmd")).toEqual([
      `'=HYPERLINK("http://x")`,
      "'+1",
      "'-2 apples",
      "'@SUM(A1)",
      'a, "quoted"\nline',
    ]);
    // Numbers are data, not formulas: a negative number is written as is.
    expect(cells(d, 'score')[2]).toBe(-3);
  });

  it('writes binary cells as base64 data URLs and vectors as JSON arrays in CSV', async () => {
    const d = await load('clean.csv', encode(cleanedCsv(sampleFrame(), options()).text));
    const urls = cells(d, 'image') as string[];
    urls.forEach((url, i) => {
      expect(url.startsWith('data:image/png;base64,')).toBe(true);
      const bytes = new Uint8Array(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
      expect(bytes).toEqual(IMAGES[i]);
    });
    const vectors = (cells(d, 'emb') as string[]).map((s) => Float32Array.from(JSON.parse(s) as number[]));
    expect(vectors).toEqual(sampleFrame().columns[6].values);
    expect(cells(d, 'emb')[1]).toBe('[0.1,-1,0.33333334]');
  });

  it('drops quarantined rows when asked, and exports a selection in its order', async () => {
    const dropped = cleanedCsv(sampleFrame(), options({ quarantined: 'drop' }));
    expect(dropped.rows).toBe(4);
    const d = await load('clean.csv', encode(dropped.text));
    expect(cells(d, 'id')).toEqual([10, 11, 13, 14]);
    expect(d.frame.columns.some((c) => c.name === 'review_status')).toBe(false);

    const selection = cleanedCsv(sampleFrame(), options({ quarantined: 'drop', rows: [3, 2, 0] }));
    const s = await load('clean.csv', encode(selection.text));
    expect(cells(s, 'id')).toEqual([13, 10]);
    expect(cells(s, 'label')).toEqual(['dog', 'dog']);
    expect(() => cleanedCsv(sampleFrame(), options({ rows: [5] }))).toThrow(RangeError);
  });

  it('writes Arrow that keeps the column types and loads back', async () => {
    const bytes = cleanedArrow(sampleFrame(), options());
    const table = tableFromIPC(bytes);
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      'id:Float64',
      'label:Utf8',
      'text:Utf8',
      'score:Float64',
      'flag:Bool',
      'image:Binary',
      'emb:List<Float32>',
      'original_label:Utf8',
      'review_status:Utf8',
    ]);
    const d = await load('clean.arrow', bytes);
    expect(d.format).toBe('arrow');
    expect(d.rowErrors).toEqual([]);
    expect(cells(d, 'label')).toEqual(['dog', 'dog', 'cat', 'dog', null]);
    expect(cells(d, 'original_label')).toEqual(['cat', 'dog', 'cat', 'dog', null]);
    expect(cells(d, 'review_status')).toEqual([
      'relabelled',
      'ok',
      'quarantined',
      'unreviewed',
      'unreviewed',
    ]);
    expect(cells(d, 'text')).toEqual(TEXTS); // Arrow is not a spreadsheet: text stays as it was
    expect(cells(d, 'score')).toEqual([0.5, NaN, -3, 1e-7, 2]);
    expect(table.getChild('score')?.get(1)).toBeNull(); // missing is null, not NaN
    expect(cells(d, 'flag')).toEqual([true, false, null, true, false]);
    expect(cells(d, 'image')).toEqual(IMAGES);
    expect(cells(d, 'emb')).toEqual(sampleFrame().columns[6].values);

    const dropped = await load('clean.arrow', cleanedArrow(sampleFrame(), options({ quarantined: 'drop' })));
    expect(cells(dropped, 'id')).toEqual([10, 11, 13, 14]);
    expect(dropped.frame.columns.map((c) => c.name)).not.toContain('review_status');
  });

  it('keeps a number label column numeric while relabels fit, and turns it to text when not', () => {
    const frame: Frame = {
      numRows: 3,
      columns: [{ name: 'y', type: 'number', values: Float64Array.from([0, 1, NaN]) }],
    };
    const state = emptyReviewState(3);
    applyAction(state, makeAction(state, 'relabel', [0], { to: '2' }));
    const opts: CleanedExportOptions = { labelColumn: 'y', review: state, quarantined: 'drop' };
    const numeric = tableFromIPC(cleanedArrow(frame, opts));
    expect(String(numeric.getChild('y')?.type)).toBe('Float64');
    expect([...(numeric.getChild('y') ?? [])]).toEqual([2, 1, null]);
    expect(cleanedCsv(frame, opts).text).toBe('y,original_label\n2,0\n1,1\n,\n');

    applyAction(state, makeAction(state, 'relabel', [1], { to: 'cat' }));
    const text = tableFromIPC(cleanedArrow(frame, opts));
    expect(String(text.getChild('y')?.type)).toBe('Utf8');
    expect([...(text.getChild('y') ?? [])]).toEqual(['2', 'cat', null]);
    expect(String(text.getChild('original_label')?.type)).toBe('Float64');
  });

  it('suffixes added column names the dataset already uses, and keeps column order', () => {
    const frame: Frame = {
      numRows: 2,
      columns: [
        { name: '10', type: 'string', values: ['a', 'b'] },
        { name: 'original_label', type: 'string', values: ['x', 'y'] },
        { name: '2', type: 'string', values: ['c', 'd'] },
        { name: 'review_status', type: 'number', values: Float64Array.from([1, 2]) },
      ],
    };
    const state = emptyReviewState(2);
    applyAction(state, makeAction(state, 'relabel', [1], { to: 'z' }));
    const opts: CleanedExportOptions = { labelColumn: '2', review: state, quarantined: 'mark' };
    expect(cleanedCsv(frame, opts).text.split('\n')[0]).toBe(
      '10,original_label,2,review_status,original_label_2,review_status_2',
    );
    const table = tableFromIPC(cleanedArrow(frame, opts));
    expect(table.schema.fields.map((f) => f.name)).toEqual([
      '10',
      'original_label',
      '2',
      'review_status',
      'original_label_2',
      'review_status_2',
    ]);
    expect([...(table.getChild('2') ?? [])]).toEqual(['c', 'z']);
    expect([...(table.getChild('original_label_2') ?? [])]).toEqual(['c', 'd']);
  });

  it('refuses a review of another size or a missing label column', () => {
    expect(() => cleanedCsv(sampleFrame(), options({ review: emptyReviewState(4) }))).toThrow(RangeError);
    expect(() => cleanedArrow(sampleFrame(), options({ labelColumn: 'nope' }))).toThrow(/no column "nope"/);
    expect(() => cleanedArrow(sampleFrame(), options({ labelColumn: 'image' }))).toThrow(/cannot be a label/);
  });

  it('encodes base64 like Node', () => {
    for (const len of [0, 1, 2, 3, 4, 5, 255]) {
      const bytes = Uint8Array.from({ length: len }, (_, i) => (i * 37 + 11) & 255);
      expect(base64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
  });
});
