// Dispatches one table file to its parser by sniffed format. CSV/TSV stream from the file; the
// other formats are parsed from the whole content in memory.
import { InputError, type RunControl, type SourceFile } from '../types';
import { parseArrow } from './arrow';
import { parseDelimited } from './csv';
import { decodeText } from './encoding';
import { parseJson, parseJsonLines } from './json';
import { formatBytes, type Limits } from './limits';
import { parseParquet } from './parquet';
import type { Format } from './sniff';
import type { TableResult } from './table-result';

/**
 * Largest JSON / JSON Lines file: its text is decoded into one string, and V8 (Node and Chromium)
 * refuses strings over 2^29 − 24 characters (~512 MiB). Past this a clear error, not a crash.
 */
export const MAX_JSON_BYTES = 500 * 1024 * 1024;

export async function parseTable(
  file: SourceFile,
  head: Uint8Array,
  format: Format,
  limits: Limits,
  control?: RunControl,
): Promise<TableResult> {
  const name = file.name;
  switch (format) {
    case 'csv':
    case 'tsv':
      return parseDelimited(file, head, limits, control, format === 'tsv' ? '\t' : undefined);
    case 'arrow':
    case 'arrow-stream':
      return parseArrow(await file.bytes(), name, format === 'arrow-stream', limits);
    case 'parquet':
      return parseParquet(file, name, limits);
    case 'json':
    case 'jsonl': {
      if (file.size > MAX_JSON_BYTES) {
        throw new InputError(
          name,
          `${formatBytes(file.size)} of JSON is over the ${formatBytes(MAX_JSON_BYTES)} limit for JSON files ` +
            '(read whole into one string); convert it to CSV, Arrow or Parquet',
        );
      }
      const decoded = decodeText(await file.bytes());
      const result =
        format === 'json'
          ? parseJson(decoded.text, name, limits)
          : parseJsonLines(decoded.text, name, limits);
      if (decoded.warning) result.warnings.unshift(decoded.warning);
      return result;
    }
    default:
      throw new InputError(name, `not a table format (${format})`);
  }
}
