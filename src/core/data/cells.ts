// Type inference for text cells (CSV/TSV, and string values in JSON).
//
// Rule: a column is a number column when every non-empty cell is a finite decimal number, a
// missing-value token (NaN, Infinity, NULL, N/A, ... — case-insensitive) or a number that
// overflows (1e309); those become NaN. A few cells that are plain junk (hex "0x1F", "1,5",
// "1_000") are tolerated too when the column is clearly numeric: at most max(1, 1 %) of the
// non-empty cells and at least 3 numbers per junk cell. Anything else is a string column, whose
// text is kept verbatim (only the empty cell becomes null). Every cell that became missing in a
// number column is counted in a warning.
import type { Column } from '../types';

const MISSING_TOKENS = new Set([
  'nan',
  '-nan',
  'na',
  'n/a',
  '#n/a',
  'null',
  'none',
  'nil',
  '?',
  'inf',
  '+inf',
  '-inf',
  'infinity',
  '+infinity',
  '-infinity',
]);

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A finite number, or undefined when the text is not a plain decimal number. */
export function parseDecimal(s: string): number | undefined {
  const t = s.trim();
  if (!DECIMAL.test(t)) return undefined;
  return Number(t);
}

export interface InferredColumn {
  column: Column;
  warning?: string;
}

export function inferTextColumn(name: string, cells: readonly string[]): InferredColumn {
  const n = cells.length;
  const values = new Float64Array(n);
  let empty = 0;
  let tokens = 0;
  let overflow = 0;
  let numbers = 0;
  const junk: number[] = [];
  for (let i = 0; i < n; i++) {
    const raw = cells[i];
    const t = raw.trim();
    values[i] = NaN;
    if (t === '') {
      empty++;
      continue;
    }
    const v = parseDecimal(t);
    if (v === undefined) {
      if (MISSING_TOKENS.has(t.toLowerCase())) tokens++;
      else junk.push(i);
    } else if (Number.isFinite(v)) {
      values[i] = v;
      numbers++;
    } else overflow++;
  }
  const nonEmpty = n - empty;
  const junkAllowed = Math.max(1, Math.floor((numbers + junk.length) * 0.01));
  const numeric = numbers > 0 && junk.length <= junkAllowed && numbers >= 3 * junk.length;
  if (!numeric) {
    return { column: { name, type: 'string', values: cells.map((c) => (c === '' ? null : c)) } };
  }
  const missing = empty + tokens + overflow + junk.length;
  if (missing === 0) return { column: { name, type: 'number', values } };
  const parts: string[] = [];
  if (empty) parts.push(`${empty} empty`);
  if (tokens) parts.push(`${tokens} NaN/Infinity/NULL-like`);
  if (overflow) parts.push(`${overflow} out of range (e.g. 1e309)`);
  if (junk.length) {
    const examples = junk.slice(0, 3).map((i) => JSON.stringify(cells[i].trim()));
    parts.push(`${junk.length} not a number (${examples.join(', ')})`);
  }
  return {
    column: { name, type: 'number', values },
    warning: `column "${name}": ${missing} of ${nonEmpty + empty} cells treated as missing (${parts.join(', ')})`,
  };
}
