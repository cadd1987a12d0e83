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
  if (!isNumberColumn(numbers, junk.length)) {
    return { column: { name, type: 'string', values: cells.map((c) => (c === '' ? null : c)) } };
  }
  const examples = junk.slice(0, 3).map((i) => cells[i].trim());
  return numberColumn(name, values, { empty, tokens, overflow, junk: junk.length, examples });
}

/** The rule above: numbers, and at most a few junk cells (1 %, at least 3 numbers each). */
function isNumberColumn(numbers: number, junk: number): boolean {
  const junkAllowed = Math.max(1, Math.floor((numbers + junk) * 0.01));
  return numbers > 0 && junk <= junkAllowed && numbers >= 3 * junk;
}

interface MissingCounts {
  empty: number;
  tokens: number;
  overflow: number;
  junk: number;
  /** The first (up to 3) junk cells, trimmed. */
  examples: string[];
}

function numberColumn(name: string, values: Float64Array, m: MissingCounts): InferredColumn {
  const missing = m.empty + m.tokens + m.overflow + m.junk;
  if (missing === 0) return { column: { name, type: 'number', values } };
  const parts: string[] = [];
  if (m.empty) parts.push(`${m.empty} empty`);
  if (m.tokens) parts.push(`${m.tokens} NaN/Infinity/NULL-like`);
  if (m.overflow) parts.push(`${m.overflow} out of range (e.g. 1e309)`);
  if (m.junk) parts.push(`${m.junk} not a number (${m.examples.map((e) => JSON.stringify(e)).join(', ')})`);
  return {
    column: { name, type: 'number', values },
    warning: `column "${name}": ${missing} of ${values.length} cells treated as missing (${parts.join(', ')})`,
  };
}

/** Cells past which a number-like column that keeps meeting text is held as text instead. */
const TEXT_SWITCH_JUNK = 64;
/** Most cells a number column keeps verbatim (those its numbers do not spell back), besides 1 %. */
const MAX_VERBATIM = 4096;
/** Short text cells are shared between rows (categories, labels) up to this many distinct values. */
const MAX_SHARED = 4096;
const MAX_SHARED_LENGTH = 64;
/** Longer kept cells are compacted this many at a time (see compactStrings). */
const COMPACT_BATCH = 2048;

/**
 * Makes the strings at `indices` of `target` stop pinning whatever larger string they were cut
 * from. A streamed parser's cells are substrings of the chunk of text being parsed, and V8 keeps a
 * substring of 13 characters or more as a view of its parent: one kept cell keeps its whole chunk
 * alive, and with it every other column's text. Joining the batch makes one fresh string of just
 * these cells, and each cell becomes a view of that instead. Measured on a 470,000-row CSV with a
 * 94-character text column: 165 MB kept as views of the chunks, 56 MB as fresh strings (a
 * TextEncoder round trip, 3 µs a cell), 74 MB compacted like this (0.1 µs a cell).
 */
export function compactStrings(target: string[], indices: readonly number[]): void {
  if (indices.length === 0) return;
  const joined = indices.map((i) => target[i]).join('');
  let o = 0;
  for (const i of indices) {
    const len = target[i].length;
    target[i] = joined.substring(o, o + len);
    o += len;
  }
}

/**
 * inferTextColumn one cell at a time, for a streamed table: the same rule and the same result,
 * without holding every cell as a string. While a column looks numeric only the numbers are kept
 * (8 bytes a cell), plus the few cells whose text the number does not spell back ("1.50", "NA",
 * junk). A column that meets text early (more junk than a third of its numbers, past 64 junk
 * cells) is kept as text from then on. If a numeric-looking column turns out to be text at the
 * end, its cells are rebuilt from the numbers and the verbatim cells; when those were too many to
 * keep, `finish` returns null and the caller reads the column again.
 */
export class TextColumnBuilder {
  private values = new Float64Array(1024);
  private texts: string[] | null = null;
  private verbatim: Map<number, string> | null = new Map();
  private length = 0;
  private empty = 0;
  private tokens = 0;
  private overflow = 0;
  private numbers = 0;
  private junk = 0;
  private examples: string[] = [];
  private shared = new Map<string, string>();

  /** Text-mode cells not yet compacted (see compactStrings). */
  private pending: number[] = [];

  /** `budget.left`: characters of text the caller's columns may still keep (see TextBudgetExceeded). */
  constructor(
    readonly name: string,
    private readonly budget: { left: number } = { left: Infinity },
  ) {}

  push(raw: string): void {
    const i = this.length++;
    if (this.texts) {
      this.store(this.texts, raw);
      return;
    }
    if (i === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    const t = raw.trim();
    let v = NaN;
    if (t === '') this.empty++;
    else {
      const parsed = parseDecimal(t);
      if (parsed === undefined) {
        if (MISSING_TOKENS.has(t.toLowerCase())) this.tokens++;
        else {
          this.junk++;
          if (this.examples.length < 3) this.examples.push(t);
        }
      } else if (Number.isFinite(parsed)) {
        v = parsed;
        this.numbers++;
      } else this.overflow++;
    }
    this.values[i] = v;
    // Keep the cells a number cannot give back, while they stay few.
    if (this.verbatim && raw !== '' && (Number.isNaN(v) || String(v) !== raw)) {
      this.verbatim.set(i, raw.length > MAX_SHARED_LENGTH ? copyOf(raw) : this.shortText(raw));
      if (this.verbatim.size > MAX_VERBATIM + this.length / 100) this.verbatim = null;
    }
    if (this.junk > TEXT_SWITCH_JUNK && this.numbers < 3 * this.junk && this.verbatim) {
      const texts: string[] = [];
      for (const t of this.rebuild(this.verbatim)) this.store(texts, t);
      this.texts = texts;
      this.values = new Float64Array(0);
    }
  }

  /** The column, or null when its text has to be read again (see the class comment). */
  finish(): InferredColumn | null {
    if (this.texts) {
      compactStrings(this.texts, this.pending);
      this.pending = [];
      return inferTextColumn(this.name, this.texts);
    }
    // The grown buffer is cut to length (a copy unless it is full) and let go of.
    const values = this.length === this.values.length ? this.values : this.values.slice(0, this.length);
    this.values = new Float64Array(0);
    if (isNumberColumn(this.numbers, this.junk))
      return numberColumn(this.name, values, {
        empty: this.empty,
        tokens: this.tokens,
        overflow: this.overflow,
        junk: this.junk,
        examples: this.examples,
      });
    if (!this.verbatim) return null;
    return {
      column: {
        name: this.name,
        type: 'string',
        values: this.rebuild(this.verbatim, values).map(nullIfEmpty),
      },
    };
  }

  /** Appends a text-mode cell: repeated short values shared, other long ones queued for compaction. */
  private store(texts: string[], raw: string): void {
    const short = raw.length <= MAX_SHARED_LENGTH;
    const known = short ? this.shared.get(raw) : undefined;
    if (known !== undefined) {
      texts.push(known);
      return;
    }
    this.budget.left -= raw.length;
    if (this.budget.left < 0) throw new TextBudgetExceeded();
    if (short && this.shared.size < MAX_SHARED) {
      texts.push(this.shortText(raw));
      return;
    }
    if (raw.length < 13) {
      texts.push(raw);
      return;
    }
    this.pending.push(texts.length);
    texts.push(raw);
    if (this.pending.length >= COMPACT_BATCH) {
      compactStrings(texts, this.pending);
      this.pending = [];
    }
  }

  /** One shared copy per distinct short value: a category column of a million rows holds a few strings. */
  private shortText(raw: string): string {
    const known = this.shared.get(raw);
    if (known !== undefined) return known;
    const copy = copyOf(raw);
    if (this.shared.size < MAX_SHARED) this.shared.set(copy, copy);
    return copy;
  }

  private rebuild(verbatim: Map<number, string>, values = this.values): string[] {
    const out = new Array<string>(this.length);
    for (let i = 0; i < this.length; i++) {
      const v = values[i];
      out[i] = verbatim.get(i) ?? (Number.isNaN(v) ? '' : String(v));
    }
    return out;
  }
}

const nullIfEmpty = (c: string): string | null => (c === '' ? null : c);

/** Thrown by TextColumnBuilder when its columns would keep more text than their budget. */
export class TextBudgetExceeded extends Error {}

/** A string that is no view of a larger one (V8 copies under 13 characters; see compactStrings). */
function copyOf(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
