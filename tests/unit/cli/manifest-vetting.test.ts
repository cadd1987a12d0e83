// `assay manifest create|verify` with sources, in-process through runManifestArgv (what main.ts
// calls): each verification failure is its own line with its ATLAS ids and exits 1; a clean,
// vetted, allowed file exits 0.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { runManifestArgv } from '../../../cli/manifest';

let tmp: string;
let data: string;

async function assay(argv: string[]): Promise<{ code: number; lines: string[] }> {
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await runManifestArgv(['manifest', ...argv]);
    return { code, lines: out.join('').trim().split('\n') };
  } finally {
    spy.mockRestore();
    err.mockRestore();
  }
}

/** A manifest of data/ made with these source options. */
async function made(name: string, options: string[]): Promise<string> {
  const file = path.join(tmp, name);
  const r = await assay(['create', data, '--out', file, ...options]);
  expect(r.code).toBe(0);
  return file;
}

const FULL = [
  '--source',
  'https://data.example.org/set/',
  '--licence',
  'CC-BY-4.0',
  '--retrieved',
  '2026-01-10',
  '--vetted-by',
  'alice',
  '--vetted',
  '2026-01-12',
];
const ALLOW = ['--allow-origin', 'https://data.example.org/', '--allow-licence', 'CC-BY-4.0'];

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-vetting-'));
  data = path.join(tmp, 'data');
  fs.mkdirSync(data);
  fs.writeFileSync(path.join(data, 'a.csv'), 'x,y\n1,a\n');
  fs.writeFileSync(path.join(data, 'b.csv'), 'x,y\n2,b\n');
});

describe('assay manifest verify: every failure is a tagged line and exit 1', () => {
  it('a vetted file from an allowed origin under an allowed licence: exit 0', async () => {
    const r = await assay(['verify', await made('ok.json', FULL), data, ...ALLOW]);
    expect(r.lines).toEqual(['verified  a.csv', 'verified  b.csv']);
    expect(r.code).toBe(0);
  });

  it.each([
    ['origin-missing', FULL.filter((_, i) => i > 1), [], 'no recorded origin', 'AML.T0010.002'],
    [
      'origin-not-allowed',
      FULL,
      ['--allow-origin', 'https://data.example.org.evil.test/'],
      'outside the allowed origins',
      'AML.T0010.002, AML.T0019',
    ],
    ['licence-missing', [...FULL.slice(0, 2), ...FULL.slice(4)], [], 'no recorded licence', 'AML.T0010.002'],
    [
      'licence-not-allowed',
      FULL,
      ['--allow-licence', 'CC0-1.0'],
      'licence CC-BY-4.0 is not an allowed licence',
      'AML.T0010.002',
    ],
    ['vetting-missing', FULL.slice(0, 6), [], 'no record of who vetted it', 'AML.T0010.002'],
    [
      'retrieved-after-vetting',
      [...FULL.slice(0, 8), '--vetted', '2026-01-05'],
      [],
      'after it was vetted on 2026-01-05',
      'AML.T0010.002, AML.T0020',
    ],
  ])('%s', async (kind, create, policy, message, atlas) => {
    const r = await assay(['verify', await made(`${kind}.json`, create), data, ...policy]);
    expect(r.code).toBe(1);
    const found = r.lines.filter((l) => l.startsWith(kind));
    expect(found).toHaveLength(2);
    expect(found[0]).toContain('a.csv: ');
    expect(found[0]).toContain(message);
    expect(found[0]).toMatch(new RegExp(`\\[${atlas.replace(/\./g, '\\.')}\\]$`));
  });

  it('a file changed, added or removed since the manifest: modified, unknown, missing', async () => {
    const manifest = await made('hashes.json', FULL);
    const changed = path.join(tmp, 'changed');
    fs.mkdirSync(changed);
    fs.writeFileSync(path.join(changed, 'a.csv'), 'x,y\n1,b\n');
    fs.writeFileSync(path.join(changed, 'c.csv'), 'x,y\n3,c\n');
    const r = await assay(['verify', manifest, changed]);
    expect(r.lines.sort()).toEqual(['missing   b.csv', 'modified  a.csv', 'unknown   c.csv']);
    expect(r.code).toBe(1);
  });

  it('a sources CSV gives each file its own origin; a file it leaves out is checked as given', async () => {
    const csv = path.join(tmp, 'sources.csv');
    fs.writeFileSync(
      csv,
      'path,origin,licence,vetted_by,vetted\na.csv,s3://vetted/a.csv,CC0-1.0,bob,2026-02-01\n',
    );
    const r = await assay([
      'verify',
      await made('csv.json', ['--sources', csv]),
      data,
      '--allow-origin',
      's3://vetted/',
    ]);
    expect(r.lines.filter((l) => l.includes('a.csv:'))).toEqual([]);
    expect(r.lines.filter((l) => l.includes('b.csv:')).map((l) => l.split(/\s+/)[0])).toEqual([
      'origin-missing',
      'licence-missing',
      'vetting-missing',
    ]);
    expect(r.code).toBe(1);
  });
});
