// A rule check in the shape every detector returns, so the combined suspicion can take it as one
// more piece of evidence (wiring into the pipeline comes with the detector-interface rework).
import type { DetectorResult } from '../types';
import type { RuleCheckResult } from './evaluate';

export const RULES_DETECTOR = 'rule-checks';

export function ruleDetectorResult(check: RuleCheckResult): DetectorResult {
  return {
    name: RULES_DETECTOR,
    scores: check.scores,
    flagged: check.flagged,
    reasons: check.reasons,
    params: {
      rules: check.rules.map((r) => r.name),
      precision: 'Wilson 95 % lower bound of agreement > 0.5',
    },
    details: { rules: check.rules, conflicts: check.conflicts },
  };
}
