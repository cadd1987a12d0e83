// The campaign detector on synthetic blobs: a tight batch planted inside another class's blob,
// all labelled alike and all by one annotator, is flagged as a group; the same batch spread over
// the annotators, or carrying the label its surroundings carry, is not; clean data flags nothing.
import { describe, expect, it } from 'vitest';
import { binomCdf, binomSf, campaign, type CampaignDetails } from '../../../src/core/detect/campaign';
import { gaussian, mulberry32 } from '../../../src/core/random';
import { auroc, blobs, count, makeInputs } from './helpers';

const ANNOTATORS = ['a1', 'a2', 'a3', 'a4', 'a5'];

/** 3 blobs × 300 (5 annotators at random) plus `m` rows near one row of class 0, labelled `label`. */
function planted(m: number, label: number, annotator: (i: number) => string, seed = 3) {
  const b = blobs(300, 3, 8, seed, 3);
  const rand = mulberry32(seed + 1);
  const g = gaussian(rand);
  const n = b.n + m;
  const x = new Float32Array(n * b.dim);
  x.set(b.x);
  const labels = new Int32Array(n);
  labels.set(b.truth);
  const annotators: string[] = Array.from({ length: b.n }, () => ANNOTATORS[Math.floor(rand() * 5)]);
  const template = 0; // a row of class 0
  const truth = new Uint8Array(n);
  for (let i = 0; i < m; i++) {
    const r = b.n + i;
    for (let d = 0; d < b.dim; d++) x[r * b.dim + d] = b.x[template * b.dim + d] + 0.05 * g();
    labels[r] = label;
    annotators.push(annotator(i));
    truth[r] = 1;
  }
  const inputs = makeInputs(x, b.dim, labels, 3, { annotators });
  inputs.inputFeatures = () => ({ data: x, dim: b.dim });
  return { inputs, truth, n };
}

describe('campaign detector', () => {
  it('binomial tails', () => {
    expect(binomCdf(0, 20, 0.7)).toBeCloseTo(0.3 ** 20, 20);
    expect(binomSf(3, 3, 0.5)).toBeCloseTo(0.125, 12);
    expect(binomCdf(20, 20, 0.3)).toBeCloseTo(1, 12);
    expect(binomSf(0, 50, 0.2)).toBeCloseTo(1, 12);
    expect(binomCdf(5, 10, 0.5) + binomSf(6, 10, 0.5)).toBeCloseTo(1, 12);
  });

  it('flags a one-annotator batch that its surroundings disagree with, and names the annotator', () => {
    const { inputs, truth } = planted(20, 1, () => 'a3');
    const r = campaign.run(inputs);
    const d = r.details as CampaignDetails;
    expect(count(r.flagged)).toBe(20);
    for (let i = 0; i < truth.length; i++) expect(r.flagged[i]).toBe(truth[i]);
    expect(auroc(r.scores, truth)).toBe(1);
    expect(d.campaigns).toBe(1);
    expect(d.annotators[0].annotator).toBe('a3');
    expect(r.annotatorFindings?.suspect).toEqual(['a3']);
    const i = truth.indexOf(1);
    expect(r.reasons[i]?.tag).toBe('campaign by a3');
    expect(r.reasons[i]?.text).toMatch(/near-duplicates labelled class1/);
  });

  it('is silent on the same batch spread over all annotators (no one carries it)', () => {
    const { inputs } = planted(20, 1, (i) => ANNOTATORS[i % 5]);
    expect(count(campaign.run(inputs).flagged)).toBe(0);
  });

  it('is silent on a one-annotator batch that carries the label of its surroundings', () => {
    const { inputs } = planted(20, 0, () => 'a3');
    const r = campaign.run(inputs);
    expect(count(r.flagged)).toBe(0);
    expect((r.details as CampaignDetails).surroundingsTested).toBeGreaterThan(0);
  });

  it('is silent on clean data, and without annotators judges near-duplicates by surroundings alone', () => {
    const b = blobs(300, 3, 8, 5, 3);
    const rand = mulberry32(6);
    const annotators = Array.from({ length: b.n }, () => ANNOTATORS[Math.floor(rand() * 5)]);
    const clean = makeInputs(b.x, b.dim, b.truth, 3, { annotators });
    clean.inputFeatures = () => ({ data: b.x, dim: b.dim });
    expect(count(campaign.run(clean).flagged)).toBe(0);
    const { inputs, truth } = planted(20, 1, () => 'a3');
    inputs.annotators = null;
    const r = campaign.run(inputs);
    for (let i = 0; i < truth.length; i++) expect(r.flagged[i]).toBe(truth[i]);
    expect(r.annotatorFindings).toBeUndefined();
  });
});
