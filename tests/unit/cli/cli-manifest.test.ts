// The CLI's provenance contract: `assay manifest create|verify`, `scan --manifest` (a modified
// file fails the scan whatever the detectors say) and `scan --report` (audit.json + audit.html).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { runManifestArgv } from '../../../cli/manifest';
import { runAssay, SHARED, type CliRun } from './run-cli';

const PENGUINS = path.join(SHARED, 'datasets/penguins-flip');
const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** `assay manifest …` as a child process (runAssay adds scan's --out, which manifest has not). */
function assay(args: string[]): Omit<CliRun, 'out'> {
  const r = spawnSync(process.execPath, ['bin/assay.mjs', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const noStack = (stderr: string) => expect(stderr).not.toMatch(/\bat .*\.(ts|js|mjs):\d+/);

let tmp: string;
/** A copy of penguins-flip, and one whose data.csv has one label changed. */
let clean: string;
let tampered: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-manifest-'));
  clean = path.join(tmp, 'clean');
  tampered = path.join(tmp, 'tampered');
  for (const dir of [clean, tampered]) {
    fs.mkdirSync(dir);
    for (const f of fs.readdirSync(PENGUINS)) fs.copyFileSync(path.join(PENGUINS, f), path.join(dir, f));
  }
  const csv = path.join(tampered, 'data.csv');
  const lines = fs.readFileSync(csv, 'utf8').split('\n');
  // Same size, different content (one label flipped, as a poisoner would): only the hash tells.
  expect(lines[1]).toMatch(/,Adelie$/);
  lines[1] = lines[1].replace(/Adelie$/, 'Gentoo');
  fs.writeFileSync(csv, lines.join('\n'));
  expect(sha256(csv)).not.toBe(sha256(path.join(PENGUINS, 'data.csv')));
});

describe('assay manifest', () => {
  it('create: a folder becomes its files with sizes and SHA-256, paths relative to it', () => {
    const r = assay(['manifest', 'create', clean]);
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m).toMatchObject({ format: 'assay-manifest', version: 1 });
    expect(Date.parse(m.created)).not.toBeNaN();
    expect(m.files).toEqual(
      ['data.arrow', 'data.csv', 'truth.json'].map((f) => ({
        path: f,
        size: fs.statSync(path.join(clean, f)).size,
        sha256: sha256(path.join(clean, f)),
      })),
    );
  });

  it('verify: exit 0 when every file is verified; 1 with modified, unknown and missing', () => {
    const manifest = path.join(tmp, 'manifest.json');
    expect(assay(['manifest', 'create', clean, '--out', manifest, '--quiet']).code).toBe(0);
    const ok = assay(['manifest', 'verify', manifest, clean]);
    expect(ok.code).toBe(0);
    expect(ok.stdout.trim().split('\n')).toEqual([
      'verified  data.arrow',
      'verified  data.csv',
      'verified  truth.json',
    ]);

    fs.writeFileSync(path.join(tampered, 'extra.csv'), 'a,b\n1,2\n');
    try {
      const bad = assay(['manifest', 'verify', manifest, tampered]);
      expect(bad.code).toBe(1);
      expect(bad.stdout.trim().split('\n').sort()).toEqual([
        'modified  data.csv',
        'unknown   extra.csv',
        'verified  data.arrow',
        'verified  truth.json',
      ]);
    } finally {
      fs.rmSync(path.join(tampered, 'extra.csv'));
    }
    // One file named directly matches its manifest entry by basename; the others are missing.
    const one = assay(['manifest', 'verify', manifest, path.join(clean, 'data.csv')]);
    expect(one.code).toBe(1);
    expect(one.stdout).toMatch(/^verified {2}.*data\.csv$/m);
    expect(one.stdout).toMatch(/^missing {3}data\.arrow$/m);
  });

  it('verify reads `sha256sum` output', () => {
    const sums = path.join(tmp, 'SHA256SUMS');
    fs.writeFileSync(
      sums,
      `# sha256sum data.csv truth.json\n${sha256(path.join(clean, 'data.csv'))}  data.csv\n${sha256(path.join(clean, 'truth.json'))} *truth.json\n`,
    );
    const files = ['data.csv', 'truth.json'];
    expect(assay(['manifest', 'verify', sums, ...files.map((f) => path.join(clean, f))]).code).toBe(0);
    const r = assay(['manifest', 'verify', sums, ...files.map((f) => path.join(tampered, f))]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^modified {2}.*data\.csv$/m);
  });

  it('a bad manifest is exit 2 with one line naming the file and the line; no stack', () => {
    const sums = path.join(tmp, 'bad-sums.txt');
    fs.writeFileSync(sums, `${'a'.repeat(64)}  data.csv\nthis is not a checksum line\n`);
    const r = assay(['manifest', 'verify', sums, clean]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(/^assay: bad-sums\.txt: line 2: /);
    noStack(r.stderr);

    const missing = assay(['manifest', 'verify', path.join(tmp, 'nope.json'), clean]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toMatch(/^assay: .*nope\.json: no such manifest$/);
    const noFile = assay(['manifest', 'create', path.join(tmp, 'no-such-dir')]);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr.trim()).toMatch(/no-such-dir: no such file or folder$/);
  });

  it('usage errors exit 2', () => {
    for (const args of [
      ['manifest'],
      ['manifest', 'create'],
      ['manifest', 'verify', 'm.json'],
      ['manifest', 'sign', 'x'],
    ]) {
      const r = assay(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^assay: .*\nusage: assay manifest create/);
      noStack(r.stderr);
    }
    expect(assay(['manifest', 'create', clean, '--seed', '1']).stderr).toMatch(/unknown option --seed/);
  });
});

describe('assay manifest: sources and URL lists', () => {
  it('create records origin, licence, retrieval and vetting on every file', () => {
    const r = assay([
      'manifest',
      'create',
      clean,
      '--source',
      'https://data.example.org/penguins/',
      '--licence',
      'CC0-1.0',
      '--retrieved',
      '2026-02-27',
      '--vetted-by',
      'Ada Lovelace',
    ]);
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m.version).toBe(1);
    expect(m.files[0]).toMatchObject({
      path: 'data.arrow',
      origin: 'https://data.example.org/penguins/',
      licence: 'CC0-1.0',
      retrieved: '2026-02-27',
      vettedBy: 'Ada Lovelace',
      vetted: new Date().toISOString().slice(0, 10),
    });
    const bad = assay(['manifest', 'create', clean, '--retrieved', 'yesterday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^assay: --retrieved must be an ISO date/);
    expect(assay(['manifest', 'create', clean, '--allow-origin', 'x']).stderr).toMatch(
      /create takes no --allow-origin/,
    );
  });

  it('verify: sources inside the allow-lists exit 0; an origin or licence outside them exits 1 with tagged findings', () => {
    const manifest = path.join(tmp, 'sourced.json');
    const sources = path.join(tmp, 'sources.csv');
    fs.writeFileSync(
      sources,
      'path,origin,licence\ntruth.json,https://mirror.example.net/truth.json,Proprietary\n',
    );
    const made = assay([
      'manifest',
      'create',
      clean,
      '--out',
      manifest,
      '--quiet',
      '--source',
      'https://data.example.org/penguins/',
      '--licence',
      'CC0-1.0',
      '--retrieved',
      '2026-02-27',
      '--vetted-by',
      'Ada',
      '--vetted',
      '2026-03-01',
      '--sources',
      sources,
    ]);
    expect(made.code).toBe(0);
    const partial = ['data.arrow', 'data.csv'].map((f) => path.join(clean, f));
    const strict = assay([
      'manifest',
      'verify',
      manifest,
      clean,
      '--allow-origin',
      'https://data.example.org,s3://x/',
      '--allow-licence',
      'CC0-1.0',
    ]);
    expect(strict.code).toBe(1);
    expect(strict.stdout.trim().split('\n')).toEqual([
      'verified  data.arrow',
      'verified  data.csv',
      'verified  truth.json',
      'origin-not-allowed       truth.json: origin https://mirror.example.net/truth.json is outside the allowed origins [AML.T0010.002, AML.T0019]',
      'licence-not-allowed      truth.json: licence Proprietary is not an allowed licence [AML.T0010.002]',
    ]);
    const lenient = assay(['manifest', 'verify', manifest, ...partial, path.join(clean, 'truth.json')]);
    expect(lenient.code).toBe(0);
    // An old hashes-only manifest checked without a policy prints what it always printed.
    const old = path.join(tmp, 'old.json');
    expect(assay(['manifest', 'create', clean, '--out', old, '--quiet']).code).toBe(0);
    expect(assay(['manifest', 'verify', old, clean]).stdout).not.toMatch(/origin/);
    // With a policy, a file with no recorded origin is a finding.
    const noOrigin = assay(['manifest', 'verify', old, clean, '--allow-licence', 'CC0-1.0']);
    expect(noOrigin.code).toBe(1);
    expect(noOrigin.stdout).toMatch(/^origin-missing +data\.csv: no recorded origin/m);
  });

  it('repeated --allow-origin flags all count (runManifestArgv)', async () => {
    const manifest = path.join(tmp, 'sourced.json');
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const code = await runManifestArgv([
        'manifest',
        'verify',
        manifest,
        clean,
        '--allow-origin',
        'https://data.example.org/',
        '--allow-origin',
        'https://mirror.example.net/',
        '--allow-licence',
        'CC0-1.0',
        '--allow-licence=proprietary',
      ]);
      expect(out.join('')).not.toMatch(/not-allowed/);
      expect(code).toBe(0);
    } finally {
      spy.mockRestore();
      err.mockRestore();
    }
  });

  it('urls: a URL-list dataset with one swapped file exits 1 naming it', () => {
    const dir = path.join(tmp, 'downloaded');
    fs.mkdirSync(dir, { recursive: true });
    const rows = ['url,sha256'];
    for (const n of ['a', 'b', 'c']) {
      fs.writeFileSync(path.join(dir, `${n}.txt`), `content ${n}\n`);
      rows.push(`https://cdn.example.net/files/${n}.txt,${sha256(path.join(dir, `${n}.txt`))}`);
    }
    const list = path.join(tmp, 'urls.csv');
    fs.writeFileSync(list, rows.join('\n') + '\n');
    const ok = assay(['manifest', 'urls', list, dir]);
    expect(ok.code).toBe(0);
    expect(ok.stdout.trim().split('\n')).toEqual(['verified  a.txt', 'verified  b.txt', 'verified  c.txt']);
    fs.writeFileSync(path.join(dir, 'b.txt'), 'content B\n'); // same name, other bytes
    const swapped = assay(['manifest', 'urls', list, dir]);
    expect(swapped.code).toBe(1);
    expect(swapped.stdout).toMatch(/^mismatch {2}b\.txt$/m);
    expect(swapped.stdout).toMatch(
      /^url-hash-mismatch +b\.txt: differs from the hash listed for https:\/\/cdn\.example\.net\/files\/b\.txt \(line 3\).*\[AML\.T0010\.002, AML\.T0019, AML\.T0020\]$/m,
    );
    const bad = assay(['manifest', 'urls', path.join(tmp, 'nope.csv'), dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toMatch(/nope\.csv: no such URL list$/);
  });
});

describe('assay scan --manifest / --report', () => {
  let manifest: string;
  beforeAll(() => {
    manifest = path.join(tmp, 'scan-manifest.json');
    expect(assay(['manifest', 'create', clean, '--out', manifest, '--quiet']).code).toBe(0);
  });

  it('a modified file is a finding in report.json and exits 1 even when the gate passes', () => {
    const r = runAssay([
      'scan',
      path.join(tampered, 'data.csv'),
      '--manifest',
      manifest,
      '--fail-on',
      'none',
      '--report',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/gate none: passed/);
    expect(r.stdout).toMatch(/manifest: FAILED — 1 file\(s\) modified/);
    const report = JSON.parse(fs.readFileSync(path.join(r.out, 'report.json'), 'utf8'));
    expect(report.findings.manifest).toMatchObject({ modified: 1, verified: 0, missing: 2 });
    expect(report.findings.manifest.files).toContainEqual(
      expect.objectContaining({
        path: 'data.csv',
        status: 'modified',
        actual: sha256(path.join(tampered, 'data.csv')),
      }),
    );
    expect(report.findings.byDetector.length).toBeGreaterThan(0);

    // --report: the audit next to scores.csv and report.json.
    const audit = JSON.parse(fs.readFileSync(path.join(r.out, 'audit.json'), 'utf8'));
    expect(audit).toMatchObject({ format: 'assay-audit', input: { rows: 347 }, backend: { name: 'wasm' } });
    expect(audit.input.files).toEqual([
      {
        path: 'data.csv',
        size: fs.statSync(path.join(tampered, 'data.csv')).size,
        sha256: sha256(path.join(tampered, 'data.csv')),
      },
    ]);
    expect(audit.findings[0]).toMatchObject({ id: 'manifest-modified', count: 1, items: ['data.csv'] });
    expect(audit.checks.map((c: { name: string }) => c.name)).toEqual(
      report.findings.byDetector.map((d: { name: string }) => d.name),
    );
    expect(audit.map.svg).toMatch(/^<svg /);
    const html = fs.readFileSync(path.join(r.out, 'audit.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('Files changed since the manifest was made');
    expect(html).not.toMatch(/<script|<link|https?:\/\//i);
  });

  it('verified files and a passing gate exit 0; the report says so', () => {
    const r = runAssay(['scan', path.join(clean, 'data.csv'), '--manifest', manifest, '--fail-on', 'none']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/manifest .*: 1 verified, 0 modified, 0 unknown, 2 missing/);
    const report = JSON.parse(fs.readFileSync(path.join(r.out, 'report.json'), 'utf8'));
    expect(report.findings.manifest).toMatchObject({ verified: 1, modified: 0 });
    expect(fs.existsSync(path.join(r.out, 'audit.html'))).toBe(false);
  });

  it('a bad manifest stops the scan before any work: exit 2, one line', () => {
    const bad = path.join(tmp, 'bad.json');
    fs.writeFileSync(bad, '{"format":"something-else"}');
    const r = runAssay(['scan', path.join(clean, 'data.csv'), '--manifest', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^assay: bad\.json: not an Assay manifest/);
    expect(fs.existsSync(path.join(r.out, 'report.json'))).toBe(false);
  });
});
