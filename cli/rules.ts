// `assay scan --rules FILE`: reads a rules file, checks it against the loaded data and prints a
// per-rule table under the scan's summary. Kept out of main.ts so the scan wires it in a few lines.
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
import { InputError, type Frame, type Roles } from '../src/core/types';

export const RULES_FLAG = 'rules';
export const RULES_HELP = `  --rules FILE       check these rules (JSON or YAML) against the labels; a row that a precise
                     rule contradicts is flagged with the rule named`;

/** Reads and parses a rules file before any work is done; a bad one is a one-line InputError. */
export function readRulesFile(file: string): ParsedRule[] {
  if (!fs.existsSync(file)) throw new InputError(file, 'no such rules file');
  const stat = fs.statSync(file);
  if (stat.isDirectory()) throw new InputError(file, 'is a folder, not a rules file');
  if (stat.size > MAX_RULES_FILE_BYTES)
    throw new InputError(
      path.basename(file),
      `rules file is ${stat.size} bytes; at most ${MAX_RULES_FILE_BYTES}`,
    );
  return loadRules(fs.readFileSync(file, 'utf8'), path.basename(file));
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
export function rulesSummaryLines(check: RuleCheckResult, file: string): string[] {
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
