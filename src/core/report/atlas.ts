// MITRE ATLAS tags: which adversary technique each detector and each kind of finding is evidence
// of, so an audit can be filed next to a threat model. One table, checked by a test against the
// detector registry. The ids and names follow ATLAS data 5.6.0 (mitre-atlas/atlas-data,
// dist/ATLAS.yaml, modified 2026-04-22); later releases (2026.07) rename some techniques
// ("Training Data Poisoning", "Publish Poisoned AI Artifacts: Datasets") but keep these ids.

export const ATLAS_VERSION = '5.6.0';

export interface AtlasTechnique {
  id: string;
  name: string;
}

export const ATLAS = {
  supplyChain: { id: 'AML.T0010', name: 'AI Supply Chain Compromise' },
  supplyChainData: { id: 'AML.T0010.002', name: 'AI Supply Chain Compromise: Data' },
  manipulateModel: { id: 'AML.T0018', name: 'Manipulate AI Model' },
  poisonModel: { id: 'AML.T0018.000', name: 'Manipulate AI Model: Poison AI Model' },
  publishPoisonedDatasets: { id: 'AML.T0019', name: 'Publish Poisoned Datasets' },
  poisonTrainingData: { id: 'AML.T0020', name: 'Poison Training Data' },
  erodeDatasetIntegrity: { id: 'AML.T0059', name: 'Erode Dataset Integrity' },
} as const satisfies Record<string, AtlasTechnique>;

const { supplyChainData, poisonModel, publishPoisonedDatasets, poisonTrainingData, erodeDatasetIntegrity } =
  ATLAS;

/**
 * Per detector (the registry's names, plus the rule checks): label and outlier detectors find
 * poisoned training data; the backdoor detectors find poisoned data that plants a backdoor in
 * the model trained on it.
 */
export const DETECTOR_ATLAS: Readonly<Record<string, readonly AtlasTechnique[]>> = {
  spectral: [poisonTrainingData, poisonModel],
  'activation-clustering': [poisonTrainingData, poisonModel],
  'support-gap': [poisonTrainingData, poisonModel],
  'trigger-carriers': [poisonTrainingData, poisonModel],
  'confident-learning': [poisonTrainingData],
  'neighbour-disagreement': [poisonTrainingData],
  'knn-outlier': [poisonTrainingData],
  duplicates: [poisonTrainingData],
  'annotator-agreement': [poisonTrainingData],
  campaign: [poisonTrainingData, supplyChainData],
  'rule-checks': [poisonTrainingData],
};

/** Every kind of finding Assay reports (the audit's finding ids and the provenance checks). */
export const FINDING_KINDS = [
  // The audit's findings (report/audit.ts).
  'flagged',
  'suspect-annotators',
  'row-errors',
  'diff',
  // Manifest verification (provenance/manifest.ts).
  'manifest-modified',
  'manifest-unknown',
  'manifest-missing',
  // Source vetting (provenance/vetting.ts).
  'origin-missing',
  'origin-not-allowed',
  'licence-missing',
  'licence-not-allowed',
  'vetting-missing',
  'retrieved-after-vetting',
  // URL lists (provenance/url-list.ts).
  'url-hash-mismatch',
  'url-file-missing',
  'url-file-unlisted',
  // Rule checks (rules/).
  'rule-contradiction',
  'rule-invalid',
  'rule-conflict',
  // Backdoor confirmation and red-team runs.
  'confirmed-backdoor',
  'redteam-run',
] as const;

export type FindingKind = (typeof FINDING_KINDS)[number];

/**
 * A file that is not what was vetted, or whose source was never vetted, is a compromise of the
 * data supply chain (AML.T0010.002); where the file's content is what changed it is also how
 * poisoned data gets in (AML.T0020), and a public source serving other bytes than it listed is
 * the published-poisoned-dataset case (AML.T0019, split-view poisoning). A licence outside the
 * allow-list is no attack in itself; it is tagged with the supply chain because it shows the
 * source was not vetted as the policy requires.
 */
export const FINDING_ATLAS: Readonly<Record<FindingKind, readonly AtlasTechnique[]>> = {
  flagged: [poisonTrainingData],
  'suspect-annotators': [poisonTrainingData],
  'row-errors': [erodeDatasetIntegrity],
  diff: [poisonTrainingData],
  'manifest-modified': [supplyChainData, poisonTrainingData],
  'manifest-unknown': [supplyChainData, poisonTrainingData],
  'manifest-missing': [supplyChainData, erodeDatasetIntegrity],
  'origin-missing': [supplyChainData],
  'origin-not-allowed': [supplyChainData, publishPoisonedDatasets],
  'licence-missing': [supplyChainData],
  'licence-not-allowed': [supplyChainData],
  'vetting-missing': [supplyChainData],
  'retrieved-after-vetting': [supplyChainData, poisonTrainingData],
  'url-hash-mismatch': [supplyChainData, publishPoisonedDatasets, poisonTrainingData],
  'url-file-missing': [supplyChainData, erodeDatasetIntegrity],
  'url-file-unlisted': [supplyChainData, poisonTrainingData],
  'rule-contradiction': [poisonTrainingData],
  'rule-invalid': [erodeDatasetIntegrity],
  // Two rules disagreeing is a fault of the rules, not evidence about the data.
  'rule-conflict': [],
  'confirmed-backdoor': [poisonModel, poisonTrainingData],
  'redteam-run': [poisonTrainingData, poisonModel],
};

/** The tags of a detector or a finding kind; [] for one the table does not know. */
export function atlasTags(nameOrKind: string): readonly AtlasTechnique[] {
  return DETECTOR_ATLAS[nameOrKind] ?? FINDING_ATLAS[nameOrKind as FindingKind] ?? [];
}

/** "AML.T0020 Poison Training Data". */
export const formatTechnique = (t: AtlasTechnique): string => `${t.id} ${t.name}`;

/** Detector descriptions with their ATLAS tags, as the scan result carries them to the page. */
export function withAtlas<T extends { name: string }>(
  infos: T[],
): (T & { atlas: readonly AtlasTechnique[] })[] {
  return infos.map((d) => ({ ...d, atlas: atlasTags(d.name) }));
}
