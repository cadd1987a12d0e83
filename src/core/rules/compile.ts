// Binds a parsed condition to a Frame's columns: every column name is resolved and every test
// checked against the column's type once, so evaluating a row is a closure call, never eval.
import type { Cell, Column, Frame } from '../types';
import { RuleError } from './errors';
import type { Condition, ParsedRule, Value } from './parser';
import { compileSafeRegex, testCell } from './safe-regex';

/** Three-valued truth: a test on a missing cell is UNKNOWN, and a rule covers a row only on TRUE. */
export const FALSE = 0;
export const TRUE = 1;
export const UNKNOWN = 2;
export type Truth = 0 | 1 | 2;

export type RowTest = (row: number) => Truth;

/** Counts the time spent in regexes, so a slow one on hostile data stops with an error. */
export interface RegexClock {
  ms: number;
}

const isMissing = (v: Cell | number) =>
  v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) || v === '';

export function compileCondition(rule: ParsedRule, frame: Frame, file: string, clock: RegexClock): RowTest {
  const byName = new Map(frame.columns.map((c) => [c.name, c]));
  const fail = (pos: number, problem: string): never => {
    throw new RuleError(file, rule.name, pos + 1, problem);
  };
  const columnOf = (name: string, pos: number): Column => {
    const c = byName.get(name);
    if (!c) {
      const names = frame.columns
        .map((x) => x.name)
        .slice(0, 12)
        .join(', ');
      return fail(pos, `no column "${name}" in the data (columns: ${names})`);
    }
    if (c.type === 'binary' || c.type === 'vector')
      fail(pos, `column "${name}" holds ${c.type} data; rules test numbers, text and booleans`);
    return c;
  };

  const build = (c: Condition): RowTest => {
    switch (c.kind) {
      case 'and': {
        const l = build(c.left);
        const r = build(c.right);
        return (i) => {
          const a = l(i);
          if (a === FALSE) return FALSE;
          const b = r(i);
          return b === FALSE ? FALSE : a === TRUE && b === TRUE ? TRUE : UNKNOWN;
        };
      }
      case 'or': {
        const l = build(c.left);
        const r = build(c.right);
        return (i) => {
          const a = l(i);
          if (a === TRUE) return TRUE;
          const b = r(i);
          return b === TRUE ? TRUE : a === FALSE && b === FALSE ? FALSE : UNKNOWN;
        };
      }
      case 'not': {
        const inner = build(c.inner);
        return (i) => {
          const v = inner(i);
          return v === UNKNOWN ? UNKNOWN : v === TRUE ? FALSE : TRUE;
        };
      }
      case 'missing': {
        const col = columnOf(c.column, c.pos);
        return (i) => (isMissing(col.values[i]) ? TRUE : FALSE);
      }
      case 'compare': {
        const col = columnOf(c.column, c.pos);
        const numeric = col.values instanceof Float64Array;
        if (numeric && typeof c.value !== 'number')
          fail(c.pos, `column "${c.column}" is numeric; compare it with a number`);
        if (typeof c.value === 'boolean' && c.op !== '==' && c.op !== '!=')
          fail(c.pos, `${c.op} does not order booleans; use == or !=`);
        const cmp = comparer(c.op);
        const value = c.value;
        return (i) => {
          const cell = cellValue(col.values[i], value);
          return cell === null ? UNKNOWN : cmp(cell, value) ? TRUE : FALSE;
        };
      }
      case 'in': {
        const col = columnOf(c.column, c.pos);
        if (col.values instanceof Float64Array && c.values.some((v) => typeof v !== 'number'))
          fail(c.pos, `column "${c.column}" is numeric; its in-list must hold numbers`);
        const values = c.values;
        return (i) => {
          const raw = col.values[i];
          if (isMissing(raw)) return UNKNOWN;
          return values.some((v) => {
            const cell = cellValue(raw, v);
            return cell !== null && cell === v;
          })
            ? TRUE
            : FALSE;
        };
      }
      case 'contains': {
        const col = textColumn(c.column, c.pos, 'contains');
        const needle = c.text.toLowerCase();
        return (i) => {
          const cell = col.values[i];
          return isMissing(cell) ? UNKNOWN : String(cell).toLowerCase().includes(needle) ? TRUE : FALSE;
        };
      }
      case 'matches': {
        const col = textColumn(c.column, c.pos, 'matches');
        let re: RegExp;
        try {
          re = compileSafeRegex(c.pattern, c.flags);
        } catch (e) {
          return fail(c.patternPos, (e as Error).message);
        }
        return (i) => {
          const cell = col.values[i];
          if (isMissing(cell)) return UNKNOWN;
          const t = performance.now();
          const hit = testCell(re, String(cell));
          clock.ms += performance.now() - t;
          return hit ? TRUE : FALSE;
        };
      }
    }
  };

  const textColumn = (name: string, pos: number, what: string): Column => {
    const col = columnOf(name, pos);
    if (col.values instanceof Float64Array)
      fail(pos, `column "${name}" is numeric; ${what} needs a text column`);
    return col;
  };

  return build(rule.when);
}

/** The cell as the comparable type of `like`, or null when missing or not comparable. */
function cellValue(cell: Cell | number, like: Value): Value | null {
  if (cell === null || cell === undefined || cell === '') return null;
  if (typeof like === 'number') {
    const n = typeof cell === 'number' ? cell : typeof cell === 'string' ? Number(cell) : NaN;
    return Number.isNaN(n) ? null : n;
  }
  if (typeof like === 'boolean') {
    if (typeof cell === 'boolean') return cell;
    if (cell === 'true' || cell === 'false') return cell === 'true';
    return null;
  }
  if (typeof cell === 'number') return Number.isNaN(cell) ? null : String(cell);
  if (typeof cell === 'string' || typeof cell === 'boolean') return String(cell);
  return null;
}

function comparer(op: string): (a: Value, b: Value) => boolean {
  switch (op) {
    case '<':
      return (a, b) => a < b;
    case '<=':
      return (a, b) => a <= b;
    case '>':
      return (a, b) => a > b;
    case '>=':
      return (a, b) => a >= b;
    case '==':
      return (a, b) => a === b;
    default:
      return (a, b) => a !== b;
  }
}
