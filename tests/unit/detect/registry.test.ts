// A detector describes itself: its definition alone (no table in combine, the audit or the page)
// decides how combine weighs it, what the audit says about it and what the page calls it. Proven
// with a detector that exists only in this test.
import { describe, expect, it } from 'vitest';
import { combine } from '../../../src/core/detect/combine';
import { definitions, describeDetectors, detectors } from '../../../src/core/detect/registry';
import { buildAudit } from '../../../src/core/report/audit';
import { reasonsLine } from '../../../src/core/report/reasons';
import { suspicionRanking } from '../../../src/core/report/ranking';
import { buildReport } from '../../../src/core/report/report-json';
import { scoresCsv } from '../../../src/core/report/scores';
import { summarise } from '../../../src/core/report/summary';
import type {
  DatasetSummary,
  Detector,
  DetectorInputs,
  DetectorResult,
  ScanResult,
} from '../../../src/core/types';
import { blobs, count, makeInputs, trueProbs } from './helpers';

/** Flags the first three samples of class 0, and judges every class. */
const firstThree: Detector<{ picked: number[] }> = {
  name: 'first-three',
  title: 'First three',
  description: 'First three: the first three samples of class 0',
  explanation: 'These are the first three samples of the first class, a rule that exists only in a test.',
  severity: 'low',
  weight: 0.9,
  family: 'test',
  flag: 'group',
  run(inputs: DetectorInputs): DetectorResult<{ picked: number[] }> {
    const { n, labels, classes } = inputs;
    const scores = new Float32Array(n);
    const flagged = new Uint8Array(n);
    const reasons: DetectorResult['reasons'] = new Array(n).fill(null);
    const picked: number[] = [];
    for (let i = 0; i < n && picked.length < 3; i++) {
      if (labels[i] !== 0) continue;
      picked.push(i);
      scores[i] = 1;
      flagged[i] = 1;
      reasons[i] = {
        detector: 'first-three',
        tag: 'first three',
        text: `#${picked.length} of class 0`,
        values: { rank: picked.length },
      };
    }
    return {
      name: 'first-three',
      scores,
      flagged,
      reasons,
      params: { count: 3 },
      classVerdicts: classes.map((label, y) =>
        y === 0
          ? { detector: 'first-three', class: label, kind: 'suspect', text: 'holds the first three' }
          : { detector: 'first-three', class: label, kind: 'clean', text: 'not the first class' },
      ),
      details: { picked },
    };
  },
};

function scan(registered: Detector[]): { result: ScanResult; dataset: DatasetSummary; picked: number[] } {
  const inputs = blobInputs();
  const results = registered.map((d) => d.run(inputs));
  const combined = combine(results, inputs.n, registered);
  const { annotators, perClass } = summarise(inputs, results, combined.flagged);
  const result: ScanResult = {
    n: inputs.n,
    ids: Array.from({ length: inputs.n }, (_, i) => `s${i}`),
    classes: inputs.classes,
    labels: inputs.labels,
    predicted: Int32Array.from(inputs.labels),
    probs: inputs.probs,
    embeddings: inputs.embeddings,
    dim: inputs.dim,
    knn: inputs.knn,
    detectors: results,
    detectorInfo: describeDetectors(registered),
    suspicion: combined.suspicion,
    ranking: suspicionRanking(combined.suspicion),
    flagged: combined.flagged,
    reasons: combined.reasons,
    annotators,
    perClass,
    backend: 'cpu',
    settings: { seed: 1, folds: 4, k: 10, epochs: 0, roles: {}, embeddingSource: 'probe' },
    timings: {},
    warnings: [],
  };
  const dataset: DatasetSummary = {
    name: 'blobs.csv',
    format: 'csv',
    numRows: inputs.n,
    columns: [],
    files: [],
    warnings: [],
    rowErrors: [],
    datasetHash: '0'.repeat(64),
  };
  return { result, dataset, picked: firstThree.run(inputs).details!.picked };
}

describe('a detector registered with its definition alone', () => {
  const withTest = [...detectors, firstThree];

  it('is weighed, flagged and tiered by combine from its definition', () => {
    const { result, picked } = scan(withTest);
    expect(picked).toHaveLength(3);
    for (const i of picked) {
      expect(result.flagged[i]).toBe(1);
      // flag: 'group' puts its samples in the top tier.
      expect(result.suspicion[i]).toBeGreaterThanOrEqual(0.75);
      const own = result.reasons[i].find((r) => r.detector === 'first-three');
      expect(own).toMatchObject({ tag: 'first three', values: { rank: picked.indexOf(i) + 1 } });
      expect(reasonsLine(result.reasons[i])).toContain(`first three: #${picked.indexOf(i) + 1} of class 0`);
    }
    // Its definition is what counts: as 'evidence' its flags alone flag nothing.
    const quiet = { ...firstThree, flag: 'evidence' as const };
    const alone = combine([firstThree.run(blobInputs())], 120, [quiet]);
    expect(count(alone.flagged)).toBe(0);
  });

  it('reaches the report, the audit and scores.csv without any other table', () => {
    const { result, dataset } = scan(withTest);
    const report = buildReport(dataset, result, new Date(0));
    const audit = buildAudit({ dataset, result, report, generatedAt: new Date(0) });
    const finding = audit.findings.find((f) => f.id === 'detector:first-three');
    expect(finding).toMatchObject({ severity: 'low', count: 3 });
    expect(finding!.explanation).toBe(`3 samples (2.5%). ${firstThree.explanation}`);
    expect(audit.checks.at(-1)).toMatchObject({ name: 'first-three', description: firstThree.description });
    expect(report.findings.byDetector.at(-1)).toMatchObject({
      name: 'first-three',
      flagged: 3,
      details: { picked: [0, 3, 6] },
    });
    // Its class verdicts reach the per-class table, written as lines in the report.
    expect(report.perClass[0].verdicts['first-three']).toBe('suspect: holds the first three');
    expect(report.perClass[1].verdicts['first-three']).toBe('clean: not the first class');
    expect(scoresCsv(result).split('\n')[0]).toBe(
      `id,label,predicted,suspicion,flagged,ambiguous,${withTest.map((d) => d.name).join(',')},reasons`,
    );
  });

  it('gives the page its title as plain data (what crosses the worker boundary)', () => {
    const { result } = scan(withTest);
    const info = structuredClone(result.detectorInfo);
    expect(info.at(-1)).toEqual({
      name: 'first-three',
      title: 'First three',
      description: firstThree.description,
      explanation: firstThree.explanation,
      severity: 'low',
    });
    expect(result.perClass[0].verdicts.map((v) => v.detector)).toContain('first-three');
  });

  it('every registered detector defines all of it', () => {
    const names = definitions.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    for (const d of definitions) {
      expect(d.title).toBeTruthy();
      expect(d.description).toBeTruthy();
      expect(d.explanation.length).toBeGreaterThan(20);
      expect(d.weight).toBeGreaterThan(0);
      expect(d.weight).toBeLessThanOrEqual(1);
    }
  });
});

/** 120 samples in 3 Gaussian classes, with probabilities that follow the truth. */
function blobInputs(): DetectorInputs {
  const b = blobs(40, 3, 6, 7);
  return makeInputs(b.x, b.dim, b.truth, b.c, { probs: trueProbs(b.truth, b.c, 8) });
}
