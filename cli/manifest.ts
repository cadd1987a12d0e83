// `assay manifest create|verify`: record the SHA-256 of a dataset's files when it is vetted, and
// check later that the files are still those (a swapped file is split-view poisoning).
//   assay manifest create <files-or-folders…> [--out FILE]
//   assay manifest verify <manifest> <files-or-folders…>
// verify exits 0 when every file is verified, 1 when any is modified, unknown or missing.
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
  type HashedFile,
  type Manifest,
  type VerifyResult,
} from '../src/core/provenance/manifest';
import type { SourceFile } from '../src/core/types';
import { InputError } from '../src/core/types';
import { UsageError } from './args';

export const MANIFEST_USAGE = `usage: assay manifest create <files-or-folders…> [--out FILE]
       assay manifest verify <manifest> <files-or-folders…>

create: prints a JSON manifest of the files' sizes and SHA-256 hashes (or writes it to FILE).
        A folder stands for all files under it, named relative to it.
verify: checks the files against a manifest (Assay's JSON or \`sha256sum\` output) and prints
        one line per file: verified, modified, unknown (not in the manifest) or missing.

exit status: 0 all verified, 1 any modified, unknown or missing, 2 usage or input error`;

export const MANIFEST_FLAGS = new Set(['out', 'quiet', 'help']);

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

export async function runManifest(positional: string[], flags: Record<string, string>): Promise<number> {
  const [sub, ...rest] = positional;
  const quiet = flags.quiet === 'true';
  if (sub === 'create') {
    if (rest.length === 0) throw new UsageError('manifest create needs at least one file or folder');
    const out = flags.out;
    if (out && fs.existsSync(out) && fs.statSync(out).isDirectory())
      throw new InputError(out, 'is a folder; --out takes a file name');
    const manifest = createManifest(await hashPaths(rest, out ? [out] : []));
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
    if (flags.out !== undefined) throw new UsageError('manifest verify takes no --out');
    if (rest.length < 2)
      throw new UsageError('manifest verify needs a manifest and at least one file or folder');
    const [manifestFile, ...targets] = rest;
    const manifest = readManifest(manifestFile);
    const results = verifyFiles(manifest, await hashPaths(targets, [manifestFile]));
    process.stdout.write(verifyLines(results).join('\n') + '\n');
    const c = countStatuses(results);
    if (!quiet)
      process.stderr.write(
        `assay: ${c.verified} verified, ${c.modified} modified, ${c.unknown} unknown, ${c.missing} missing\n`,
      );
    return c.verified === results.length ? 0 : 1;
  }
  throw new UsageError(
    sub ? `unknown manifest command "${sub}" (create, verify)` : 'manifest needs create or verify',
  );
}
