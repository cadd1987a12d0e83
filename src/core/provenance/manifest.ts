// Provenance manifests: the SHA-256 of every file of a dataset as it was when it was vetted, and
// optionally where each file came from (origin, retrieval date, licence, who vetted it and when).
// Verifying a dataset against its manifest catches a file swapped after vetting (split-view
// poisoning): the name is the same, the content is not; vetting.ts checks the recorded sources.
// DOM-free; hashing is the caller's job (src/core/data/hash.ts streams it), this module compares.
// The source fields are optional, so manifests made before them still read (same version 1).
import { InputError } from '../types';

export const MANIFEST_FORMAT = 'assay-manifest';
export const MANIFEST_VERSION = 1;

export interface ManifestEntry {
  /** Relative path with '/' separators, as given when the manifest was made. */
  path: string;
  /** Size in bytes; absent when the manifest came from `sha256sum`, which records none. */
  size?: number;
  sha256: string;
  /** Where the file came from: a URL or the name of a system (`s3://…`, `crm-export`). */
  origin?: string;
  /** When it was retrieved from its origin (ISO date or date-time). */
  retrieved?: string;
  /** Its licence, as an SPDX id where there is one (`CC-BY-4.0`). */
  licence?: string;
  /** Who vetted it, and when (ISO date or date-time). */
  vettedBy?: string;
  vetted?: string;
}

/** The source fields of a manifest entry. */
export type FileSource = Pick<ManifestEntry, 'origin' | 'retrieved' | 'licence' | 'vettedBy' | 'vetted'>;
export const SOURCE_FIELDS = ['origin', 'retrieved', 'licence', 'vettedBy', 'vetted'] as const;
const DATE_FIELDS = new Set<string>(['retrieved', 'vetted']);

/** YYYY-MM-DD, optionally with a time: what `--retrieved` and `--vetted` accept. */
export function isIsoDate(s: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(s) && !Number.isNaN(Date.parse(s))
  );
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  version: typeof MANIFEST_VERSION;
  /** ISO time the manifest was made; absent for a `sha256sum` list. */
  created?: string;
  files: ManifestEntry[];
}

/** A file as it is now: its name (relative path), size and SHA-256. */
export interface HashedFile {
  name: string;
  size: number;
  sha256: string;
}

export type VerifyStatus = 'verified' | 'modified' | 'unknown' | 'missing';

export interface VerifyResult {
  /** The file's name; for `missing`, the manifest's path. */
  path: string;
  status: VerifyStatus;
  /** The manifest's hash (absent for `unknown`: the manifest does not list the file). */
  expected?: string;
  /** The file's hash now (absent for `missing`: there is no file). */
  actual?: string;
  /** The file's size now (absent for `missing`). */
  size?: number;
  /** The manifest path a file was matched to, when it differs from the file's name. */
  matchedPath?: string;
  /** The manifest's recorded origin and licence of the file, when it records them. */
  origin?: string;
  licence?: string;
}

const HEX64 = /^[0-9a-fA-F]{64}$/;

/** './a\\b.csv' -> 'a/b.csv': manifests made on Windows or with `find .` still match. */
export function normalisePath(p: string): string {
  let s = p.replace(/\\/g, '/');
  while (s.startsWith('./')) s = s.slice(2);
  return s.replace(/\/{2,}/g, '/');
}

const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/**
 * A manifest of the files. `source` (origin, licence, vetting) is recorded on every file, or per
 * file when it is a function of the file's normalised path; empty fields are left out.
 */
export function createManifest(
  files: HashedFile[],
  now = new Date(),
  source?: FileSource | ((path: string) => FileSource | undefined),
): Manifest {
  const seen = new Map<string, string>();
  const entries: ManifestEntry[] = [];
  for (const f of files) {
    const path = normalisePath(f.name);
    const before = seen.get(path);
    if (before !== undefined) {
      // The same path twice (two folders with the same layout): a manifest cannot say which.
      if (before !== f.sha256) throw new InputError(path, 'listed twice with different content');
      continue;
    }
    seen.set(path, f.sha256);
    const given = typeof source === 'function' ? source(path) : source;
    entries.push({ path, size: f.size, sha256: f.sha256.toLowerCase(), ...cleanSource(given) });
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { format: MANIFEST_FORMAT, version: MANIFEST_VERSION, created: now.toISOString(), files: entries };
}

function cleanSource(s: FileSource | undefined): FileSource {
  const out: FileSource = {};
  for (const k of SOURCE_FIELDS) {
    const v = s?.[k]?.trim();
    if (v) out[k] = v;
  }
  return out;
}

/** Accepts Assay's JSON manifest or `sha256sum` output (text and binary mode, `--tag` too). */
export function parseManifest(text: string, fileName: string): Manifest {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new InputError(fileName, 'empty manifest');
  return body.trimStart().startsWith('{') ? parseJsonManifest(body, fileName) : parseSumList(body, fileName);
}

function parseJsonManifest(text: string, fileName: string): Manifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError(fileName, `not valid JSON (${(e as Error).message})`);
  }
  const obj = data as Partial<Manifest> | null;
  if (!obj || typeof obj !== 'object' || obj.format !== MANIFEST_FORMAT)
    throw new InputError(fileName, `not an Assay manifest (format is not "${MANIFEST_FORMAT}")`);
  if (obj.version !== MANIFEST_VERSION)
    throw new InputError(fileName, `manifest version ${String(obj.version)} is not supported (expected 1)`);
  if (!Array.isArray(obj.files)) throw new InputError(fileName, 'manifest has no "files" list');
  const files: ManifestEntry[] = [];
  obj.files.forEach((raw: unknown, i) => {
    const e = raw as Partial<ManifestEntry> | null;
    const where = `files[${i}]`;
    if (!e || typeof e !== 'object') throw new InputError(fileName, `${where}: not an object`);
    if (typeof e.path !== 'string' || e.path === '')
      throw new InputError(fileName, `${where}: "path" must be a non-empty string`);
    if (typeof e.sha256 !== 'string' || !HEX64.test(e.sha256))
      throw new InputError(fileName, `${where}: "sha256" must be 64 hex digits`);
    if (e.size !== undefined && !(Number.isInteger(e.size) && e.size >= 0))
      throw new InputError(fileName, `${where}: "size" must be a whole number of bytes`);
    const source: FileSource = {};
    for (const k of SOURCE_FIELDS) {
      const v: unknown = e[k];
      if (v === undefined) continue;
      if (typeof v !== 'string' || v.trim() === '')
        throw new InputError(fileName, `${where}: "${k}" must be a non-empty string`);
      if (DATE_FIELDS.has(k) && !isIsoDate(v))
        throw new InputError(
          fileName,
          `${where}: "${k}" must be an ISO date such as 2026-01-31, got "${clip(v, 30)}"`,
        );
      source[k] = v;
    }
    const entry: ManifestEntry = {
      path: normalisePath(e.path),
      size: e.size,
      sha256: e.sha256.toLowerCase(),
    };
    files.push(Object.assign(entry, source));
  });
  checkDuplicates(files, fileName, (i) => `files[${i}]`);
  return {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    created: typeof obj.created === 'string' ? obj.created : undefined,
    files,
  };
}

/** `sha256sum`'s escaping: a leading '\' means the name has '\\' and '\n' escapes. */
function unescapeSumName(name: string): string {
  return name.replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
}

function parseSumList(text: string, fileName: string): Manifest {
  const files: ManifestEntry[] = [];
  const lineOf: number[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const escaped = line.startsWith('\\');
    const rest = escaped ? line.slice(1) : line;
    // GNU: "<hash>  path" (text) or "<hash> *path" (binary). BSD / --tag: "SHA256 (path) = <hash>".
    const gnu = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(rest);
    const tag = gnu ? null : /^SHA256 \((.+)\) = ([0-9a-fA-F]{64})$/.exec(rest);
    if (!gnu && !tag)
      throw new InputError(
        fileName,
        `line ${i + 1}: expected "<64 hex digits>  <path>", got "${clip(line)}"`,
      );
    const hash = gnu ? gnu[1] : tag![2];
    const name = gnu ? gnu[2] : tag![1];
    files.push({ path: normalisePath(escaped ? unescapeSumName(name) : name), sha256: hash.toLowerCase() });
    lineOf.push(i + 1);
  });
  if (files.length === 0) throw new InputError(fileName, 'no files listed');
  checkDuplicates(files, fileName, (i) => `line ${lineOf[i]}`);
  return { format: MANIFEST_FORMAT, version: MANIFEST_VERSION, files };
}

/** A path listed twice: fine when the hashes agree (dropped), an error when they differ. */
function checkDuplicates(files: ManifestEntry[], fileName: string, where: (i: number) => string): void {
  const first = new Map<string, number>();
  for (let i = 0; i < files.length; i++) {
    const j = first.get(files[i].path);
    if (j === undefined) {
      first.set(files[i].path, i);
    } else if (files[j].sha256 !== files[i].sha256) {
      throw new InputError(
        fileName,
        `${where(i)}: "${clip(files[i].path)}" is listed again with a different hash`,
      );
    }
  }
  const keep = new Set(first.values());
  const unique = files.filter((_, i) => keep.has(i));
  files.splice(0, files.length, ...unique);
}

/** Dataset text in an error message stays one short line. */
function clip(s: string, max = 80): string {
  const one = s.replace(/[\r\n\t]/g, ' ');
  return one.length > max ? `${one.slice(0, max)}…` : one;
}

/**
 * Compares files against a manifest. A file matches the entry with its exact relative path, else
 * the entry with its basename when exactly one unmatched entry and one unmatched file share that
 * basename (a manifest made from `data/` and a scan of `data/x.csv` still match). Results list
 * the files in the given order, then the manifest entries no file matched (`missing`).
 */
export function verifyFiles(manifest: Manifest, files: HashedFile[]): VerifyResult[] {
  const entries = manifest.files;
  const byPath = new Map(entries.map((e, i) => [e.path, i]));
  const matchOf = new Array<number>(files.length).fill(-1);
  const taken = new Set<number>();
  const names = files.map((f) => normalisePath(f.name));
  names.forEach((name, fi) => {
    const ei = byPath.get(name);
    if (ei !== undefined && !taken.has(ei)) {
      matchOf[fi] = ei;
      taken.add(ei);
    }
  });
  // Basename fallback, only where it is unambiguous on both sides.
  const entriesByBase = groupBy(
    entries.map((_, i) => i).filter((i) => !taken.has(i)),
    (i) => baseName(entries[i].path),
  );
  const filesByBase = groupBy(
    files.map((_, i) => i).filter((i) => matchOf[i] < 0),
    (i) => baseName(names[i]),
  );
  for (const [base, fileIdx] of filesByBase) {
    const entryIdx = entriesByBase.get(base);
    if (fileIdx.length === 1 && entryIdx?.length === 1) {
      matchOf[fileIdx[0]] = entryIdx[0];
      taken.add(entryIdx[0]);
    }
  }

  const results: VerifyResult[] = files.map((f, fi) => {
    const actual = f.sha256.toLowerCase();
    if (matchOf[fi] < 0) return { path: f.name, status: 'unknown', actual, size: f.size };
    const entry = entries[matchOf[fi]];
    // A size that differs is a modification even before comparing hashes (and says so cheaply).
    const same = entry.sha256 === actual && (entry.size === undefined || entry.size === f.size);
    const result: VerifyResult = {
      path: f.name,
      status: same ? 'verified' : 'modified',
      expected: entry.sha256,
      actual,
      size: f.size,
    };
    if (entry.path !== names[fi]) result.matchedPath = entry.path;
    if (entry.origin) result.origin = entry.origin;
    if (entry.licence) result.licence = entry.licence;
    return result;
  });
  entries.forEach((e, i) => {
    if (taken.has(i)) return;
    const missing: VerifyResult = { path: e.path, status: 'missing', expected: e.sha256 };
    if (e.origin) missing.origin = e.origin;
    if (e.licence) missing.licence = e.licence;
    results.push(missing);
  });
  return results;
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

export type VerifyCounts = Record<VerifyStatus, number>;

export function countStatuses(results: VerifyResult[]): VerifyCounts {
  const counts: VerifyCounts = { verified: 0, modified: 0, unknown: 0, missing: 0 };
  for (const r of results) counts[r.status]++;
  return counts;
}

/** The manifest as a `sha256sum -c` compatible list. */
export function manifestToSha256sum(manifest: Manifest): string {
  return manifest.files
    .map((f) =>
      /[\\\n]/.test(f.path)
        ? `\\${f.sha256}  ${f.path.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`
        : `${f.sha256}  ${f.path}`,
    )
    .join('\n')
    .concat('\n');
}
