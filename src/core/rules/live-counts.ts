// The page's rule editor: the rules as typed, checked against the scanned table in the worker,
// with each rule's counts (covers, agrees, contradicts, precise) and the model's vote. A bad rule
// is not thrown at the page: it comes back as one line with the rule and the character position.
import { InputError, type Frame, type RulesText } from '../types';
import { atlasTags, type AtlasTechnique } from '../report/atlas';
import { RULES_DETECTOR } from './detector-result';
import { checkRules, type RuleConflict, type RuleStats } from './evaluate';
import { loadRules } from './load';
import { labelNames } from './scan-stage';

export interface RuleCounts {
  rules: RuleStats[];
  conflicts: RuleConflict[];
  /** Rows a precise rule contradicts (or a rule marks invalid): what a scan with them flags. */
  flagged: number;
  atlas: readonly AtlasTechnique[];
}

export type RuleCountsView = { ok: true; counts: RuleCounts } | { ok: false; error: string };

export function ruleCounts(
  given: RulesText,
  frame: Frame,
  classes: readonly string[],
  labels: Int32Array,
  predicted: Int32Array | null,
): RuleCountsView {
  try {
    const check = checkRules({
      frame,
      labels: labelNames(classes, labels),
      predicted: predicted ? labelNames(classes, predicted) : undefined,
      rules: loadRules(given.text, given.name),
      file: given.name,
    });
    return {
      ok: true,
      counts: {
        rules: check.rules,
        conflicts: check.conflicts,
        flagged: check.flagged.reduce((s, v) => s + v, 0),
        atlas: atlasTags(RULES_DETECTOR),
      },
    };
  } catch (e) {
    if (e instanceof InputError) return { ok: false, error: e.line };
    throw e;
  }
}
