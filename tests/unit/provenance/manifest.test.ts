// Manifests: made from hashed files, read back from JSON and from `sha256sum` output, and
// compared with files as they are now. A modified file must never verify.
import { describe, expect, it } from 'vitest';
import {
  countStatuses,
  createManifest,
  manifestToSha256sum,
  parseManifest,
  verifyFiles,
  type HashedFile,
} from '../../../src/core/provenance/manifest';
import { InputError } from '../../../src/core/types';

const h = (c: string) => c.repeat(64);
const files: HashedFile[] = [
  { name: 'train/data.csv', size: 10, sha256: h('a') },
  { name: 'labels.json', size: 20, sha256: h('b') },
];

function inputError(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('createManifest', () => {
  it('lists every file with path, size and hash, sorted, in the documented JSON shape', () => {
    const m = createManifest(files, new Date('2026-01-02T03:04:05Z'));
    expect(m).toEqual({
      format: 'assay-manifest',
      version: 1,
      created: '2026-01-02T03:04:05.000Z',
      files: [
        { path: 'labels.json', size: 20, sha256: h('b') },
        { path: 'train/data.csv', size: 10, sha256: h('a') },
      ],
    });
  });

  it('normalises ./ and backslashes; the same path with two contents is an error', () => {
    const m = createManifest([{ name: './x\\y.csv', size: 1, sha256: h('c') }]);
    expect(m.files[0].path).toBe('x/y.csv');
    const e = inputError(() =>
      createManifest([
        { name: 'a.csv', size: 1, sha256: h('c') },
        { name: './a.csv', size: 1, sha256: h('d') },
      ]),
    );
    expect(e.line).toMatch(/^a\.csv: listed twice/);
  });
});

describe('parseManifest', () => {
  it('reads back its own JSON', () => {
    const m = createManifest(files);
    expect(parseManifest(JSON.stringify(m, null, 2), 'm.json')).toEqual(m);
  });

  it('reads sha256sum text and binary lines, BSD tags, comments, blank lines, CRLF and a BOM', () => {
    const text = [
      '\uFEFF# made by sha256sum',
      `${h('A')}  ./train/data.csv`,
      '',
      `${h('b')} *labels.json`,
      `SHA256 (img/x.png) = ${h('e')}`,
      `\\${h('f')}  odd\\nname.csv`,
    ].join('\r\n');
    const m = parseManifest(text, 'SHA256SUMS');
    expect(m.files).toEqual([
      { path: 'train/data.csv', sha256: h('a') },
      { path: 'labels.json', sha256: h('b') },
      { path: 'img/x.png', sha256: h('e') },
      { path: 'odd\nname.csv', sha256: h('f') },
    ]);
    expect(parseManifest(manifestToSha256sum(m), 'round-trip').files).toEqual(m.files);
  });

  it('a bad line is an InputError naming the manifest and the line number', () => {
    const text = `# header\n${h('a')}  a.csv\nnot a hash line\n`;
    expect(inputError(() => parseManifest(text, 'sums.txt')).line).toMatch(/^sums\.txt: line 3: /);
    expect(inputError(() => parseManifest(`${h('a').slice(1)}  a.csv`, 's')).line).toMatch(/line 1/);
    expect(inputError(() => parseManifest(`${h('a')}a.csv`, 's')).line).toMatch(/line 1/);
    const twice = `${h('a')}  a.csv\n${h('b')}  a.csv\n`;
    expect(inputError(() => parseManifest(twice, 's')).line).toMatch(/^s: line 2: "a\.csv" is listed again/);
  });

  it('rejects empty input, other JSON and bad entries', () => {
    expect(inputError(() => parseManifest('  \n', 'e.txt')).line).toBe('e.txt: empty manifest');
    expect(inputError(() => parseManifest('# only comments\n', 'c.txt')).line).toBe('c.txt: no files listed');
    expect(inputError(() => parseManifest('{"a":1}', 'm.json')).line).toMatch(/not an Assay manifest/);
    expect(inputError(() => parseManifest('{', 'm.json')).line).toMatch(/^m\.json: not valid JSON/);
    const bad = { format: 'assay-manifest', version: 1, files: [{ path: 'a', sha256: 'xyz' }] };
    expect(inputError(() => parseManifest(JSON.stringify(bad), 'm.json')).line).toMatch(
      /files\[0\]: "sha256" must be 64 hex digits/,
    );
    const v2 = { format: 'assay-manifest', version: 2, files: [] };
    expect(inputError(() => parseManifest(JSON.stringify(v2), 'm.json')).line).toMatch(/version 2/);
  });
});

describe('verifyFiles', () => {
  const manifest = createManifest(files);

  it('verified, modified, unknown and missing', () => {
    const now: HashedFile[] = [
      { name: 'train/data.csv', size: 10, sha256: h('a') },
      { name: 'labels.json', size: 20, sha256: h('9') },
      { name: 'extra.csv', size: 5, sha256: h('c') },
    ];
    const r = verifyFiles(manifest, now);
    expect(r.map((x) => [x.path, x.status])).toEqual([
      ['train/data.csv', 'verified'],
      ['labels.json', 'modified'],
      ['extra.csv', 'unknown'],
    ]);
    expect(r[1]).toMatchObject({ expected: h('b'), actual: h('9'), size: 20 });
    expect(r[2].expected).toBeUndefined();
    const partial = verifyFiles(manifest, [now[0]]);
    expect(partial[1]).toEqual({ path: 'labels.json', status: 'missing', expected: h('b') });
    expect(countStatuses(r)).toEqual({ verified: 1, modified: 1, unknown: 1, missing: 0 });
  });

  it('a size that differs from the manifest is a modification', () => {
    const r = verifyFiles(manifest, [{ name: 'labels.json', size: 21, sha256: h('b') }]);
    expect(r[0].status).toBe('modified');
  });

  it('hashes compare case-insensitively (sha256sum -c accepts either)', () => {
    const r = verifyFiles(manifest, [{ name: 'labels.json', size: 20, sha256: h('B') }]);
    expect(r[0].status).toBe('verified');
  });

  it('matches by basename when the relative paths differ and the basename is unambiguous', () => {
    const r = verifyFiles(manifest, [{ name: 'data.csv', size: 10, sha256: h('a') }]);
    expect(r[0]).toMatchObject({ path: 'data.csv', status: 'verified', matchedPath: 'train/data.csv' });
    expect(r.find((x) => x.status === 'missing')?.path).toBe('labels.json');
  });

  it('prefers the exact path and refuses an ambiguous basename', () => {
    const two = createManifest([
      { name: 'a/data.csv', size: 1, sha256: h('1') },
      { name: 'b/data.csv', size: 1, sha256: h('2') },
    ]);
    const exact = verifyFiles(two, [{ name: 'b/data.csv', size: 1, sha256: h('2') }]);
    expect(exact[0].status).toBe('verified');
    expect(exact[0].matchedPath).toBeUndefined();
    // Two manifest entries share the basename: no guess, so the file is unknown.
    const ambiguous = verifyFiles(two, [{ name: 'data.csv', size: 1, sha256: h('1') }]);
    expect(ambiguous.map((x) => x.status)).toEqual(['unknown', 'missing', 'missing']);
  });
});
