// The rule language: a condition over a row's columns and what it implies about the row's label.
// Parsed by recursive descent; nothing is ever run as JavaScript (no eval, no Function).
//
//   rule       := "when" or "then" outcome
//   outcome    := "invalid" | ["not"] label            label := STRING | WORD | NUMBER
//   or         := and { "or" and }
//   and        := unary { "and" unary }
//   unary      := "not" unary | "(" or ")" | test
//   test       := column ( CMP value
//                        | ["not"] "contains" STRING
//                        | ["not"] "matches" REGEX
//                        | ["not"] "in" "[" value { "," value } "]"
//                        | "is" ["not"] "missing" )
//   column     := WORD | `any name`
//   value      := NUMBER | STRING | "true" | "false"
//   CMP        := "<" | "<=" | ">" | ">=" | "==" | "!="
//   REGEX      := /pattern/flags      flags from i, m, s, u (checked by safe-regex.ts)
//
// Examples:
//   when bill_length_mm > 55 then not "Adelie"
//   when text matches /unsubscribe/i then "spam"
//   when (island == "Torgersen" or island == "Dream") and flipper_length_mm > 230 then not Gentoo
//   when body_mass_g is missing then invalid
//
// A condition compares with three-valued logic: a test on a missing cell is unknown, `not
// unknown` stays unknown, and a rule covers a row only when its condition is true. So a rule
// about bill length never fires on a row whose bill length is missing.
import { RuleError, clip } from './errors';
import { tokenize, type Token } from './lexer';
import { regexProblem } from './safe-regex';

export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type Value = number | string | boolean;

export type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; inner: Condition }
  | { kind: 'compare'; column: string; pos: number; op: CompareOp; value: Value }
  | { kind: 'contains'; column: string; pos: number; text: string }
  | { kind: 'matches'; column: string; pos: number; pattern: string; flags: string; patternPos: number }
  | { kind: 'in'; column: string; pos: number; values: Value[] }
  | { kind: 'missing'; column: string; pos: number };

export type Outcome = { kind: 'invalid' } | { kind: 'label'; label: string; negated: boolean };

export interface ParsedRule {
  name: string;
  text: string;
  when: Condition;
  then: Outcome;
}

/** Deepest nesting of parentheses and `not`s accepted: deeper is a generated attack, not a rule. */
export const MAX_DEPTH = 32;

const KEYWORDS = new Set(['when', 'then', 'and', 'or', 'not', 'in', 'is', 'missing', 'contains', 'matches']);

export function parseRule(name: string, text: string, file = 'rules'): ParsedRule {
  const tokens = tokenize(text, file, name);
  let at = 0;
  const peek = (): Token => tokens[at];
  const fail = (tok: Token, problem: string): never => {
    throw new RuleError(file, name, tok.pos + 1, problem);
  };
  const describe = (t: Token) => (t.kind === 'end' ? 'the end of the rule' : `"${clip(t.text, 30)}"`);
  const isWord = (t: Token, w: string) => t.kind === 'word' && t.text.toLowerCase() === w;
  const expectWord = (w: string): Token => {
    const t = peek();
    if (!isWord(t, w)) fail(t, `expected "${w}", got ${describe(t)}`);
    at++;
    return t;
  };
  const acceptWord = (w: string): boolean => {
    if (!isWord(peek(), w)) return false;
    at++;
    return true;
  };
  const acceptPunct = (p: string): boolean => {
    const t = peek();
    if (t.kind !== 'punct' || t.text !== p) return false;
    at++;
    return true;
  };

  const value = (): Value => {
    const t = peek();
    at++;
    if (t.kind === 'number') return t.value!;
    if (t.kind === 'string') return t.text;
    if (isWord(t, 'true')) return true;
    if (isWord(t, 'false')) return false;
    return fail(t, `expected a number, a "string", true or false, got ${describe(t)}`);
  };

  const test = (): Condition => {
    const col = peek();
    if (col.kind === 'column') at++;
    else if (col.kind === 'word' && !KEYWORDS.has(col.text.toLowerCase())) at++;
    else fail(col, `expected a column name, got ${describe(col)}`);
    const column = col.text;
    const pos = col.pos;
    const t = peek();
    if (t.kind === 'op') {
      at++;
      return { kind: 'compare', column, pos, op: t.text as CompareOp, value: value() };
    }
    if (acceptWord('is')) {
      const negated = acceptWord('not');
      expectWord('missing');
      const c: Condition = { kind: 'missing', column, pos };
      return negated ? { kind: 'not', inner: c } : c;
    }
    const negated = acceptWord('not');
    let c: Condition;
    if (acceptWord('contains')) {
      const s = peek();
      if (s.kind !== 'string') fail(s, `contains needs a "string", got ${describe(s)}`);
      at++;
      c = { kind: 'contains', column, pos, text: s.text };
    } else if (acceptWord('matches')) {
      const r = peek();
      if (r.kind !== 'regex') fail(r, `matches needs a /regex/, got ${describe(r)}`);
      at++;
      // A pattern that could backtrack without bound is refused here, before any data is read.
      const problem = regexProblem(r.text, r.flags ?? '');
      if (problem) fail(r, problem);
      c = { kind: 'matches', column, pos, pattern: r.text, flags: r.flags ?? '', patternPos: r.pos };
    } else if (acceptWord('in')) {
      const open = peek();
      if (!acceptPunct('[')) fail(open, `in needs a list such as ["a", "b"], got ${describe(open)}`);
      const values = [value()];
      while (acceptPunct(',')) values.push(value());
      const close = peek();
      if (!acceptPunct(']')) fail(close, `expected "," or "]", got ${describe(close)}`);
      c = { kind: 'in', column, pos, values };
    } else {
      return fail(
        peek(),
        `expected a comparison, contains, matches, in or "is missing" after ${describe(col)}, got ${describe(peek())}`,
      );
    }
    return negated ? { kind: 'not', inner: c } : c;
  };

  const unary = (depth: number): Condition => {
    const t = peek();
    if (depth > MAX_DEPTH) fail(t, `nested more than ${MAX_DEPTH} deep`);
    if (acceptWord('not')) return { kind: 'not', inner: unary(depth + 1) };
    if (acceptPunct('(')) {
      const inner = or(depth + 1);
      const close = peek();
      if (!acceptPunct(')')) fail(close, `expected ")", got ${describe(close)}`);
      return inner;
    }
    return test();
  };
  const and = (depth: number): Condition => {
    let left = unary(depth);
    while (acceptWord('and')) left = { kind: 'and', left, right: unary(depth) };
    return left;
  };
  const or = (depth: number): Condition => {
    let left = and(depth);
    while (acceptWord('or')) left = { kind: 'or', left, right: and(depth) };
    return left;
  };

  const outcome = (): Outcome => {
    if (acceptWord('invalid')) return { kind: 'invalid' };
    const negated = acceptWord('not');
    const t = peek();
    if (t.kind === 'string' || t.kind === 'word' || t.kind === 'number') {
      at++;
      return { kind: 'label', label: t.text, negated };
    }
    return fail(t, `expected a label, not "label" or invalid after "then", got ${describe(t)}`);
  };

  expectWord('when');
  const when = or(0);
  expectWord('then');
  const then = outcome();
  const rest = peek();
  if (rest.kind !== 'end') fail(rest, `unexpected ${describe(rest)} after the outcome`);
  return { name, text, when, then };
}
