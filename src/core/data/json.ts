// JSON (an array of row objects, or an object of equal-length column arrays) and JSON Lines.
import { InputError } from '../types';
import { cleanHeaders } from './headers';
import { formatCount, type Limits } from './limits';
import type { TableResult } from './table-result';
import { inferValueColumn } from './values';

type Row = Record<string, unknown>;

export function parseJson(text: string, file: string, limits: Limits): TableResult {
  if (text.trim() === '') throw new InputError(file, 'empty file');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InputError(file, `invalid JSON (${(e as Error).message})`);
  }
  if (Array.isArray(doc)) return fromRows(doc, file, limits, (i) => `item ${i}`);
  if (doc && typeof doc === 'object') {
    const entries = Object.entries(doc as Row);
    if (entries.length > 0 && entries.every(([, v]) => Array.isArray(v)))
      return fromColumns(entries, file, limits);
    return fromRows([doc], file, limits, (i) => `item ${i}`);
  }
  throw new InputError(file, 'JSON must be an array of objects (one per sample)');
}

export function parseJsonLines(text: string, file: string, limits: Limits): TableResult {
  if (text.trim() === '') throw new InputError(file, 'empty file');
  const rows: unknown[] = [];
  const lineOf: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      rows.push(JSON.parse(line));
      lineOf.push(i + 1);
    } catch {
      throw new InputError(file, `line ${i + 1} is not valid JSON`);
    }
  });
  return fromRows(rows, file, limits, (i) => `line ${lineOf[i]}`);
}

function fromRows(rows: unknown[], file: string, limits: Limits, where: (i: number) => string): TableResult {
  if (rows.length === 0) throw new InputError(file, 'no samples (empty array)');
  if (rows.length > limits.maxRows) {
    throw new InputError(
      file,
      `${formatCount(rows.length)} rows, over the limit of ${formatCount(limits.maxRows)}`,
    );
  }
  const keys = new Set<string>();
  rows.forEach((r, i) => {
    if (!r || typeof r !== 'object' || Array.isArray(r)) {
      throw new InputError(file, `${where(i)} is not an object (each sample must be {"column": value, ...})`);
    }
    for (const k of Object.keys(r)) keys.add(k);
    if (keys.size > limits.maxColumns) {
      throw new InputError(file, `more than ${formatCount(limits.maxColumns)} columns, over the limit`);
    }
  });
  const names = [...keys];
  return build(
    names.map((k) => rows.map((r) => (r as Row)[k])),
    names,
    limits,
    file,
  );
}

function fromColumns(entries: [string, unknown][], file: string, limits: Limits): TableResult {
  const n = (entries[0][1] as unknown[]).length;
  const bad = entries.find(([, v]) => (v as unknown[]).length !== n);
  if (bad)
    throw new InputError(
      file,
      `column "${bad[0]}" has ${(bad[1] as unknown[]).length} values, expected ${n}`,
    );
  if (n === 0) throw new InputError(file, 'no samples (empty columns)');
  if (entries.length > limits.maxColumns) {
    throw new InputError(
      file,
      `${formatCount(entries.length)} columns, over the limit of ${formatCount(limits.maxColumns)}`,
    );
  }
  if (n > limits.maxRows)
    throw new InputError(file, `${formatCount(n)} rows, over the limit of ${formatCount(limits.maxRows)}`);
  return build(
    entries.map(([, v]) => v as unknown[]),
    entries.map(([k]) => k),
    limits,
    file,
  );
}

function build(data: unknown[][], rawNames: string[], limits: Limits, file: string): TableResult {
  const { names, warnings } = cleanHeaders(rawNames);
  const columns = data.map((values, c) => {
    for (const v of values) {
      if (typeof v === 'string' && v.length > limits.maxCellBytes) {
        throw new InputError(file, `a value in column "${names[c]}" is over the cell size limit`);
      }
    }
    const inferred = inferValueColumn(names[c], values);
    if (inferred.warning) warnings.push(inferred.warning);
    return inferred.column;
  });
  return { frame: { columns, numRows: data[0]?.length ?? 0 }, warnings };
}
