// `assay manifest create|verify|urls`: record the SHA-256 of a dataset's files when it is vetted,
// with where they came from, and check later that the files are still those (a swapped file is
// split-view poisoning) and that their sources meet the policy.
//   assay manifest create <files-or-folders…> [--out FILE] [--source URL] [--licence ID]
//                         [--vetted-by NAME] [--vetted DATE] [--retrieved DATE] [--sources CSV]
//   assay manifest verify <manifest> <files-or-folders…> [--allow-origin P]… [--allow-licence ID]…
//   assay manifest urls <url-list.csv> <files-or-folders…>
// verify exits 0 when every file is verified and its source vetted, 1 otherwise; urls exits 0
// when every listed file is there with its listed hash, 1 otherwise.
import fs from 'node:fs';
import path from 'node:path';
import { hashSources } from '../src/core/data/hash';
import { sourceFromPath, sourcesFromPath } from '../src/core/data/node-source';
import {
  countStatuses,
  createManifest,
  normalisePath,
  parseManifest,
  verifyFiles,
  isIsoDate,
  type FileSource,
  type HashedFile,
  type Manifest,
  type VerifyResult,
} from '../src/core/provenance/manifest';
import type { SourceFile } from '../src/core/types';
import { InputError } from '../src/core/types';
import { parseSourcesCsv } from '../src/core/provenance/sources-csv';
import { parseUrlList, verifyUrlList, type UrlCheck } from '../src/core/provenance/url-list';
import { recordsSources, vetManifest, type VettingPolicy } from '../src/core/provenance/vetting';
import type { ProvenanceFinding } from '../src/core/provenance/finding';
import { parseArgs, takeFlags, UsageError } from './args';

export const MANIFEST_USAGE = `usage: assay manifest create <files-or-folders…> [--out FILE] [source options]
       assay manifest verify <manifest> <files-or-folders…> [--allow-origin PREFIX]… [--allow-licence ID]…
       assay manifest urls <url-list.csv> <files-or-folders…>

create: prints a JSON manifest of the files' sizes and SHA-256 hashes (or writes it to FILE).
        A folder stands for all files under it, named relative to it. Source options, recorded
        on every file: --source URL (origin: a URL or a system's name), --licence ID (SPDX),
        --retrieved DATE, --vetted-by NAME, --vetted DATE (default: today when --vetted-by is
        given); or --sources CSV with per-file columns path, origin, retrieved, licence,
        vetted_by, vetted.
verify: checks the files against a manifest (Assay's JSON or \`sha256sum\` output) and prints
        one line per file: verified, modified, unknown (not in the manifest) or missing. When the
        manifest records sources or an allow-list is given, it also lists files with no recorded
        origin, licence or vetting, origins outside --allow-origin, licences outside
        --allow-licence, and files retrieved after they were vetted (each option repeatable or
        comma-separated).
urls:   checks downloaded files against a URL list (CSV with url and sha256 columns, optionally
        file; else a URL's file is its last path segment): verified, mismatch, missing, unlisted.

exit status: 0 all verified, 1 any file or source not as vetted, 2 usage or input error`;

export const MANIFEST_FLAGS = new Set([
  'out',
  'quiet',
  'help',
  'source',
  'licence',
  'retrieved',
  'vetted-by',
  'vetted',
  'sources',
  'allow-origin',
  'allow-licence',
]);

/** Flags that may be given more than once (runManifestArgv collects every value). */
export const MANIFEST_REPEATED = ['allow-origin', 'allow-licence'];

/**
 * Files named on the command line, hashed in one streamed pass each. A file keeps the path as
 * given; a folder's files are named relative to the folder. `exclude` (absolute paths) keeps the
 * manifest itself out when it lives in the folder it describes.
 */
export async function hashPaths(paths: string[], exclude: string[] = []): Promise<HashedFile[]> {
  const skip = new Set(exclude.map((p) => path.resolve(p)));
  const sources: SourceFile[] = [];
  for (const p of paths) {
    if (!fs.existsSync(p)) throw new InputError(p, 'no such file or folder');
    if (fs.statSync(p).isDirectory()) {
      const inside = await sourcesFromPath(p);
      sources.push(...inside.filter((s) => !skip.has(path.resolve(p, s.name))));
    } else if (!skip.has(path.resolve(p))) {
      sources.push(sourceFromPath(p, normalisePath(p.split(path.sep).join('/'))));
    }
  }
  const hashed = await hashSources(sources);
  return hashed.map((h) => ({ name: h.name, size: h.bytes, sha256: h.sha256 }));
}

/** Reads and parses a manifest file; a missing or bad one is an input error naming it. */
export function readManifest(file: string): Manifest {
  if (!fs.existsSync(file)) throw new InputError(file, 'no such manifest');
  if (fs.statSync(file).isDirectory()) throw new InputError(file, 'is a folder, not a manifest');
  return parseManifest(fs.readFileSync(file, 'utf8'), path.basename(file));
}

/** One line per result, `status  path`; control characters in a name cannot break the line. */
export function verifyLines(results: VerifyResult[]): string[] {
  return results.map(
    (r) => `${r.status.padEnd(8)}  ${r.path.replace(/[\r\n]/g, (c) => (c === '\n' ? '\\n' : '\\r'))}`,
  );
}

/** `assay manifest …` from its argv, with the repeatable allow-list flags. */
export async function runManifestArgv(argv: string[]): Promise<number> {
  const { rest, values } = takeFlags(argv, MANIFEST_REPEATED, []);
  const { positional, flags } = parseArgs(rest, MANIFEST_FLAGS);
  if (flags.help) {
    process.stdout.write(MANIFEST_USAGE + '\n');
    return 0;
  }
  return runManifest(positional, flags, values);
}

/** One line per finding: kind, file, what is wrong and the ATLAS ids. */
export function findingLines(findings: ProvenanceFinding[]): string[] {
  return findings.map(
    (f) =>
      `${f.kind.padEnd(23)}  ${oneLine(f.path)}: ${oneLine(f.message)} [${f.atlas.map((t) => t.id).join(', ')}]`,
  );
}

const oneLine = (s: string) => s.replace(/[\r\n]/g, (c) => (c === '\n' ? '\\n' : '\\r'));

/** Every value of a list flag: repeated (from runManifestArgv) and comma-separated. */
function listFlag(name: string, flags: Record<string, string>, lists?: Record<string, string[]>): string[] {
  const given = lists?.[name]?.length ? lists[name] : flags[name] !== undefined ? [flags[name]] : [];
  return given
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function sourceOptions(
  flags: Record<string, string>,
  now: Date,
): FileSource | ((path: string) => FileSource | undefined) | undefined {
  for (const name of ['retrieved', 'vetted'])
    if (flags[name] !== undefined && !isIsoDate(flags[name]))
      throw new UsageError(`--${name} must be an ISO date such as 2026-01-31, got "${flags[name]}"`);
  const given: FileSource = {
    origin: flags.source,
    licence: flags.licence,
    retrieved: flags.retrieved,
    vettedBy: flags['vetted-by'],
    vetted: flags.vetted ?? (flags['vetted-by'] ? now.toISOString().slice(0, 10) : undefined),
  };
  if (flags.sources === undefined) return given;
  const file = flags.sources;
  if (!fs.existsSync(file)) throw new InputError(file, 'no such sources file');
  const perFile = parseSourcesCsv(fs.readFileSync(file, 'utf8'), path.basename(file));
  // A file's own row wins over the options given for all files.
  return (p) => {
    const own = perFile.get(p);
    if (!own) return given;
    const merged: FileSource = { ...given };
    for (const [k, v] of Object.entries(own) as [keyof FileSource, string][]) merged[k] = v;
    return merged;
  };
}

const SOURCE_FLAGS = ['source', 'licence', 'retrieved', 'vetted-by', 'vetted', 'sources'];
const POLICY_FLAGS = ['allow-origin', 'allow-licence'];

export async function runManifest(
  positional: string[],
  flags: Record<string, string>,
  lists?: Record<string, string[]>,
): Promise<number> {
  const [sub, ...rest] = positional;
  const quiet = flags.quiet === 'true';
  const misplaced = (names: string[]) => names.find((n) => flags[n] !== undefined || lists?.[n]?.length);
  if (sub === 'create') {
    if (rest.length === 0) throw new UsageError('manifest create needs at least one file or folder');
    const wrong = misplaced(POLICY_FLAGS);
    if (wrong) throw new UsageError(`manifest create takes no --${wrong}`);
    const now = new Date();
    const source = sourceOptions(flags, now);
    const out = flags.out;
    if (out && fs.existsSync(out) && fs.statSync(out).isDirectory())
      throw new InputError(out, 'is a folder; --out takes a file name');
    const manifest = createManifest(await hashPaths(rest, out ? [out] : []), now, source);
    const json = JSON.stringify(manifest, null, 2) + '\n';
    if (out) {
      fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
      fs.writeFileSync(out, json);
      if (!quiet) process.stderr.write(`assay: wrote ${out} (${manifest.files.length} files)\n`);
    } else {
      process.stdout.write(json);
    }
    return 0;
  }
  if (sub === 'verify') {
    const wrong = misplaced(['out', ...SOURCE_FLAGS]);
    if (wrong) throw new UsageError(`manifest verify takes no --${wrong}`);
    if (rest.length < 2)
      throw new UsageError('manifest verify needs a manifest and at least one file or folder');
    const [manifestFile, ...targets] = rest;
    const manifest = readManifest(manifestFile);
    const results = verifyFiles(manifest, await hashPaths(targets, [manifestFile]));
    const policy: VettingPolicy = {
      allowOrigins: listFlag('allow-origin', flags, lists),
      allowLicences: listFlag('allow-licence', flags, lists),
    };
    // A manifest of hashes only, checked without a policy, is checked as before: hashes only.
    const vet =
      recordsSources(manifest) || policy.allowOrigins!.length > 0 || policy.allowLicences!.length > 0;
    const findings = vet ? vetManifest(manifest, policy) : [];
    process.stdout.write([...verifyLines(results), ...findingLines(findings)].join('\n') + '\n');
    const c = countStatuses(results);
    if (!quiet)
      process.stderr.write(
        `assay: ${c.verified} verified, ${c.modified} modified, ${c.unknown} unknown, ${c.missing} missing` +
          (vet ? `; ${findings.length} source finding(s)\n` : '\n'),
      );
    return c.verified === results.length && findings.length === 0 ? 0 : 1;
  }
  if (sub === 'urls') {
    const wrong = misplaced(['out', ...SOURCE_FLAGS, ...POLICY_FLAGS]);
    if (wrong) throw new UsageError(`manifest urls takes no --${wrong}`);
    if (rest.length < 2)
      throw new UsageError('manifest urls needs a URL list and at least one file or folder');
    const [listFile, ...targets] = rest;
    if (!fs.existsSync(listFile)) throw new InputError(listFile, 'no such URL list');
    if (fs.statSync(listFile).isDirectory()) throw new InputError(listFile, 'is a folder, not a URL list');
    const entries = parseUrlList(fs.readFileSync(listFile, 'utf8'), path.basename(listFile));
    const { checks, findings } = verifyUrlList(entries, await hashPaths(targets, [listFile]));
    process.stdout.write([...urlLines(checks), ...findingLines(findings)].join('\n') + '\n');
    const ok = checks.filter((x) => x.status === 'verified').length;
    if (!quiet)
      process.stderr.write(
        `assay: ${ok} of ${entries.length} listed files verified; ${findings.length} finding(s)\n`,
      );
    return findings.length === 0 ? 0 : 1;
  }
  throw new UsageError(
    sub
      ? `unknown manifest command "${sub}" (create, verify, urls)`
      : 'manifest needs create, verify or urls',
  );
}

/** One line per URL-list check, `status  file`. */
export function urlLines(checks: UrlCheck[]): string[] {
  return checks.map((c) => `${c.status.padEnd(8)}  ${oneLine(c.file)}`);
}
