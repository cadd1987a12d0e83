// Format detection from the first bytes, never from the extension: a renamed file must be read
// as what it is.
import Papa from 'papaparse';
import type { LoadedDataset } from '../types';
import { decodeText } from './encoding';
import { isTar } from './tar-stream';

export type Format = LoadedDataset['format'] | 'png' | 'jpeg' | 'tar' | 'unknown';

/** How many bytes of a file sniffFormat wants to see. */
export const SNIFF_BYTES = 64 * 1024;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(head: Uint8Array, sig: readonly number[]): boolean {
  if (head.length < sig.length) return false;
  return sig.every((b, i) => head[i] === b);
}

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

export function sniffFormat(head: Uint8Array, _name: string): Format {
  if (head.length === 0) return 'unknown';
  if (startsWith(head, ascii('ARROW1'))) return 'arrow';
  if (isArrowStream(head)) return 'arrow-stream';
  if (startsWith(head, ascii('PAR1'))) return 'parquet';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (startsWith(head, PNG_SIGNATURE)) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (isTar(head)) return 'tar';
  return sniffText(decodeText(head, true).text);
}

/** A stream opens with the continuation marker 0xFFFFFFFF and a plausible metadata length. */
function isArrowStream(head: Uint8Array): boolean {
  if (head.length < 8 || !startsWith(head, [0xff, 0xff, 0xff, 0xff])) return false;
  const len = new DataView(head.buffer, head.byteOffset, 8).getInt32(4, true);
  return len > 0 && len < 1 << 26 && len % 8 === 0;
}

function sniffText(text: string): Format {
  if (looksBinary(text)) return 'unknown';
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) return 'json';
  if (trimmed.startsWith('{')) return isJsonLines(trimmed) ? 'jsonl' : 'json';
  if (trimmed.length === 0) return 'unknown';
  const guess = Papa.parse<string[]>(text, { preview: 20, skipEmptyLines: true });
  return guess.meta.delimiter === '\t' ? 'tsv' : 'csv';
}

/** NUL or many control characters: not a text table. */
function looksBinary(text: string): boolean {
  const n = Math.min(text.length, 4096);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) control++;
  }
  return control > n * 0.05;
}

/** JSON Lines: the first line is a complete JSON value and another line follows. */
function isJsonLines(text: string): boolean {
  const lines = text
    .split('\n', 50)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines.length < 2 || !lines[1].startsWith('{')) return false;
  try {
    JSON.parse(lines[0]);
    return true;
  } catch {
    return false;
  }
}

/** What a file's extension claims, to warn when it disagrees with the content. */
export function formatFromExtension(name: string): Format | undefined {
  const ext = name.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  const map: Record<string, Format> = {
    arrow: 'arrow',
    feather: 'arrow',
    ipc: 'arrow',
    arrows: 'arrow-stream',
    parquet: 'parquet',
    pq: 'parquet',
    zip: 'zip',
    tar: 'tar',
    png: 'png',
    jpg: 'jpeg',
    jpeg: 'jpeg',
    json: 'json',
    jsonl: 'jsonl',
    ndjson: 'jsonl',
    csv: 'csv',
    tsv: 'tsv',
    tab: 'tsv',
  };
  return ext ? map[ext] : undefined;
}

export const TABLE_FORMATS: readonly Format[] = [
  'arrow',
  'arrow-stream',
  'parquet',
  'csv',
  'tsv',
  'json',
  'jsonl',
];
