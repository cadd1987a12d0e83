// The rule checks' two stages: the settings' rules read and run on the table before training (a
// bad or hostile rules file stops the scan at once), then again with the model's vote as a
// detector result that the combined suspicion weighs like any other.
import type { LoadedWithRoles } from '../load-and-infer';
import { prepareRules, ruleChecks, type PreparedRules } from '../rules/scan-stage';
import type { DetectorResult } from '../types';
import type { Featured } from './features';
import type { Embedded } from './probe';
import { argmaxRows } from './result';
import { now, type ScanRun } from './run';

/** The settings' rules checked against the table; null when the settings carry none. */
export function rulesStage(
  prepared: LoadedWithRoles,
  featured: Featured,
  run: ScanRun,
): PreparedRules | null {
  const given = run.settings.rules;
  if (!given) return null;
  const t0 = now();
  const rules = prepareRules(given, prepared.loaded.frame, featured.classes, featured.labels);
  run.timings['rules: check'] = now() - t0;
  return rules;
}

/** The rule checks again, with the model's out-of-fold predictions as its vote: a detector result. */
export function ruleCheckStage(
  rules: PreparedRules,
  prepared: LoadedWithRoles,
  featured: Featured,
  embedded: Embedded,
  run: ScanRun,
): DetectorResult {
  const t0 = now();
  const predicted = featured.probeTrains ? argmaxRows(embedded.probs, featured.n, featured.c) : null;
  const result = ruleChecks(rules, prepared.loaded.frame, featured.classes, featured.labels, predicted);
  run.timings[`detector: ${result.name}`] = now() - t0;
  return result;
}
