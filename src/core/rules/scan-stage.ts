// The rule checks as a stage of the scan (pipeline.ts): the rules are read and checked against
// the table before training, so a bad or hostile rules file stops the scan at once with one line;
// after the probe they are checked again with the model's out-of-fold predictions as its vote,
// and the result joins the detectors' as evidence in the label family.
import type { DetectorResult, Frame, RulesText } from '../types';
import { ruleDetectorResult, type RuleCheckDetails } from './detector-result';
import { checkRules, type RuleCheckResult } from './evaluate';
import { loadRules } from './load';
import type { ParsedRule } from './parser';

/** The rules of a scan, read and checked once against its table and labels. */
export interface PreparedRules {
  file: string;
  rules: ParsedRule[];
}

/** Given labels as class names (null = missing), from the scan's class indices. */
export function labelNames(classes: readonly string[], labels: Int32Array): (string | null)[] {
  return Array.from(labels, (k) => (k >= 0 && k < classes.length ? classes[k] : null));
}

/**
 * Parses the rules and runs them once on the table: an unknown column, a label that is no class,
 * a pattern refused by safe-regex or one too slow on this data is a RuleError (an InputError)
 * now, before any training.
 */
export function prepareRules(
  given: RulesText,
  frame: Frame,
  classes: readonly string[],
  labels: Int32Array,
): PreparedRules {
  const rules = loadRules(given.text, given.name);
  checkRules({ frame, labels: labelNames(classes, labels), rules, file: given.name });
  return { file: given.name, rules };
}

/** The rule checks with the model's vote (predicted class per row), as a detector result. */
export function ruleChecks(
  prepared: PreparedRules,
  frame: Frame,
  classes: readonly string[],
  labels: Int32Array,
  predicted: Int32Array | null,
): DetectorResult<RuleCheckDetails> {
  const check: RuleCheckResult = checkRules({
    frame,
    labels: labelNames(classes, labels),
    predicted: predicted ? labelNames(classes, predicted) : undefined,
    rules: prepared.rules,
    file: prepared.file,
  });
  return ruleDetectorResult(check, prepared.file);
}
