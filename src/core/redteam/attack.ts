// The synthetic attacks red-team mode plants into a copy of the user's data. A spec is plain data
// (it crosses the worker boundary and goes into redteam.json as it is), fully resolved: every
// parameter has a value, so a report says exactly what was planted and can be replayed.

export type PatchPattern = 'solid' | 'checker' | 'random';

/** BadNets: a small patch stamped on a share of the images, which are relabelled to `target`. */
export interface PatchAttack {
  kind: 'patch';
  /** Side of the square patch in pixels. */
  size: number;
  /** Row of the patch's top edge (clamped per image so the patch fits). */
  top: number;
  /** Column of the patch's left edge (clamped per image so the patch fits). */
  left: number;
  pattern: PatchPattern;
  /** Grey level of the patch's lit pixels in [0, 1] (1 = white); the others of a pattern are 0. */
  value: number;
  /** Class every stamped image is relabelled to. */
  target: string;
  /** Share of all rows that are stamped (rows already labelled `target` are never picked). */
  rate: number;
  seed: number;
}

/** Label flips: a share of the rows gets another class, optionally from one annotator or class. */
export interface FlipAttack {
  kind: 'flip';
  /** Share of all rows whose label is flipped. */
  rate: number;
  /** Only rows of this class are flipped. */
  fromClass?: string;
  /** Flipped rows get this class (otherwise a random other class per row). */
  toClass?: string;
  /** Only rows labelled by this annotator are flipped (the careless or malicious annotator). */
  annotator?: string;
  seed: number;
}

/** A text backdoor: a trigger phrase inserted into a share of the texts, relabelled to `target`. */
export interface PhraseAttack {
  kind: 'phrase';
  phrase: string;
  target: string;
  /** Share of all rows that get the phrase (rows already labelled `target` are never picked). */
  rate: number;
  seed: number;
}

/**
 * A coordinated campaign (an insider: a labelling vendor or a compromised annotator account): a
 * share of the rows is overwritten with near-duplicates of one template, all labelled `target` and
 * all carried by one annotator. The template is a real row of another class (`source`), so the
 * rest of the data says the campaign's content belongs there. Text: the template's words with
 * small variations (numbers redrawn, a share of the words swapped for words of the corpus, a name
 * inserted); tabular: the template row's numbers jittered by `jitter` standard deviations.
 */
export interface CampaignAttack {
  kind: 'campaign';
  /** Share of all rows the campaign overwrites. */
  rate: number;
  /** The label every campaign row carries. */
  target: string;
  /** The class the template row is taken from (≠ target). */
  source: string;
  /** The annotator every campaign row is attributed to (absent when the data has none). */
  annotator?: string;
  /** Text: share of the template's words swapped per variant. Tabular: jitter in standard deviations. */
  jitter: number;
  /** The template text (text data; drawn from a `source` row when not given). */
  template?: string;
  seed: number;
}

/**
 * Clean-label poisoning by feature collision (Shafahi et al. 2018): images of `base` are nudged
 * until the probe's embedding of each sits on one `target` image; their correct labels are kept.
 */
export interface CleanLabelAttack {
  kind: 'cleanlabel';
  base: string;
  target: string;
  /** Share of all rows poisoned (taken from `base`). */
  rate: number;
  seed: number;
}

export type AttackSpec = PatchAttack | FlipAttack | PhraseAttack | CampaignAttack | CleanLabelAttack;
export type AttackKind = AttackSpec['kind'];

/** Where a patch goes: a corner, the centre, or an explicit top-left pixel. */
export type PatchPlace = 'tl' | 'tr' | 'bl' | 'br' | 'c' | { top: number; left: number };

/**
 * An attack as the user asked for it: any parameter left out is drawn from the seed when the
 * attack is resolved against a dataset (see resolve-attack.ts). A resolved spec is a request too
 * (replaying it plants the same attack); a patch's `place` wins over its `top`/`left`.
 */
export type AttackRequest =
  | ({ kind: 'patch'; place?: PatchPlace } & Partial<Omit<PatchAttack, 'kind'>>)
  | ({ kind: 'flip' } & Partial<Omit<FlipAttack, 'kind'>>)
  | ({ kind: 'phrase' } & Partial<Omit<PhraseAttack, 'kind'>>)
  | ({ kind: 'campaign' } & Partial<Omit<CampaignAttack, 'kind'>>)
  | ({ kind: 'cleanlabel' } & Partial<Omit<CleanLabelAttack, 'kind'>>);

/** One line for people: what was planted. */
export function describeAttack(spec: AttackSpec): string {
  const pct = (r: number) => `${+(r * 100).toFixed(2)}%`;
  switch (spec.kind) {
    case 'patch':
      return `${spec.size}×${spec.size} ${spec.pattern} patch (value ${+spec.value.toFixed(3)}) at (${spec.top},${spec.left}) on ${pct(spec.rate)} of rows → "${spec.target}"`;
    case 'flip': {
      const scope = [
        spec.annotator !== undefined ? `annotator ${spec.annotator}` : '',
        spec.fromClass !== undefined ? `class "${spec.fromClass}"` : '',
      ].filter(Boolean);
      const to = spec.toClass !== undefined ? ` → "${spec.toClass}"` : ' to a random other class';
      return `label flips on ${pct(spec.rate)} of rows${scope.length ? ` (${scope.join(', ')})` : ''}${to}`;
    }
    case 'phrase':
      return `phrase ${JSON.stringify(spec.phrase)} inserted into ${pct(spec.rate)} of texts → "${spec.target}"`;
    case 'cleanlabel':
      return `clean-label feature collision: ${pct(spec.rate)} of rows, "${spec.base}" images moved onto a "${spec.target}" image's embedding, labels kept`;
    case 'campaign':
      return (
        `campaign of near-duplicates of a "${spec.source}" ${spec.template !== undefined ? `template ${JSON.stringify(spec.template.slice(0, 40))}` : 'row'} ` +
        `(jitter ${+spec.jitter.toFixed(3)}) on ${pct(spec.rate)} of rows → "${spec.target}"` +
        (spec.annotator !== undefined ? `, all by annotator ${spec.annotator}` : '')
      );
  }
}
