// One function builds the audit for the page and for the CLI: from the same scan, the page's way
// (drawn map, journal, diff, red-team runs) and `assay scan --report`'s way (PCA map, manifest)
// give reports with the same sections, and both record why the backend was chosen.
import { beforeAll, describe, expect, it } from 'vitest';
import { cliAudit } from '../../../cli/audit';
import { loadDataset, sourceFromBytes } from '../../../src/core/data';
import { diffDatasets, flagChanges } from '../../../src/core/diff';
import { selectBackend } from '../../../src/core/model/backend';
import { loadAndInfer, scanLoaded, type ScanOutput } from '../../../src/core/pipeline';
import type { AuditReport, AuditRedTeamRun } from '../../../src/core/report/audit';
import { buildReport } from '../../../src/core/report/report-json';
import { drawnMap, pcaMap, scanAudit } from '../../../src/core/report/scan-audit';
import { rolesOf } from '../../../src/core/scanned-dataset';
import type { LoadedDataset } from '../../../src/core/types';

const enc = new TextEncoder();

/** 80 rows of two numeric features, two classes, an id column; a few labels flipped. */
function csv(rows: number): string {
  const lines = ['id,x,y,label'];
  for (let i = 0; i < rows; i++) {
    const c = i % 2;
    const label = i % 17 === 0 ? 1 - c : c;
    lines.push(`${i},${(c * 4 + (i % 5) / 5).toFixed(2)},${(c * 3 + (i % 3) / 3).toFixed(2)},k${label}`);
  }
  return lines.join('\n') + '\n';
}

const REASON = 'wasm: fastest measured';
const redteamRun: AuditRedTeamRun = {
  spec: { kind: 'flip', rate: 0.05 },
  description: 'flip 5% of labels',
  planted: 4,
  auroc: 0.9,
  k: 6,
  recallAtK: 0.75,
  flagged: { count: 5, truePositives: 3, precision: 0.6, recall: 0.75, f1: 0.67 },
  bestCheck: { name: 'confident-learning', auroc: 0.95 },
  scanMs: 120,
};

let scanned: ScanOutput;
let loaded: LoadedDataset;
/** The vetted version: the same data two rows shorter. */
let reference: LoadedDataset;

beforeAll(async () => {
  await selectBackend({ force: 'cpu', measure: 'chosen' });
  const prepared = await loadAndInfer([sourceFromBytes('two.csv', enc.encode(csv(80)))]);
  loaded = prepared.loaded;
  reference = await loadDataset([sourceFromBytes('two-ref.csv', enc.encode(csv(78)))]);
  scanned = await scanLoaded(prepared, {
    seed: 1,
    folds: 2,
    k: 5,
    epochs: 2,
    roles: {},
    embeddingSource: 'probe',
  });
});

function pageAudit(): AuditReport {
  const { dataset, result } = scanned;
  return scanAudit({
    dataset,
    result,
    backendReason: REASON,
    manifest: null,
    journal: [{ seq: 0, at: '2026-01-01T00:00:00.000Z', kind: 'ok', rows: [1], ids: ['1'], from: ['k1'] }],
    diff: flagChanges(
      diffDatasets({ loaded: reference, roles: rolesOf(dataset) }, { loaded, roles: rolesOf(dataset) }),
      result,
    ),
    redteam: [redteamRun],
    map: drawnMap('data:image/png;base64,iVBORw0KGgo='),
  });
}

function cliWayAudit(): AuditReport {
  const { dataset, result } = scanned;
  return cliAudit({
    dataset,
    result,
    report: buildReport(dataset, result),
    backendReason: REASON,
    manifest: null,
  });
}

describe('scanAudit', () => {
  it('gives the page and the CLI the same sections', () => {
    const page = pageAudit();
    const cli = cliWayAudit();
    expect(Object.keys(cli)).toEqual(Object.keys(page));
    for (const section of ['diff', 'redteam', 'journal', 'manifest', 'map'] as const) {
      expect(cli).toHaveProperty(section);
      expect(page).toHaveProperty(section);
    }
    // The page's extra evidence is filled in; the CLI's sections are there, empty.
    expect(page.diff?.added).toBe(2);
    expect(page.redteam).toHaveLength(1);
    expect(page.journal).toHaveLength(1);
    expect(cli.diff).toBeNull();
    expect(cli.redteam).toEqual([]);
    expect(cli.journal).toEqual([]);
  });

  it('records the backend and its reason the same way for both', () => {
    expect(pageAudit().backend).toEqual({ name: scanned.result.backend, reason: REASON });
    expect(cliWayAudit().backend).toEqual({ name: scanned.result.backend, reason: REASON });
  });

  it('stamps the audit with the report it was built from', () => {
    const { dataset, result } = scanned;
    const report = buildReport(dataset, result, new Date('2026-02-03T04:05:06Z'));
    expect(scanAudit({ dataset, result, report }).generatedAt).toBe('2026-02-03T04:05:06.000Z');
  });

  it('draws the map the page saw, or a PCA without a page', () => {
    expect(drawnMap('data:image/png;base64,AA')).toEqual({
      pngDataUri: 'data:image/png;base64,AA',
      caption: 'The map as the analyst saw it',
    });
    const pca = pcaMap(scanned.result);
    expect('svg' in pca && pca.svg.startsWith('<svg')).toBe(true);
    expect(pca.caption).toMatch(/^PCA of the embeddings: \d+ of 80 samples drawn/);
  });
});
