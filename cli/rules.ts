// `assay scan --rules FILE`: reads a rules file before any work (a bad one is one line, exit 2),
// hands its text to the scan's settings (the pipeline runs the checks as evidence in the combined
// suspicion) and prints a per-rule table under the scan's summary.
import fs from 'node:fs';
import path from 'node:path';
import {
  checkRules,
  labelsOf,
  loadRules,
  MAX_RULES_FILE_BYTES,
  type ParsedRule,
  type RuleCheckResult,
} from '../src/core/rules';
import { RULES_DETECTOR, type RuleCheckDetails } from '../src/core/rules/detector-result';
import { InputError, type Frame, type Roles, type RulesText, type ScanResult } from '../src/core/types';

export const RULES_FLAG = 'rules';
export const RULES_HELP = `  --rules FILE       check these rules (JSON or YAML) against the labels; a row that a precise
                     rule contradicts is flagged with the rule named`;

/** Reads and parses a rules file before any work is done; a bad one is a one-line InputError. */
export function readRulesFile(file: string): ParsedRule[] {
  return loadRules(readRulesText(file).text, path.basename(file));
}

/** A rules file's text for the scan's settings, parsed once here so a bad one stops at once. */
export function readRulesText(file: string): RulesText {
  if (!fs.existsSync(file)) throw new InputError(file, 'no such rules file');
  const stat = fs.statSync(file);
  if (stat.isDirectory()) throw new InputError(file, 'is a folder, not a rules file');
  if (stat.size > MAX_RULES_FILE_BYTES)
    throw new InputError(
      path.basename(file),
      `rules file is ${stat.size} bytes; at most ${MAX_RULES_FILE_BYTES}`,
    );
  const text = fs.readFileSync(file, 'utf8');
  loadRules(text, path.basename(file));
  return { name: path.basename(file), text };
}

/** The rule checks of a finished scan (its settings had rules), in the shape the table prints. */
export function scanRuleCheck(
  result: ScanResult,
): Pick<RuleCheckResult, 'rules' | 'conflicts' | 'flagged'> | null {
  const d = result.detectors.find((r) => r.name === RULES_DETECTOR);
  const details = d?.details as RuleCheckDetails | undefined;
  return d && details ? { rules: details.rules, conflicts: details.conflicts, flagged: d.flagged } : null;
}

/** Checks the rules on the scanned frame; `predicted` (the model's labels) when there is one. */
export function runRuleChecks(
  rules: ParsedRule[],
  file: string,
  frame: Frame,
  labelColumn: string,
  predicted?: (string | null)[],
): RuleCheckResult {
  return checkRules({
    frame,
    labels: labelsOf(frame, labelColumn),
    predicted,
    rules,
    file: path.basename(file),
  });
}

/**
 * The rule checks of a scan: the label column from the scan's roles, and the model's out-of-fold
 * predictions (row-aligned with the frame) as the model's vote.
 */
export function rulesForScan(
  rules: ParsedRule[],
  file: string,
  frame: Frame,
  roles: Roles,
  result?: { classes: string[]; predicted: Int32Array },
): RuleCheckResult {
  const label = Object.keys(roles).find((c) => roles[c] === 'label');
  if (!label) throw new InputError(path.basename(file), 'rules need a label column (give --label COL)');
  const predicted =
    result && result.predicted.length === frame.numRows
      ? Array.from(result.predicted, (k) => (k >= 0 ? (result.classes[k] ?? null) : null))
      : undefined;
  return runRuleChecks(rules, file, frame, label, predicted);
}

const pct = (x: number) => (Number.isNaN(x) ? '   –' : `${(100 * x).toFixed(0).padStart(3)}%`);

/** The per-rule table for the scan's summary on stdout. */
export function rulesSummaryLines(
  check: Pick<RuleCheckResult, 'rules' | 'conflicts' | 'flagged'>,
  file: string,
): string[] {
  const flagged = check.flagged.reduce((a, b) => a + b, 0);
  const width = Math.min(28, Math.max(4, ...check.rules.map((r) => r.name.length)));
  const lines = [
    `rules ${file}: ${check.rules.length} rules, ${flagged} rows flagged`,
    `  ${'rule'.padEnd(width)}  covered  agree  ≥agree  contradicts  precise${check.rules[0]?.modelChecked !== undefined ? '  model' : ''}`,
  ];
  for (const r of check.rules) {
    const model =
      r.modelChecked !== undefined ? `  ${pct(r.modelChecked ? r.modelAgree! / r.modelChecked : NaN)}` : '';
    lines.push(
      `  ${r.name.slice(0, width).padEnd(width)}  ${String(r.covered).padStart(7)}  ${pct(r.agreement)}  ${pct(r.expects === 'invalid' ? NaN : r.agreementLow).padStart(6)}  ${String(r.contradict).padStart(11)}  ${(r.precise ? 'yes' : 'no').padStart(7)}${model}`,
    );
  }
  for (const c of check.conflicts)
    lines.push(`  conflict: "${c.a}" and "${c.b}" disagree on ${c.rows} row(s)`);
  return lines;
}

/**
 * The rule checks for report.json: per-rule numbers, conflicts, and every flagged row with its
 * typed reasons (row index; the caller maps it to the id).
 */
export function rulesReportJson(check: RuleCheckResult, file: string, ids?: string[]) {
  const rows: { row: number; id?: string; reasons: RuleCheckResult['rowReasons'][number] }[] = [];
  check.flagged.forEach((f, i) => {
    if (f)
      rows.push({
        row: i,
        ...(ids ? { id: ids[i] } : {}),
        reasons: check.rowReasons[i].filter((r) => r.precise),
      });
  });
  return {
    file: path.basename(file),
    flagged: rows.length,
    rules: check.rules.map((r) => ({ ...r, agreement: Number.isNaN(r.agreement) ? null : r.agreement })),
    conflicts: check.conflicts,
    rows,
  };
}
