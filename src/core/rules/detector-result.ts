// A rule check in the shape every detector returns, so the combined suspicion takes it as one more
// piece of evidence in the label family: a row a precise rule contradicts is a label issue.
import type { DetectorDefinition, DetectorResult, Reason } from '../types';
import type { RuleCheckResult, RuleConflict, RuleReason, RuleStats } from './evaluate';

export const RULES_DETECTOR = 'rule-checks';

/**
 * What the rule checks say about themselves (combine, the report, the audit, the page). Not in
 * the detector registry: they run on the loaded table, not on the detectors' inputs, and only
 * when the scan's settings carry rules (pipeline.ts adds this definition then).
 */
export const RULES_DEFINITION: DetectorDefinition = {
  name: RULES_DETECTOR,
  title: 'Rule checks',
  description:
    'Rule checks: rows whose label a precise rule of yours contradicts, or that a rule marks invalid',
  explanation:
    'These rows break a rule you wrote that agrees with most of the labels it covers (95 % lower bound of its agreement above one half), or a rule marks them invalid: their label is more likely wrong than the rule. Each reason names the rule.',
  severity: 'medium',
  weight: 0.9,
  family: 'label',
  flag: 'single',
};

/** report.json's and the page's view of a rule check: per rule, conflicts, the flagged rows. */
export interface RuleCheckDetails {
  /** The rules file's name. */
  file: string;
  rules: RuleStats[];
  conflicts: RuleConflict[];
  /** Every flagged row with the precise rules it breaks. */
  rows: { row: number; reasons: RuleReason[] }[];
}

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

export function ruleDetectorResult(check: RuleCheckResult, file = 'rules'): DetectorResult<RuleCheckDetails> {
  const rows: RuleCheckDetails['rows'] = [];
  check.flagged.forEach((f, i) => {
    if (f) rows.push({ row: i, reasons: check.rowReasons[i].filter((r) => r.precise) });
  });
  return {
    name: RULES_DETECTOR,
    scores: check.scores,
    flagged: check.flagged,
    reasons: check.rowReasons.map((r, i) => (check.flagged[i] ? ruleReason(r) : null)),
    params: {
      file,
      rules: check.rules.map((r) => r.name),
      precise: 'Wilson 95 % lower bound of agreement > 0.5',
    },
    details: { file, rules: check.rules, conflicts: check.conflicts, rows },
  };
}
