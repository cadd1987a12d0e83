// Rule checks: parse a rules file, evaluate it over a loaded Frame and its labels.
export { RuleError } from './errors';
export { parseRule, MAX_DEPTH, type ParsedRule, type Condition, type Outcome } from './parser';
export { loadRules, readRuleSources, MAX_RULES_FILE_BYTES, MAX_RULES } from './load';
export { regexProblem, compileSafeRegex, MAX_PATTERN_CHARS, MAX_CELL_CHARS } from './safe-regex';
export {
  checkRules,
  isPrecise,
  labelsOf,
  describeOutcome,
  REGEX_BUDGET_MS,
  type RuleCheckInput,
  type RuleCheckResult,
  type RuleStats,
  type RuleReason,
  type RuleConflict,
} from './evaluate';
export { ruleDetectorResult, ruleReason, RULES_DETECTOR } from './detector-result';
export { wilsonLower } from './stats';
