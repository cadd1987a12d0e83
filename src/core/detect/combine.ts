// Combines the detectors' results into one suspicion in [0, 1], one flag and one reason per sample.
//
// Calibration: each detector's scores are rank-normalised to r ∈ [0, 1] (share of samples with a
// strictly smaller score; ties equal, an all-zero detector gives 0 everywhere), so detectors with
// different scales compare, and a detector that is silent contributes nothing.
//
// Evidence of detector d for sample i, with a per-detector reliability weight w_d:
//   flagged by d:      e = w_d · (0.6 + 0.4·r)      (a detector's own confident verdict)
//   not flagged by d:  e = w_d · 0.5 · r⁴           (only the extreme tail of an unflagged score)
// Detectors that look at the same thing form a family (label issues: confident learning,
// neighbour disagreement, annotators; backdoors: spectral, activation clustering, support gap;
// duplicates; outliers). Within a family the strongest evidence counts (they are not independent:
// a mislabelled sample trips both confident learning and its neighbours); across families the
// evidence is pooled by noisy-OR, E = 1 − Π_f (1 − e_f).
//
// Flag: flagged by at least one detector's own rule, except kNN outlier (being far from everything
// is atypical, not evidence of poisoning: rare but correct samples are outliers too) and
// neighbour disagreement (supporting evidence: on its own it flags every sample on a class
// border; measured on spam-flip its flags add 6 true and 3 false). Confident learning's flags are
// re-chosen with the annotators' record (label-flags.ts).
// Suspicion comes in three tiers, so the ranking says what kind of finding a sample is:
//   0.75 + 0.25·E  flagged as part of a coordinated group: a support-gap group or an activation
//                  cluster (both only where the model learned a shortcut its inputs do not
//                  support, see reclassify.ts; without a probe, where the rows nearest to the
//                  group carry another label, surroundings.ts) and the images carrying its trigger; a duplicate
//                  group with conflicting labels; a suspect annotator's disputed items.
//                  Poisoning is deliberate and comes in groups; these rank first.
//   0.50 + 0.25·E  flagged by any other detector's own rule (e.g. one sample's label issue).
//   0.50 · E       not flagged.
// So suspicion ≥ 0.5 ⟺ flagged. Measured on the shared datasets (seed 1): pooling by family and
// tiering raised fashion-badnets' suspicion AUROC from 0.938 (plain noisy-OR over detectors) to
// 0.974; natural confusions (Shirt vs T-shirt) flagged by two label detectors no longer outrank
// a trigger group.
// Ambiguous: a sample a detector's rule picks but whose evidence that detector does not confirm
// (its `confirmed` says 0: confident learning's flags where classes overlap, label-evidence.ts)
// is not flagged. It weighs in the suspicion like a flag of that detector, in the unflagged tier,
// so it ranks just under the flags, and it is marked `ambiguous` with its reasons. Measured on
// clean fashion-60k (seed 1): 4,009 flags before, all by confident learning on natural overlap.
// Weights, families and what each detector's flag means come from its definition (registry.ts).
// Reasons: the reasons of the detectors that flagged the sample, in detector order.
import type { DetectorDefinition, DetectorResult, Reason } from '../types';
import { refineLabelFlags } from './label-flags';
import { definitions } from './registry';
import { rankNormalise } from './stats';

/** How a result without a definition (a detector not registered) is weighed. */
export const DEFAULT_WEIGHTING: Pick<DetectorDefinition, 'weight' | 'flag'> = { weight: 0.8, flag: 'single' };

/** A sample no detector flagged: one shared empty list (the result crosses to the page cloned). */
const NO_REASONS: readonly Reason[] = Object.freeze([]);

export interface Combined {
  suspicion: Float32Array;
  flagged: Uint8Array;
  /** Picked by a detector's rule on evidence it does not confirm; never also flagged. */
  ambiguous: Uint8Array;
  reasons: (readonly Reason[])[];
}

export function combine(
  results: DetectorResult[],
  n: number,
  defs: readonly DetectorDefinition[] = definitions,
): Combined {
  const byName = new Map(defs.map((d) => [d.name, d]));
  const suspicion = new Float32Array(n);
  const flagged = new Uint8Array(n);
  const ambiguous = new Uint8Array(n);
  const group = new Uint8Array(n);
  const picked = new Uint8Array(n);
  const ambiguousParts: Reason[][] = Array.from({ length: n }, () => []);
  const reasons: (readonly Reason[])[] = new Array<readonly Reason[]>(n).fill(NO_REASONS);
  const families = new Map<string, Float64Array>();
  const parts: Reason[][] = Array.from({ length: n }, () => []);
  for (const res of refineLabelFlags(results)) {
    if (res.scores.length !== n || res.flagged.length !== n) continue;
    const def = byName.get(res.name);
    const w = def?.weight ?? DEFAULT_WEIGHTING.weight;
    const familyName = def?.family ?? res.name;
    let family = families.get(familyName);
    if (!family) families.set(familyName, (family = new Float64Array(n)));
    const flag = def?.flag ?? DEFAULT_WEIGHTING.flag;
    const counts = flag !== 'evidence';
    const isGroup = flag === 'group';
    const r = rankNormalise(res.scores);
    const confirmed = res.confirmed?.length === n ? res.confirmed : null;
    for (let i = 0; i < n; i++) {
      const isPicked = res.flagged[i] === 1;
      const isFlagged = isPicked && (!confirmed || confirmed[i] === 1);
      const ri = r[i];
      const e = isPicked ? w * (0.6 + 0.4 * ri) : w * 0.5 * ri * ri * ri * ri;
      if (e > family[i]) family[i] = e;
      if (isPicked && !isFlagged && counts) {
        picked[i] = 1;
        const why = res.reasons[i];
        if (why) ambiguousParts[i].push(why);
      }
      if (isFlagged) {
        if (counts) flagged[i] = 1;
        if (isGroup) group[i] = 1;
        const why = res.reasons[i];
        if (why) parts[i].push(why);
      }
    }
  }
  for (let i = 0; i < n; i++) {
    let keep = 1;
    for (const family of families.values()) keep *= 1 - family[i];
    const e = Math.min(0.999999, Math.max(0, 1 - keep));
    const s = group[i] ? 0.75 + 0.25 * e : flagged[i] ? 0.5 + 0.25 * e : 0.5 * e;
    suspicion[i] = Number.isFinite(s) ? s : 0;
    if (flagged[i] && parts[i].length) reasons[i] = parts[i];
    else if (!flagged[i] && picked[i]) {
      ambiguous[i] = 1;
      if (ambiguousParts[i].length) reasons[i] = ambiguousParts[i];
    }
  }
  return { suspicion, flagged, ambiguous, reasons };
}
