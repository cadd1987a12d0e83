// CSV/TSV loader on papaparse (RFC 4180 quoting, delimiter detection), streamed: the file is read
// in chunks, decoded incrementally and cut into records by papaparse's own chunked parser (its
// ParserHandle, driven the way its file streamers drive it), and each cell goes straight into its
// column, numbers as a Float64Array. So a big file is held neither as one string (V8 caps strings
// at 2^29 − 24 characters: a 1 GB file could not be decoded at all) nor as rows of cells.
// Strict about structure: unterminated quotes and ragged rows stop the load with line numbers,
// because a shifted column would silently mislabel samples.
import Papa from 'papaparse';
import { InputError, type Column, type RunControl, type SourceFile } from '../types';
import { compactStrings, TextBudgetExceeded, TextColumnBuilder } from './cells';
import { checkCancelled, report } from './control';
import { cleanHeaders } from './headers';
import { formatBytes, formatCount, type Limits } from './limits';
import type { TableResult } from './table-result';

/** papaparse's chunk-level parser (exported by papaparse, absent from its typings). */
interface ParserHandle {
  parse(input: string, baseIndex: number, ignoreLastRow: boolean): Papa.ParseResult<string[]>;
  aborted(): boolean;
  abort(): void;
}
const ParserHandle = (
  Papa as unknown as { ParserHandle: new (config: Papa.ParseConfig<string[]>) => ParserHandle }
).ParserHandle;

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Raised inside a pass when the bytes are not UTF-8: the load starts over as Windows-1252. */
class NotUtf8 extends Error {}

/** Text held back before the first parse, so papaparse's guesses see what they would in a whole text. */
const GUESS_CHARS = 1024 * 1024;

/** A record longer than this (a quote that never closes swallows the file) stops the load. */
function recordLimit(limits: Limits): number {
  return 4 * limits.maxCellBytes + 1024 * 1024;
}

/** The encoding the first bytes announce (a BOM), and how many bytes that BOM takes. */
function encodingOf(head: Uint8Array): { encoding: Encoding; bom: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  return { encoding: 'utf-8', bom: 0 };
}

/** Incremental decoding; plain UTF-8 is strict (a bad byte raises NotUtf8). */
function decoderFor(encoding: Encoding, strict: boolean): (bytes: Uint8Array | null) => string {
  if (encoding === 'windows-1252') {
    try {
      const d = new TextDecoder('windows-1252');
      return (bytes) => (bytes ? d.decode(bytes, { stream: true }) : d.decode());
    } catch {
      // A runtime without the legacy encodings (small-ICU Node): Latin-1 maps bytes to code points.
      return (bytes) => {
        let out = '';
        if (bytes)
          for (let i = 0; i < bytes.length; i += 8192)
            out += String.fromCharCode(...bytes.subarray(i, i + 8192));
        return out;
      };
    }
  }
  const d = new TextDecoder(encoding, { fatal: strict, ignoreBOM: true });
  const decode = (bytes?: Uint8Array, stream = false) => {
    try {
      return d.decode(bytes, { stream });
    } catch {
      throw new NotUtf8();
    }
  };
  if (encoding !== 'utf-8') return (bytes) => (bytes ? decode(bytes, true) : decode());
  // UTF-8 is decoded chunk by chunk without `stream`, the bytes of a character that straddles two
  // chunks carried over by hand: Node's streaming decoder returns big chunks as two-byte strings
  // (UTF-16) even when they are ASCII, and every cell cut from them then takes twice the memory.
  let carry: Uint8Array | null = null;
  return (chunk) => {
    if (!chunk) return carry ? decode(carry) : '';
    let bytes = chunk;
    if (carry) {
      bytes = new Uint8Array(carry.length + chunk.length);
      bytes.set(carry);
      bytes.set(chunk, carry.length);
    }
    const cut = completeUtf8(bytes);
    carry = cut < bytes.length ? bytes.slice(cut) : null;
    return decode(bytes.subarray(0, cut));
  };
}

/** Length of the longest prefix of `bytes` that does not end inside a UTF-8 character. */
function completeUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let i = n - 1; i >= 0 && i >= n - 4; i--) {
    const b = bytes[i];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return i + need > n ? i : n;
  }
  return n;
}

/** What one pass over the file reports besides the records it hands over. */
interface PassResult {
  header: string[];
  records: number;
  delimiter: string;
  malformedQuoteLines: number[];
  raggedLines: { line: number; fields: number }[];
  ragged: number;
  trimmed: number;
  anyText: boolean;
}

interface PassOptions {
  encoding: Encoding;
  strict: boolean;
  bom: number;
  delimiter?: string;
  limits: Limits;
  control?: RunControl;
  /** Progress is reported on the first pass only. */
  progress: boolean;
  /** Text held back before the first parse (GUESS_CHARS). */
  guessChars: number;
  /** Called with the header record. */
  onHeader?(cells: string[]): void;
  /** Called with each data record's cells (the header is not one). */
  onRecord(cells: string[], index: number): void;
}

/**
 * One pass over the file: decode, cut into records, check the structure (limits, quotes, ragged
 * rows) and hand each data record to `onRecord`. Line numbers count LF, CRLF and lone CR, as the
 * messages for whole-text loads always did.
 */
async function pass(file: SourceFile, opts: PassOptions): Promise<PassResult> {
  const { limits, control } = opts;
  const name = file.name;
  const decode = decoderFor(opts.encoding, opts.strict);
  const maxRecord = recordLimit(limits);
  let header: string[] = [];
  let width = 0;
  let records = 0;
  let failure: unknown;
  const malformedQuoteLines: number[] = [];
  const raggedLines: { line: number; fields: number }[] = [];
  let ragged = 0;
  let trimmed = 0;
  let anyText = false;

  // The text being parsed (papaparse's "aggregate": the unfinished record plus the new chunk) and
  // the absolute character offset where it starts.
  let current = '';
  let currentBase = 0;
  let prevCursor = 0;
  // Line counting, lazily and only forward: `line` is the line at absolute offset `countedTo`.
  let line = 1;
  let countedTo = 0;
  const lineAt = (pos: number): number => {
    const end = pos - currentBase;
    for (let p = countedTo - currentBase; p < end; p++) {
      const c = current.charCodeAt(p);
      if (c === 10 || (c === 13 && current.charCodeAt(p + 1) !== 10)) line++;
    }
    if (pos > countedTo) countedTo = pos;
    return line;
  };
  const recordStart = (cursor: number): number => {
    let p = cursor - currentBase;
    while (p < current.length && (current.charCodeAt(p) === 10 || current.charCodeAt(p) === 13)) p++;
    return p + currentBase;
  };

  let delimiter = opts.delimiter ?? '';
  const handle = new ParserHandle({
    delimiter,
    skipEmptyLines: true,
    step(res, parser) {
      try {
        onStep(res);
      } catch (e) {
        failure = e;
        parser.abort();
      }
    },
  });

  function onStep(res: Papa.ParseStepResult<string[]>): void {
    const cells = res.data;
    const start = recordStart(prevCursor);
    prevCursor = res.meta.cursor;
    if (res.meta.delimiter) delimiter = res.meta.delimiter;
    if (records === 0 && cells.length > limits.maxColumns) {
      throw new InputError(
        name,
        `${formatCount(cells.length)} columns, over the limit of ${formatCount(limits.maxColumns)}`,
      );
    }
    if (records > limits.maxRows) {
      throw new InputError(name, `more than ${formatCount(limits.maxRows)} rows, over the limit`);
    }
    for (const cell of cells) {
      // Length in UTF-16 units is a lower bound of the bytes; good enough for a guard.
      if (cell.length > limits.maxCellBytes) {
        throw new InputError(
          name,
          `a cell on line ${lineAt(start)} is over the ${formatBytes(limits.maxCellBytes)} cell limit`,
        );
      }
    }
    for (const e of res.errors) if (e.type === 'Quotes') quoteError(e, cells, start);
    const index = records++;
    if (index === 0) {
      header = cells;
      width = cells.length;
      opts.onHeader?.(cells);
      return;
    }
    if (cells.length !== width) {
      // Trailing empty fields (a trailing delimiter) carry no data: drop them.
      if (cells.length > width && cells.slice(width).every((c) => c.trim() === '')) {
        cells.length = width;
        trimmed++;
      } else {
        ragged++;
        if (raggedLines.length < 10) raggedLines.push({ line: lineAt(start), fields: cells.length });
        return;
      }
    }
    // After a ragged row the load fails: keep counting them, stop storing.
    if (ragged === 0) opts.onRecord(cells, index - 1);
    if (opts.progress && index % 20_000 === 0) {
      checkCancelled(control);
      progress();
    }
  }

  /**
   * A quote that never closes swallows the rest of the file into one cell. papaparse reports it
   * as MissingQuotes, or as InvalidQuotes when a later quote happens to end the field; either way
   * name the line where the quote opened. A stray quote inside one line ("abc"def) only warns.
   */
  function quoteError(e: Papa.ParseError, cells: string[], start: number): void {
    const swallowed = cells.some((cell) => /[\r\n]/.test(cell) && cell.includes(delimiter));
    if (e.code === 'InvalidQuotes' && !swallowed) {
      if (malformedQuoteLines.length < 10) {
        const l = lineAt(start);
        if (malformedQuoteLines[malformedQuoteLines.length - 1] !== l) malformedQuoteLines.push(l);
      }
      return;
    }
    const at =
      typeof e.index === 'number' ? Math.min(currentBase + e.index, currentBase + current.length - 1) : start;
    let quote = current.lastIndexOf('"', at - currentBase) + currentBase;
    if (quote < start) {
      const next = current.indexOf('"', start - currentBase);
      quote = next < 0 ? -1 : next + currentBase;
    }
    throw unterminated(lineAt(quote < 0 ? start : quote));
  }
  const unterminated = (at: number) =>
    new InputError(name, `unterminated quoted field: the quote opened on line ${at} is never closed`);

  let bytesRead = 0;
  let lastFraction = 0;
  const progress = () => {
    if (!opts.progress) return;
    // Parsing is the 0.2..0.6 stretch of the load (hashing before, image checks after).
    const f = Math.min(0.6, 0.2 + (0.4 * bytesRead) / Math.max(1, file.size));
    if (f > lastFraction) lastFraction = f;
    report(control, lastFraction, 'parsing');
  };

  let partial = '';
  let started = false;
  const parseChunk = (chunk: string, finished: boolean) => {
    if (!anyText && /\S/.test(chunk)) anyText = true;
    // papaparse guesses the line ending and the delimiter from the first text it is given (it
    // looks at 1 MB and 10 rows): give it that much, as a whole-text parse would.
    if (!started && !finished && partial.length + chunk.length < opts.guessChars) {
      partial += chunk;
      return;
    }
    started = true;
    current = partial + chunk;
    partial = '';
    const results = handle.parse(current, currentBase, !finished);
    if (failure) throw failure;
    if (handle.aborted() || finished) return;
    const lastIndex = results.meta.cursor;
    lineAt(lastIndex);
    partial = current.substring(lastIndex - currentBase);
    currentBase = lastIndex;
    if (partial.length > maxRecord) {
      current = partial;
      const quote = partial.indexOf('"');
      if (quote >= 0) throw unterminated(lineAt(currentBase + quote));
      throw new InputError(
        name,
        `a record starting on line ${lineAt(currentBase)} is longer than ${formatBytes(maxRecord)}`,
      );
    }
  };

  let skip = opts.bom;
  for await (const chunk of file.stream()) {
    checkCancelled(control);
    bytesRead += chunk.byteLength;
    let bytes = chunk;
    if (skip > 0) {
      const n = Math.min(skip, bytes.byteLength);
      bytes = bytes.subarray(n);
      skip -= n;
    }
    parseChunk(decode(bytes), false);
    progress();
  }
  parseChunk(decode(null), true);
  return { header, records, delimiter, malformedQuoteLines, raggedLines, ragged, trimmed, anyText };
}

/**
 * Loads a CSV or TSV file as columns. `head` is the file's first bytes (for the encoding);
 * `delimiter` forces one ('\t' for TSV), else papaparse detects it. `guessChars` is for tests
 * (chunk boundaries in small files).
 */
export async function parseDelimited(
  file: SourceFile,
  head: Uint8Array,
  limits: Limits,
  control?: RunControl,
  delimiter?: string,
  guessChars = GUESS_CHARS,
): Promise<TableResult> {
  const name = file.name;
  const { encoding, bom } = encodingOf(head);
  let builders: TextColumnBuilder[] = [];
  const attempt = (enc: Encoding, strict: boolean): Promise<PassResult> => {
    builders = [];
    const budget = { left: limits.maxTextChars };
    return pass(file, {
      encoding: enc,
      strict,
      bom,
      delimiter,
      limits,
      control,
      progress: true,
      guessChars,
      onHeader(cells) {
        builders = cleanHeaders(cells).names.map((colName) => new TextColumnBuilder(colName, budget));
      },
      onRecord(cells) {
        for (let c = 0; c < builders.length; c++) builders[c].push(cells[c]);
      },
    });
  };
  let result: PassResult;
  let warningEncoding: string | undefined;
  try {
    try {
      result = await attempt(encoding, bom === 0);
    } catch (e) {
      if (!(e instanceof NotUtf8)) throw e;
      warningEncoding = 'not valid UTF-8; read as Windows-1252 (Latin-1) text';
      result = await attempt('windows-1252', false);
    }
  } catch (e) {
    if (!(e instanceof TextBudgetExceeded)) throw e;
    throw new InputError(
      name,
      `its text columns hold more than ${formatCount(limits.maxTextChars)} characters, over the limit ` +
        '(kept text lives in the 4 GB JavaScript heap; numbers do not count)',
    );
  }
  const fileEncoding: Encoding = warningEncoding ? 'windows-1252' : encoding;
  if (!result.anyText) throw new InputError(name, 'empty file');
  if (result.records < 2) throw new InputError(name, 'no samples (header only)');
  const cleaned = cleanHeaders(result.header);
  const warnings = [...cleaned.warnings];
  if (result.malformedQuoteLines.length) {
    const lines = result.malformedQuoteLines;
    warnings.push(
      `malformed quotes on line${lines.length > 1 ? 's' : ''} ${lines.join(', ')}; cells kept as read`,
    );
  }
  if (result.ragged) {
    const shown = result.raggedLines.map((r) => `line ${r.line} has ${r.fields}`).join(', ');
    const more = result.ragged > 10 ? ` and ${result.ragged - 10} more` : '';
    throw new InputError(
      name,
      `ragged rows (header has ${cleaned.names.length} fields): ${shown}${more}; fix or remove those lines`,
    );
  }
  if (result.trimmed) warnings.push(`${result.trimmed} rows had empty fields after the last column; ignored`);
  const n = result.records - 1;
  const columns: Column[] = new Array(cleaned.names.length);
  const reread: number[] = [];
  cleaned.names.forEach((colName, c) => {
    const inferred = builders[c].finish();
    if (!inferred) {
      reread.push(c);
      return;
    }
    if (inferred.warning) warnings.push(inferred.warning);
    columns[c] = inferred.column;
  });
  if (reread.length) {
    // Numeric-looking columns that turned out to be text, whose cells were not all kept: read
    // just those columns again (rare: needs many numbers written unlike JavaScript writes them).
    const texts = reread.map(() => new Array<string>(n));
    await pass(file, {
      encoding: fileEncoding,
      strict: false,
      bom,
      delimiter: result.delimiter,
      limits,
      control,
      progress: false,
      guessChars,
      onRecord(cells, row) {
        reread.forEach((c, k) => (texts[k][row] = cells[c] ?? ''));
        if ((row & 2047) === 2047) for (const t of texts) compactStrings(t, range(row - 2047, row + 1));
      },
    });
    for (const t of texts) compactStrings(t, range(n & ~2047, n));
    reread.forEach((c, k) => {
      columns[c] = {
        name: cleaned.names[c],
        type: 'string',
        values: texts[k].map((t) => (t === '' ? null : t)),
      };
    });
  }
  if (warningEncoding) warnings.unshift(warningEncoding);
  return { frame: { columns, numRows: n }, warnings };
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);
