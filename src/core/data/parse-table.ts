// Dispatches one table file to its parser by sniffed format.
import { InputError, type RunControl } from '../types';
import { parseArrow } from './arrow';
import { parseDelimited } from './csv';
import { decodeText } from './encoding';
import { parseJson, parseJsonLines } from './json';
import type { Limits } from './limits';
import { parseParquet } from './parquet';
import type { Format } from './sniff';
import type { TableResult } from './table-result';

export async function parseTable(
  bytes: Uint8Array,
  file: string,
  format: Format,
  limits: Limits,
  control?: RunControl,
): Promise<TableResult> {
  switch (format) {
    case 'arrow':
    case 'arrow-stream':
      return parseArrow(bytes, file, format === 'arrow-stream', limits);
    case 'parquet':
      return parseParquet(bytes, file, limits);
    case 'csv':
    case 'tsv':
    case 'json':
    case 'jsonl':
      return parseText(bytes, file, format, limits, control);
    default:
      throw new InputError(file, `not a table format (${format})`);
  }
}

function parseText(
  bytes: Uint8Array,
  file: string,
  format: 'csv' | 'tsv' | 'json' | 'jsonl',
  limits: Limits,
  control?: RunControl,
): TableResult {
  const decoded = decodeText(bytes);
  const result =
    format === 'json'
      ? parseJson(decoded.text, file, limits)
      : format === 'jsonl'
        ? parseJsonLines(decoded.text, file, limits)
        : parseDelimited(decoded.text, file, limits, control, format === 'tsv' ? '\t' : undefined);
  if (decoded.warning) result.warnings.unshift(decoded.warning);
  return result;
}
