// Which annotators stand out: an annotator whose chance-adjusted agreement with the consensus
// (Cohen's κ) lies far below the other annotators'. The rule, per annotator a:
//   z_a = (κ_a − median of the others' κ) / √(s_others² + se_a²)
// where s_others = 1.4826 · MAD of the others' κ (a robust standard deviation: the median
// absolute deviation scaled to σ for normal data) and se_a is the standard error of κ_a itself
// (Cohen 1960: √(p_o(1 − p_o) / (n (1 − p_e)²))), so an annotator with few judgements is not
// called out on noise. The others' median and spread leave a out, so the annotator under test
// cannot mask themself. a is suspect when z_a < −3.5: Iglewicz and Hoaglin's cut for the modified
// z-score, under which a normal sample flags about 2 in 10,000. It needs three annotators with
// at least MIN_JUDGEMENTS judgements each: two cannot say which of them is off.
import type { AnnotatorQuality } from './annotator-quality';

export const SUSPECT_Z = -3.5;
export const MIN_JUDGEMENTS = 10;

export interface AnnotatorOutlier {
  annotator: string;
  /** Robust z of their κ against the other annotators' (NaN: not judged, too few judgements or annotators). */
  z: number;
  /** Standard error of their κ. */
  kappaSE: number;
  suspect: boolean;
}

/** The rule in one line, for the report and the gate. */
export const OUTLIER_RULE = `κ with consensus below the other annotators' median by more than ${-SUSPECT_Z} robust SDs (1.4826·MAD of the others' κ and the κ's own standard error combined); needs ≥3 annotators with ≥${MIN_JUDGEMENTS} judgements`;

export function annotatorOutliers(rows: readonly AnnotatorQuality[]): AnnotatorOutlier[] {
  const se = rows.map((r) => kappaSE(r.confusion));
  const eligible = rows
    .map((r, i) => ({ i, kappa: r.kappa, n: total(r.confusion) }))
    .filter((e) => Number.isFinite(e.kappa) && e.n >= MIN_JUDGEMENTS);
  return rows.map((r, i) => {
    const others = eligible.filter((e) => e.i !== i).map((e) => e.kappa);
    const own = eligible.some((e) => e.i === i);
    if (!own || others.length < 2) return { annotator: r.annotator, z: NaN, kappaSE: se[i], suspect: false };
    const med = median(others);
    const mad = 1.4826 * median(others.map((k) => Math.abs(k - med)));
    const spread = Math.sqrt(mad * mad + se[i] * se[i]);
    const z = spread > 0 ? (r.kappa - med) / spread : 0;
    return { annotator: r.annotator, z, kappaSE: se[i], suspect: z < SUSPECT_Z };
  });
}

function total(cm: number[][]): number {
  return cm.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0);
}

/** Large-sample standard error of Cohen's κ from a confusion matrix (Cohen 1960). */
export function kappaSE(cm: number[][]): number {
  const c = cm.length;
  const n = total(cm);
  if (n === 0) return NaN;
  let po = 0;
  let pe = 0;
  for (let k = 0; k < c; k++) {
    po += cm[k][k] / n;
    let row = 0;
    let col = 0;
    for (let l = 0; l < c; l++) {
      row += cm[k][l];
      col += cm[l][k];
    }
    pe += (row / n) * (col / n);
  }
  if (pe >= 1) return 0;
  return Math.sqrt((po * (1 - po)) / (n * (1 - pe) * (1 - pe)));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
