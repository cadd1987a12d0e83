// A rule check in the shape every detector returns, so the combined suspicion can take it as one
// more piece of evidence (wiring into the pipeline comes after the detector-interface rework).
import type { DetectorResult, Reason } from '../types';
import type { RuleCheckResult, RuleReason } from './evaluate';

export const RULES_DETECTOR = 'rule-checks';

/** The typed reason of a flagged row: tag "rule", the precise rules it breaks, named. */
export function ruleReason(reasons: readonly RuleReason[]): Reason {
  const precise = reasons.filter((r) => r.precise);
  return {
    detector: RULES_DETECTOR,
    tag: 'rule',
    text: precise
      .map((r) =>
        r.kind === 'invalid'
          ? `"${r.rule}" marks the row invalid`
          : `"${r.rule}" expects ${r.expects}, label is "${r.label}"`,
      )
      .join('; '),
    values: { agreementLow: Math.max(0, ...precise.map((r) => r.agreementLow)) },
  };
}

export function ruleDetectorResult(check: RuleCheckResult): DetectorResult {
  return {
    name: RULES_DETECTOR,
    scores: check.scores,
    flagged: check.flagged,
    reasons: check.rowReasons.map((r, i) => (check.flagged[i] ? ruleReason(r) : null)),
    params: { rules: check.rules.map((r) => r.name), precise: 'Wilson 95 % lower bound of agreement > 0.5' },
    details: { rules: check.rules, conflicts: check.conflicts },
  };
}
