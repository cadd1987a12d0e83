import { describe, expect, it } from 'vitest';
import {
  createManifest,
  parseManifest,
  verifyFiles,
  type HashedFile,
} from '../../../src/core/provenance/manifest';
import { isAfter, originAllowed, recordsSources, vetManifest } from '../../../src/core/provenance/vetting';
import { InputError } from '../../../src/core/types';

const h = (c: string) => c.repeat(64);
const files: HashedFile[] = [
  { name: 'a.csv', size: 1, sha256: h('a') },
  { name: 'b.csv', size: 2, sha256: h('b') },
];
const vetted = {
  origin: 'https://data.example.org/penguins/',
  licence: 'CC0-1.0',
  vettedBy: 'Ada',
  vetted: '2026-03-01',
  retrieved: '2026-02-27',
};

describe('manifest source fields', () => {
  it('are recorded per file, read back, and carried into verification results', () => {
    const m = createManifest(files, new Date('2026-03-01T00:00:00Z'), vetted);
    expect(m.files[0]).toEqual({ path: 'a.csv', size: 1, sha256: h('a'), ...vetted });
    const back = parseManifest(JSON.stringify(m), 'm.json');
    expect(back).toEqual(m);
    expect(verifyFiles(back, [files[0]])[0]).toMatchObject({
      status: 'verified',
      origin: vetted.origin,
      licence: 'CC0-1.0',
    });
    expect(verifyFiles(back, [])[0]).toMatchObject({ status: 'missing', origin: vetted.origin });
    const perFile = createManifest(files, undefined, (p) =>
      p === 'a.csv' ? { origin: 'crm-export', licence: ' ' } : undefined,
    );
    expect(perFile.files).toEqual([
      { path: 'a.csv', size: 1, sha256: h('a'), origin: 'crm-export' },
      { path: 'b.csv', size: 2, sha256: h('b') },
    ]);
  });

  it('an old manifest (no source fields) still reads, and bad source fields are one-line errors', () => {
    const old =
      '{"format":"assay-manifest","version":1,"created":"2025-01-01T00:00:00.000Z","files":[{"path":"a.csv","size":1,"sha256":"' +
      h('a') +
      '"}]}';
    const m = parseManifest(old, 'old.json');
    expect(m.files).toEqual([{ path: 'a.csv', size: 1, sha256: h('a') }]);
    expect(recordsSources(m)).toBe(false);
    const bad = (entry: object) => {
      try {
        parseManifest(
          JSON.stringify({
            format: 'assay-manifest',
            version: 1,
            files: [{ path: 'a', sha256: h('a'), ...entry }],
          }),
          'm.json',
        );
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as InputError).line;
      }
      throw new Error('expected an error');
    };
    expect(bad({ origin: 3 })).toBe('m.json: files[0]: "origin" must be a non-empty string');
    expect(bad({ retrieved: 'last week' })).toMatch(/files\[0\]: "retrieved" must be an ISO date/);
  });
});

describe('vetManifest', () => {
  const m = createManifest(
    [...files, { name: 'c.csv', size: 3, sha256: h('c') }, { name: 'd.csv', size: 4, sha256: h('d') }],
    undefined,
    (p) =>
      ({
        'a.csv': vetted,
        'b.csv': {
          ...vetted,
          origin: 'https://data.example.org.evil.test/penguins/b.csv',
          licence: 'Proprietary',
        },
        'c.csv': { ...vetted, retrieved: '2026-03-02T10:00:00Z' },
        'd.csv': { licence: 'cc0-1.0' },
      })[p],
  );
  const policy = { allowOrigins: ['https://data.example.org'], allowLicences: ['CC0-1.0', 'CC-BY-4.0'] };

  it('finds no recorded origin, origins and licences outside the allow-lists, no vetting, retrieval after vetting', () => {
    const found = vetManifest(m, policy).map((f) => [f.kind, f.path]);
    expect(found).toEqual([
      ['origin-not-allowed', 'b.csv'],
      ['licence-not-allowed', 'b.csv'],
      ['retrieved-after-vetting', 'c.csv'],
      ['origin-missing', 'd.csv'],
      ['vetting-missing', 'd.csv'],
    ]);
  });

  it('every finding carries its ATLAS tags and one sentence', () => {
    for (const f of vetManifest(m, policy)) {
      expect(f.atlas.map((t) => t.id)).toContain('AML.T0010.002');
      expect(f.message).not.toMatch(/\n/);
    }
    expect(vetManifest(m, policy)[2].message).toBe(
      'retrieved 2026-03-02T10:00:00Z, after it was vetted on 2026-03-01: the file vetted is not this one',
    );
  });

  it('without allow-lists only missing records and dates are findings', () => {
    expect(vetManifest(m).map((f) => f.kind)).toEqual([
      'retrieved-after-vetting',
      'origin-missing',
      'vetting-missing',
    ]);
    const noLicence = createManifest(files.slice(0, 1), undefined, {
      origin: 'x',
      vettedBy: 'A',
      vetted: '2026-01-01',
    });
    expect(vetManifest(noLicence).map((f) => f.kind)).toEqual(['licence-missing']);
  });

  it('origin prefixes stop at a host boundary; dates compare by day when one is a bare date', () => {
    expect(originAllowed('https://data.example.org/x', 'https://data.example.org')).toBe(true);
    expect(originAllowed('https://data.example.org:443/x', 'https://data.example.org')).toBe(true);
    expect(originAllowed('https://data.example.org.evil.test/x', 'https://data.example.org')).toBe(false);
    expect(originAllowed('https://data.example.orgx/', 'https://data.example.org')).toBe(false);
    expect(originAllowed('s3://bucket/sub/x', 's3://bucket/')).toBe(true);
    expect(isAfter('2026-03-01T23:00:00Z', '2026-03-01')).toBe(false);
    expect(isAfter('2026-03-02', '2026-03-01T23:00:00Z')).toBe(true);
    expect(isAfter('2026-03-01T10:00:01Z', '2026-03-01T10:00:00Z')).toBe(true);
  });
});
