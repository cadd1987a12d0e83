// A sidecar file of per-file sources for `manifest create --sources FILE`: a CSV with a `path`
// column and any of origin, retrieved, licence, vetted_by, vetted. For datasets whose files came
// from different places; `--source`/`--licence`/… give one source to every file instead.
import Papa from 'papaparse';
import { InputError } from '../types';
import { isIsoDate, normalisePath, type FileSource } from './manifest';

const COLUMNS: Record<string, keyof FileSource> = {
  origin: 'origin',
  source: 'origin',
  retrieved: 'retrieved',
  licence: 'licence',
  license: 'licence',
  vetted_by: 'vettedBy',
  vetted: 'vetted',
};

export function parseSourcesCsv(text: string, fileName: string): Map<string, FileSource> {
  const rows = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' }).data;
  if (rows.length < 2) throw new InputError(fileName, 'expected a header and at least one row');
  const header = rows[0].map((h) => h.trim().toLowerCase());
  const pathAt = header.indexOf('path');
  if (pathAt < 0) throw new InputError(fileName, 'expected a "path" column');
  const out = new Map<string, FileSource>();
  for (let r = 1; r < rows.length; r++) {
    const path = normalisePath((rows[r][pathAt] ?? '').trim());
    if (!path) throw new InputError(fileName, `line ${r + 1}: no path`);
    if (out.has(path)) throw new InputError(fileName, `line ${r + 1}: "${path}" is listed twice`);
    const source: FileSource = {};
    header.forEach((h, c) => {
      const key = COLUMNS[h];
      const v = (rows[r][c] ?? '').trim();
      if (!key || !v) return;
      if ((key === 'retrieved' || key === 'vetted') && !isIsoDate(v))
        throw new InputError(fileName, `line ${r + 1}: ${h} must be an ISO date such as 2026-01-31`);
      source[key] = v;
    });
    out.set(path, source);
  }
  return out;
}
