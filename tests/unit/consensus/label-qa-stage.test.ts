// The scan's label-QA stage on synthetic judgements: the consensus labels the detectors get, the
// label-consensus result (a suspect annotator's disputed items flagged), report.json's consensus
// block and the adjudicated-labels CSV with a review applied.
import { describe, expect, it } from 'vitest';
import type { ItemsWithJudgements } from '../../../src/core/annotations/judgement-input';
import { adjudicatedCsv } from '../../../src/core/export/adjudicated-labels';
import { labelQaStage } from '../../../src/core/label-qa-stage';
import { reportedConsensus } from '../../../src/core/report/report-consensus';
import type { ScanResult } from '../../../src/core/types';
import { accuracy, synthetic } from './helpers';

describe('labelQaStage', () => {
  const { truth, table, probs } = synthetic(300, 3, [0.92, 0.9, 0.88, 0.9, 0.4], 0.85, 5);
  const judgements: ItemsWithJudgements = {
    format: 'long',
    source: 'j.csv',
    frame: { columns: [], numRows: 300 },
    table,
    warnings: [],
    itemColumn: 'item',
    labelColumn: 'label',
    rows: Array.from({ length: 300 }, (_, i) => i),
    imagePaths: null,
  };
  const stage = labelQaStage(judgements, table.classes, probs, true);

  it('gives the detectors the consensus, better than any one annotator', () => {
    expect(accuracy(stage.labels, truth)).toBeGreaterThan(0.97);
  });

  it('names the careless annotator and flags their disputed items as a group', () => {
    const suspect = stage.qa.annotatorTable.filter((a) => a.suspect).map((a) => a.annotator);
    expect(suspect).toEqual(['ann4']);
    expect(stage.result.annotatorFindings?.suspect).toEqual(['ann4']);
    const disputed = stage.qa.annotatorTable.find((a) => a.annotator === 'ann4')!.disputed;
    expect(disputed.length).toBeGreaterThan(100);
    for (const i of disputed) expect(stage.result.flagged[i]).toBe(1);
  });

  const result = {
    n: 300,
    ids: Array.from({ length: 300 }, (_, i) => `id${i}`),
    labelQa: stage.qa,
  } as unknown as ScanResult;

  it("report.json's consensus block names items by id and holds every annotator's confusion matrix", () => {
    const c = reportedConsensus(result)!;
    expect(c.method).toBe('dawid-skene');
    expect(c.perItem).toHaveLength(300);
    expect(c.perItem[0].id).toBe('id0');
    expect(c.annotators).toHaveLength(5);
    for (const a of c.annotators) expect(a.confusion).toHaveLength(3);
    expect(c.annotators.find((a) => a.annotator === 'ann4')!.disputed[0]).toMatch(/^id\d+$/);
  });

  it('adjudicated labels: the consensus unless reviewed; a relabel wins, a quarantine empties it', () => {
    const status = new Uint8Array(300);
    const label = new Array<string | null>(300).fill(null);
    status[1] = 3;
    label[1] = 'c2';
    status[2] = 2;
    const lines = adjudicatedCsv(result, { status, label }).trim().split('\n');
    expect(lines).toHaveLength(301);
    const cells = lines.map((l) => l.split(','));
    expect(cells[1][5]).toBe(table.classes[stage.labels[0]]);
    expect(cells[2].slice(4)).toEqual(['relabelled', 'c2']);
    expect(cells[3].slice(4)).toEqual(['quarantined', '']);
  });
});
