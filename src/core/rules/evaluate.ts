// Rule checks (the labelling-function idea of Snorkel, used for QA): each rule says what the
// label of the rows it covers should be. Measured on the data: how many rows it covers, how often
// the given label agrees, which rows it contradicts, where two rules disagree, and how often the
// model's prediction agrees. A row that a *precise* rule contradicts is flagged, naming the rule.
import { atlasTags, type AtlasTechnique } from '../report/atlas';
import type { Frame } from '../types';
import { RuleError, clip } from './errors';
import { compileCondition, TRUE, type RegexClock } from './compile';
import type { Outcome, ParsedRule } from './parser';
import { wilsonLower } from './stats';

/** Time all of a check's regexes may take together before it stops with an error. */
export const REGEX_BUDGET_MS = 500;

export interface RuleCheckInput {
  frame: Frame;
  /** Given label per row (null = missing). */
  labels: (string | null)[];
  /** The model's predicted label per row, when there is a model. */
  predicted?: (string | null)[];
  rules: ParsedRule[];
  /** The rules file's name, for errors. */
  file?: string;
}

export interface RuleStats {
  name: string;
  text: string;
  /** `"spam"`, `not "Adelie"` or `invalid`. */
  expects: string;
  /** Rows where the condition holds. */
  covered: number;
  /** Covered rows that have a label (the ones agreement is measured on). */
  labelled: number;
  agree: number;
  contradict: number;
  /** agree / labelled; NaN when it covers no labelled row (and for `invalid` rules). */
  agreement: number;
  /** 95 % Wilson lower bound of the agreement (1 for `invalid` rules: they are the user's word). */
  agreementLow: number;
  /** Whether its contradictions flag rows; see isPrecise. */
  precise: boolean;
  /** Covered rows with a prediction, and how many of those the prediction satisfies. */
  modelChecked?: number;
  modelAgree?: number;
  /** Rows this rule shares with another rule that expects something incompatible, by rule. */
  conflicts: { rule: string; rows: number }[];
}

export interface RuleReason {
  rule: string;
  kind: 'contradicts' | 'invalid';
  expects: string;
  label: string | null;
  agreementLow: number;
  precise: boolean;
  /** The ATLAS techniques the finding is evidence of (report/atlas.ts). */
  atlas: readonly AtlasTechnique[];
}

export interface RuleConflict {
  a: string;
  b: string;
  rows: number;
  /** First few rows both cover (row indices). */
  examples: number[];
}

export interface RuleCheckResult {
  n: number;
  rules: RuleStats[];
  conflicts: RuleConflict[];
  /** Per row: the strongest evidence against it, the agreementLow of the best rule it breaks. */
  scores: Float32Array;
  /** 1 = contradicted by a precise rule, or declared invalid by a rule. */
  flagged: Uint8Array;
  /** Per row, every rule it breaks (precise or not); empty when none. */
  rowReasons: RuleReason[][];
  /** Per row, one line naming the rules (empty string when not flagged). */
  reasons: string[];
}

export function describeOutcome(o: Outcome): string {
  return o.kind === 'invalid' ? 'invalid' : `${o.negated ? 'not ' : ''}"${o.label}"`;
}

/**
 * A rule is precise when its agreement with the given labels, on the rows it covers, is above
 * one half with 95 % confidence (Wilson lower bound > 0.5): then it is right more often than the
 * labels it disagrees with, and a row it contradicts is more likely mislabelled than not. The
 * agreement is measured against the very labels being checked, which contain the errors looked
 * for, so it understates a good rule's precision: the bound errs on the side of flagging less.
 * It is the majority criterion with a sample-size correction, not a cut tuned to any dataset:
 * 3 of 3 agreeing rows (0.44) is not yet evidence, 19 of 20 (0.76) is.
 */
export function isPrecise(agreementLow: number): boolean {
  return agreementLow > 0.5;
}

const INVALID_ATLAS = atlasTags('rule-invalid');
const CONTRADICTION_ATLAS = atlasTags('rule-contradiction');

const satisfies = (o: Outcome, label: string): boolean =>
  o.kind === 'label' && (o.negated ? label !== o.label : label === o.label);

/** Two outcomes that no label satisfies together on one row. */
function incompatible(a: Outcome, b: Outcome): boolean {
  if (a.kind !== 'label' || b.kind !== 'label') return false;
  if (!a.negated && !b.negated) return a.label !== b.label;
  if (a.negated !== b.negated) return a.label === b.label;
  return false;
}

export function checkRules(input: RuleCheckInput): RuleCheckResult {
  const { frame, labels, predicted, rules } = input;
  const file = input.file ?? 'rules';
  const n = frame.numRows;
  if (labels.length !== n) throw new Error(`labels has ${labels.length} rows, the frame ${n}`);
  const classes = new Set(labels.filter((l): l is string => l !== null));
  const clock: RegexClock = { ms: 0 };
  const slow = (rule: string, rows: number) =>
    new RuleError(
      file,
      rule,
      0,
      `its regex took over ${REGEX_BUDGET_MS} ms on the first ${rows} rows; simplify the pattern`,
    );
  const tests = rules.map((r) => {
    if (r.then.kind === 'label' && classes.size > 0 && !classes.has(r.then.label))
      throw new RuleError(
        file,
        r.name,
        0,
        `label "${clip(r.then.label, 30)}" is not a class of the data (${[...classes].slice(0, 10).join(', ')})`,
      );
    return compileCondition(r, frame, file, clock);
  });

  // Which rules cover each row (sparse: most rows are covered by few rules).
  const coverage: number[][] = Array.from({ length: n }, () => []);
  const stats: RuleStats[] = rules.map((r, ri) => {
    let covered = 0;
    let labelled = 0;
    let agree = 0;
    let modelChecked = 0;
    let modelAgree = 0;
    for (let i = 0; i < n; i++) {
      // One cell costs at most a few ms (safe-regex.ts), so checking after each stays on time.
      if (clock.ms > REGEX_BUDGET_MS) throw slow(r.name, i);
      if (tests[ri](i) !== TRUE) continue;
      covered++;
      coverage[i].push(ri);
      const label = labels[i];
      if (label !== null && r.then.kind === 'label') {
        labelled++;
        if (satisfies(r.then, label)) agree++;
      }
      const p = predicted?.[i];
      if (p != null && r.then.kind === 'label') {
        modelChecked++;
        if (satisfies(r.then, p)) modelAgree++;
      }
    }
    if (clock.ms > REGEX_BUDGET_MS) throw slow(r.name, n);
    const isInvalid = r.then.kind === 'invalid';
    const agreementLow = isInvalid ? 1 : wilsonLower(agree, labelled);
    const s: RuleStats = {
      name: r.name,
      text: r.text,
      expects: describeOutcome(r.then),
      covered,
      labelled,
      agree,
      contradict: isInvalid ? covered : labelled - agree,
      agreement: isInvalid || labelled === 0 ? NaN : agree / labelled,
      agreementLow,
      precise: isInvalid || isPrecise(agreementLow),
      conflicts: [],
    };
    if (predicted) Object.assign(s, { modelChecked, modelAgree });
    return s;
  });

  const conflictRows = new Map<string, RuleConflict>();
  const scores = new Float32Array(n);
  const flagged = new Uint8Array(n);
  const rowReasons: RuleReason[][] = [];
  const reasons: string[] = [];
  for (let i = 0; i < n; i++) {
    const list = coverage[i];
    const label = labels[i];
    const mine: RuleReason[] = [];
    for (const ri of list) {
      const r = rules[ri];
      const broken = r.then.kind === 'invalid' || (label !== null && !satisfies(r.then, label));
      if (!broken) continue;
      const s = stats[ri];
      const invalid = r.then.kind === 'invalid';
      mine.push({
        rule: r.name,
        kind: invalid ? 'invalid' : 'contradicts',
        expects: s.expects,
        label,
        agreementLow: s.agreementLow,
        precise: s.precise,
        atlas: invalid ? INVALID_ATLAS : CONTRADICTION_ATLAS,
      });
      scores[i] = Math.max(scores[i], s.agreementLow);
      if (s.precise) flagged[i] = 1;
    }
    for (let a = 0; a < list.length; a++)
      for (let b = a + 1; b < list.length; b++) {
        if (!incompatible(rules[list[a]].then, rules[list[b]].then)) continue;
        const key = `${list[a]}\u0000${list[b]}`;
        const c = conflictRows.get(key) ?? {
          a: rules[list[a]].name,
          b: rules[list[b]].name,
          rows: 0,
          examples: [],
        };
        c.rows++;
        if (c.examples.length < 5) c.examples.push(i);
        conflictRows.set(key, c);
      }
    rowReasons.push(mine);
    reasons.push(flagged[i] ? reasonLine(mine.filter((m) => m.precise)) : '');
  }
  const conflicts = [...conflictRows.values()];
  for (const c of conflicts) {
    stats.find((s) => s.name === c.a)!.conflicts.push({ rule: c.b, rows: c.rows });
    stats.find((s) => s.name === c.b)!.conflicts.push({ rule: c.a, rows: c.rows });
  }
  return { n, rules: stats, conflicts, scores, flagged, rowReasons, reasons };
}

function reasonLine(list: RuleReason[]): string {
  return list
    .map((r) =>
      r.kind === 'invalid'
        ? `rule "${r.rule}" marks the row invalid`
        : `rule "${r.rule}" expects ${r.expects}, label is "${r.label}" (rule agrees on ≥ ${(100 * r.agreementLow).toFixed(0)} % of its rows)`,
    )
    .join('; ');
}

/** The given labels of a frame's label column as strings (null = missing). */
export function labelsOf(frame: Frame, column: string): (string | null)[] {
  const col = frame.columns.find((c) => c.name === column);
  if (!col) throw new Error(`no label column "${column}"`);
  const out: (string | null)[] = [];
  for (let i = 0; i < frame.numRows; i++) {
    const v = col.values[i];
    out.push(v === null || v === '' || (typeof v === 'number' && Number.isNaN(v)) ? null : String(v));
  }
  return out;
}
