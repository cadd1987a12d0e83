// URL lists: datasets distributed as rows of `url,sha256` (LAION, DataComp, …), downloaded by each
// user. Whoever controls a URL's domain later can serve other bytes than those that were listed
// (split-view poisoning, Carlini et al. 2023); checking the downloaded files against the listed
// hashes catches it, offline. A row's file is named by a `file` column, else by the URL's last
// path segment.
import Papa from 'papaparse';
import { InputError } from '../types';
import { finding, type ProvenanceFinding } from './finding';
import { normalisePath, type HashedFile } from './manifest';

export interface UrlListEntry {
  url: string;
  sha256: string;
  /** The downloaded file's name (relative path), from the `file` column or the URL. */
  file: string;
  /** 1-based line in the list, for messages. */
  line: number;
}

export type UrlCheckStatus = 'verified' | 'mismatch' | 'missing' | 'unlisted';

export interface UrlCheck {
  file: string;
  url?: string;
  status: UrlCheckStatus;
  expected?: string;
  actual?: string;
}

const HEX64 = /^[0-9a-fA-F]{64}$/;
/** Larger is not a list to check by hand in memory here; the loaders stream big data instead. */
export const MAX_URL_LIST_BYTES = 256 * 1024 * 1024;

/** The URL's last path segment, percent-decoded; '' when the URL names no file. */
export function fileNameOfUrl(url: string): string {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return '';
  }
  const last = pathname.slice(pathname.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

export function parseUrlList(text: string, fileName: string): UrlListEntry[] {
  if (text.length > MAX_URL_LIST_BYTES) throw new InputError(fileName, 'URL list too large');
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const rows = parsed.data;
  if (rows.length === 0) throw new InputError(fileName, 'empty URL list');
  const header = rows[0].map((h) => h.trim().toLowerCase());
  const urlAt = header.indexOf('url');
  const hashAt = header.findIndex((h) => h === 'sha256' || h === 'hash');
  const fileAt = header.indexOf('file');
  if (urlAt < 0 || hashAt < 0)
    throw new InputError(
      fileName,
      `expected a header with "url" and "sha256" columns, got "${rows[0].join(',').slice(0, 80)}"`,
    );
  const entries: UrlListEntry[] = [];
  const byFile = new Map<string, number>();
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    const line = r + 1;
    const url = (row[urlAt] ?? '').trim();
    const sha256 = (row[hashAt] ?? '').trim();
    if (!url) throw new InputError(fileName, `line ${line}: no url`);
    if (!HEX64.test(sha256)) throw new InputError(fileName, `line ${line}: sha256 must be 64 hex digits`);
    const file = normalisePath(fileAt >= 0 && row[fileAt]?.trim() ? row[fileAt].trim() : fileNameOfUrl(url));
    if (!file) throw new InputError(fileName, `line ${line}: the URL names no file; add a "file" column`);
    const before = byFile.get(file);
    if (before !== undefined)
      throw new InputError(
        fileName,
        `line ${line}: file "${file}" is also named on line ${before}; add a "file" column`,
      );
    byFile.set(file, line);
    entries.push({ url, sha256: sha256.toLowerCase(), file, line });
  }
  if (entries.length === 0) throw new InputError(fileName, 'no URLs listed');
  return entries;
}

const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/**
 * Checks downloaded files against the list. A file matches an entry by its relative path, else by
 * its basename. Every entry gets a result (verified, mismatch, missing); downloaded files no entry
 * names are `unlisted`.
 */
export function verifyUrlList(
  entries: UrlListEntry[],
  files: HashedFile[],
): { checks: UrlCheck[]; findings: ProvenanceFinding[] } {
  const byPath = new Map<string, HashedFile>();
  const byBase = new Map<string, HashedFile[]>();
  for (const f of files) {
    const p = normalisePath(f.name);
    byPath.set(p, f);
    byBase.set(baseName(p), [...(byBase.get(baseName(p)) ?? []), f]);
  }
  const used = new Set<HashedFile>();
  const checks: UrlCheck[] = [];
  const findings: ProvenanceFinding[] = [];
  for (const e of entries) {
    const sameBase = byBase.get(baseName(e.file));
    const f = byPath.get(e.file) ?? (sameBase?.length === 1 ? sameBase[0] : undefined);
    if (!f || used.has(f)) {
      checks.push({ file: e.file, url: e.url, status: 'missing', expected: e.sha256 });
      findings.push(
        finding('url-file-missing', e.file, `listed at ${e.url} (line ${e.line}) but not downloaded`),
      );
      continue;
    }
    used.add(f);
    const actual = f.sha256.toLowerCase();
    const ok = actual === e.sha256;
    checks.push({
      file: e.file,
      url: e.url,
      status: ok ? 'verified' : 'mismatch',
      expected: e.sha256,
      actual,
    });
    if (!ok)
      findings.push(
        finding(
          'url-hash-mismatch',
          e.file,
          `differs from the hash listed for ${e.url} (line ${e.line}): the URL served other content than was listed`,
        ),
      );
  }
  for (const f of files)
    if (!used.has(f)) {
      checks.push({ file: f.name, status: 'unlisted', actual: f.sha256.toLowerCase() });
      findings.push(finding('url-file-unlisted', f.name, 'downloaded but not in the URL list'));
    }
  return { checks, findings };
}
