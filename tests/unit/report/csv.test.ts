import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from '../../../src/core/report/csv';

describe('csvCell', () => {
  it('neutralises a cell a spreadsheet would run as a formula', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx'].map(csvCell)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      "'\tx",
    ]);
    expect(csvCell('\rx')).toBe(`"'\rx"`); // neutralised, then quoted for the line break
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });

  it('writes numbers as numbers, a missing or non-finite value as empty', () => {
    expect(csvRow([-3, 0.5, NaN, Infinity, null, undefined])).toBe('-3,0.5,,,,');
  });

  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvRow(['a,b', 'say "hi"', 'two\nlines', 'plain'])).toBe('"a,b","say ""hi""","two\nlines",plain');
  });
});
