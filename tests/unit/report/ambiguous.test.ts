// Issue 13: ambiguous samples (a label check's picks its evidence does not confirm) are their own
// column, count and audit section; `flagged`, and so the CI gate, counts suspected poisoning only.
import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../../cli/gate';
import { combine } from '../../../src/core/detect/combine';
import { describeDetectors } from '../../../src/core/detect/registry';
import { buildAudit } from '../../../src/core/report/audit';
import { suspicionRanking } from '../../../src/core/report/ranking';
import { buildReport } from '../../../src/core/report/report-json';
import { scoresCsv } from '../../../src/core/report/scores';
import type { DatasetSummary, DetectorResult, ScanResult } from '../../../src/core/types';

const n = 6;

/** Confident learning picks rows 0–2 and confirms `confirmed` of them. */
function scanResult(confirmed: number[]): ScanResult {
  const picked = [1, 1, 1, 0, 0, 0];
  const cl: DetectorResult = {
    name: 'confident-learning',
    scores: Float32Array.from([0.9, 0.8, 0.7, 0.1, 0.05, 0]),
    flagged: Uint8Array.from(picked),
    confirmed: Uint8Array.from(picked.map((_, i) => (confirmed.includes(i) ? 1 : 0))),
    reasons: picked.map((p, i) =>
      p
        ? {
            detector: 'confident-learning',
            tag: confirmed.includes(i) ? 'label issue' : 'ambiguous',
            text: `row ${i}`,
          }
        : null,
    ),
    params: {},
  };
  const combined = combine([cl], n);
  const labels = Int32Array.from([0, 1, 0, 1, 0, 1]);
  return {
    n,
    ids: ['a', 'b', 'c', 'd', 'e', 'f'],
    classes: ['x', 'y'],
    labels,
    predicted: Int32Array.from(labels, (y) => 1 - y),
    probs: new Float32Array(n * 2).fill(0.5),
    embeddings: new Float32Array(n),
    dim: 1,
    knn: { k: 0, indices: new Int32Array(0), distances: new Float32Array(0) },
    detectors: [cl],
    detectorInfo: describeDetectors(),
    suspicion: combined.suspicion,
    ranking: suspicionRanking(combined.suspicion),
    flagged: combined.flagged,
    ambiguous: combined.ambiguous,
    reasons: combined.reasons,
    annotators: [],
    perClass: [],
    backend: 'cpu',
    settings: { seed: 1, folds: 4, k: 10, epochs: 0, roles: {}, embeddingSource: 'probe' },
    timings: {},
    warnings: [],
  };
}

const dataset: DatasetSummary = {
  name: 'd.csv',
  format: 'csv',
  numRows: n,
  columns: [],
  files: [],
  warnings: [],
  rowErrors: [],
  datasetHash: '0'.repeat(64),
};

describe('ambiguous samples in the outputs', () => {
  it('scores.csv has an ambiguous column next to flagged, with the reasons of both', () => {
    const lines = scoresCsv(scanResult([0]))
      .trim()
      .split('\n');
    const head = lines[0].split(',');
    expect(head.slice(0, 6)).toEqual(['id', 'label', 'predicted', 'suspicion', 'flagged', 'ambiguous']);
    const cells = (id: string) => lines.find((l) => l.startsWith(`${id},`))!.split(',');
    expect(cells('a')[4]).toBe('1');
    expect(cells('a')[5]).toBe('0');
    expect(cells('b')[4]).toBe('0');
    expect(cells('b')[5]).toBe('1');
    expect(cells('b').at(-1)).toBe('ambiguous: row 1');
    expect(cells('d').slice(4, 6)).toEqual(['0', '0']);
  });

  it('report.json counts both, per detector too; the gate counts flagged only', () => {
    const result = scanResult([0]);
    const report = buildReport(dataset, result);
    expect(report.findings.flagged).toBe(1);
    expect(report.findings.ambiguous).toBe(2);
    expect(report.findings.byDetector[0]).toMatchObject({ flagged: 1, ambiguous: 2 });
    const onlyAmbiguous = scanResult([]);
    expect(evaluateGate('any', onlyAmbiguous).failed).toBe(false);
    expect(evaluateGate('count:0', onlyAmbiguous).failed).toBe(false);
    expect(evaluateGate('any', result).failed).toBe(true);
  });

  it('the audit has a low-severity ambiguous section, apart from the flags', () => {
    const result = scanResult([0]);
    const audit = buildAudit({ dataset, result, report: buildReport(dataset, result) });
    const section = audit.findings.find((f) => f.id === 'ambiguous')!;
    expect(section.severity).toBe('low');
    expect(section.count).toBe(2);
    expect(audit.flagged.total).toBe(1);
  });
});
