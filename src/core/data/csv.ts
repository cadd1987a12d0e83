// CSV/TSV loader on papaparse (RFC 4180 quoting, delimiter detection). Strict about structure:
// unterminated quotes and ragged rows stop the load with line numbers, because a shifted column
// would silently mislabel samples.
import Papa from 'papaparse';
import { InputError, type Column, type RunControl } from '../types';
import { inferTextColumn } from './cells';
import { checkCancelled, report } from './control';
import { cleanHeaders } from './headers';
import { formatBytes, formatCount, type Limits } from './limits';
import { lineNumbers, skipLineBreaks } from './lines';
import type { TableResult } from './table-result';

interface Parsed {
  rows: string[][];
  /** Character offset where each record starts. */
  starts: number[];
  errors: Papa.ParseError[];
  delimiter: string;
}

export function parseDelimited(
  text: string,
  file: string,
  limits: Limits,
  control?: RunControl,
  delimiter?: string,
): TableResult {
  if (text.trim() === '') throw new InputError(file, 'empty file');
  const parsed = parseRows(text, file, limits, control, delimiter);
  const quoteWarnings = checkQuotes(text, file, parsed);
  const { rows } = parsed;
  const header = cleanHeaders(rows[0]);
  if (rows.length < 2) throw new InputError(file, 'no samples (header only)');
  const warnings = [...header.warnings, ...quoteWarnings];
  checkRagged(text, file, parsed, header.names.length, warnings);
  const cells = transpose(rows, header.names.length);
  const columns: Column[] = header.names.map((name, c) => {
    const inferred = inferTextColumn(name, cells[c]);
    if (inferred.warning) warnings.push(inferred.warning);
    return inferred.column;
  });
  return { frame: { columns, numRows: rows.length - 1 }, warnings };
}

/** Rows (after the header) to one array of cells per column, in a single pass. */
function transpose(rows: string[][], width: number): string[][] {
  const n = rows.length - 1;
  const cells = Array.from({ length: width }, () => new Array<string>(n));
  for (let r = 0; r < n; r++) {
    const row = rows[r + 1];
    for (let c = 0; c < width; c++) cells[c][r] = row[c] ?? '';
  }
  return cells;
}

function parseRows(
  text: string,
  file: string,
  limits: Limits,
  control: RunControl | undefined,
  delimiter: string | undefined,
): Parsed {
  const rows: string[][] = [];
  const starts: number[] = [];
  const errors: Papa.ParseError[] = [];
  let cursor = 0;
  let failure: Error | undefined;
  const result = Papa.parse<string[]>(text, {
    delimiter: delimiter ?? '',
    skipEmptyLines: true,
    step(res, parser) {
      try {
        onRow(res);
      } catch (e) {
        failure = e as Error;
        parser.abort();
      }
    },
  });
  function onRow(res: Papa.ParseStepResult<string[]>): void {
    const row = res.data;
    for (const e of res.errors) errors.push({ ...e, row: rows.length });
    starts.push(skipLineBreaks(text, cursor));
    cursor = res.meta.cursor;
    if (rows.length === 0 && row.length > limits.maxColumns) {
      throw new InputError(
        file,
        `${formatCount(row.length)} columns, over the limit of ${formatCount(limits.maxColumns)}`,
      );
    }
    if (rows.length > limits.maxRows) {
      throw new InputError(file, `more than ${formatCount(limits.maxRows)} rows, over the limit`);
    }
    for (const cell of row) {
      // Length in UTF-16 units is a lower bound of the bytes; good enough for a guard.
      if (cell.length > limits.maxCellBytes) {
        const line = lineNumbers(text, [starts[starts.length - 1]])[0];
        throw new InputError(
          file,
          `a cell on line ${line} is over the ${formatBytes(limits.maxCellBytes)} cell limit`,
        );
      }
    }
    rows.push(row);
    if (rows.length % 20_000 === 0) {
      checkCancelled(control);
      // Parsing is the 0.2..0.6 stretch of the load (hashing before, image checks after).
      report(control, 0.2 + (0.4 * cursor) / text.length, 'parsing');
    }
  }
  if (failure) throw failure;
  return { rows, starts, errors, delimiter: result.meta.delimiter };
}

/**
 * A quote that never closes swallows the rest of the file into one cell. papaparse reports it
 * as MissingQuotes, or as InvalidQuotes when a later quote happens to end the field; either way
 * name the line where the quote opened.
 */
function checkQuotes(text: string, file: string, parsed: Parsed): string[] {
  const malformed: number[] = [];
  for (const e of parsed.errors) {
    if (e.type !== 'Quotes') continue;
    const r = e.row ?? 0;
    const start = parsed.starts[r] ?? 0;
    const swallowed = parsed.rows[r]?.some((cell) => /[\r\n]/.test(cell) && cell.includes(parsed.delimiter));
    if (e.code === 'InvalidQuotes' && !swallowed) {
      // A stray quote inside one line ("abc"def): the cell is kept as papaparse read it.
      malformed.push(start);
      continue;
    }
    const at = typeof e.index === 'number' ? Math.min(e.index, text.length - 1) : start;
    let quote = text.lastIndexOf('"', at);
    if (quote < start) quote = text.indexOf('"', start);
    const line = lineNumbers(text, [quote < 0 ? start : quote])[0];
    throw new InputError(file, `unterminated quoted field: the quote opened on line ${line} is never closed`);
  }
  if (malformed.length === 0) return [];
  const starts = [...new Set(malformed)].sort((a, b) => a - b);
  const lines = lineNumbers(text, starts).slice(0, 10);
  return [`malformed quotes on line${lines.length > 1 ? 's' : ''} ${lines.join(', ')}; cells kept as read`];
}

/** Rows with a different field count than the header: reject, naming the lines. */
function checkRagged(text: string, file: string, parsed: Parsed, width: number, warnings: string[]): void {
  const bad: number[] = [];
  let trimmed = 0;
  parsed.rows.forEach((row, i) => {
    if (i === 0 || row.length === width) return;
    // Trailing empty fields (a trailing delimiter) carry no data: drop them.
    if (row.length > width && row.slice(width).every((c) => c.trim() === '')) {
      row.length = width;
      trimmed++;
      return;
    }
    bad.push(i);
  });
  if (trimmed) warnings.push(`${trimmed} rows had empty fields after the last column; ignored`);
  if (bad.length === 0) return;
  const lines = lineNumbers(
    text,
    bad.map((i) => parsed.starts[i]),
  );
  const shown = bad
    .slice(0, 10)
    .map((i, k) => `line ${lines[k]} has ${parsed.rows[i].length}`)
    .join(', ');
  const more = bad.length > 10 ? ` and ${bad.length - 10} more` : '';
  throw new InputError(
    file,
    `ragged rows (header has ${width} fields): ${shown}${more}; fix or remove those lines`,
  );
}
