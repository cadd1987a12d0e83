// The CLI's contract: exit codes, one-line errors naming the file, outputs that parse.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAssay, SHARED } from './run-cli';

const bad = (f: string) => path.join(SHARED, 'datasets/bad-inputs', f);

describe('assay CLI', () => {
  it('usage errors exit 2 with one line and no stack', () => {
    const r = runAssay(['scan']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/^assay: scan needs exactly one file or folder$/);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    const u = runAssay(['scan', bad('empty.csv'), '--bogus', '1']);
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/unknown option --bogus/);
  });

  for (const [file, message] of [
    ['empty.csv', /^assay: empty\.csv: empty file$/],
    ['header-only.csv', /^assay: header-only\.csv: no samples/],
    ['truncated.arrow', /^assay: truncated\.arrow: truncated or invalid Arrow file/],
    ['unterminated-quote.csv', /^assay: unterminated-quote\.csv: .*line 3/],
    ['ragged-rows.csv', /^assay: ragged-rows\.csv: ragged rows/],
    ['one-column.csv', /^assay: one-column\.csv: no feature column/],
  ] as const) {
    it(`${file}: exit 2 with one line naming the file`, () => {
      const r = runAssay(['scan', bad(file)]);
      expect(r.code).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
    });
  }

  it('a missing path is an input error', () => {
    const r = runAssay(['scan', 'no/such/file.csv']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('assay: no/such/file.csv: no such file or folder');
  });

  it('corrupt-png.arrow: scores the 14 good rows and flags the 2 undecodable ones', () => {
    const r = runAssay(['scan', bad('corrupt-png.arrow'), '--fail-on', 'none']);
    expect(r.code).toBe(0);
    const rows = fs.readFileSync(path.join(r.out, 'scores.csv'), 'utf8').trim().split('\n');
    expect(rows).toHaveLength(17);
    const head = rows[0].split(',');
    const byId = new Map(rows.slice(1).map((l) => [l.split(',')[0], l.split(',')]));
    for (const id of ['7', '11']) {
      expect(byId.get(id)![head.indexOf('flagged')]).toBe('1');
      expect(Number(byId.get(id)![head.indexOf('suspicion')])).toBe(1);
    }
    for (const line of rows.slice(1)) expect(line).not.toMatch(/NaN|Infinity/);
  });

  it('formula-injection.csv: exported cells cannot run as spreadsheet formulas', () => {
    const r = runAssay(['scan', bad('formula-injection.csv'), '--fail-on', 'none']);
    expect(r.code).toBe(0);
    const csv = fs.readFileSync(path.join(r.out, 'scores.csv'), 'utf8');
    for (const line of csv.split('\n'))
      for (const cell of line.split(',')) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+@\t\r]/);
  });

  it('single-class.csv: warns that label checks are impossible, still scores every row', () => {
    const r = runAssay(['scan', bad('single-class.csv'), '--fail-on', 'none']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/label checks are impossible/);
    const rows = fs.readFileSync(path.join(r.out, 'scores.csv'), 'utf8').trim().split('\n');
    expect(rows).toHaveLength(31);
    for (const line of rows.slice(1)) expect(line).not.toMatch(/NaN|Infinity/);
  });
});
