// Regexes from a rules file run on every text cell of a dataset that may itself be hostile, and
// a JavaScript regex cannot be interrupted once it runs. So a pattern is refused before it runs
// when it has a construct that can backtrack without bound (ReDoS):
//   - backreferences and lookarounds (no linear-time bound at all);
//   - a quantified group that itself contains a quantifier or an alternation: (a+)+, (a|a)*,
//     the exponential cases;
//   - more than one unbounded quantifier (*, +, {n,} or {n,m} with m > 32): /.*a.*b.*c/ is
//     polynomial of degree 4 in the cell's length (measured: 32 s on 4,096 characters).
// What remains is at worst quadratic in the cell's length, and each cell is tested on its first
// MAX_CELL_CHARS characters only. A redundant leading .* (matches searches anyway) is dropped.
export const MAX_PATTERN_CHARS = 256;
export const MAX_CELL_CHARS = 2_000;
const MAX_BOUNDED_REPEAT = 32;
const ALLOWED_FLAGS = /^[imsu]*$/;

/** Returns why the pattern is refused, or null when it is safe to compile. */
export function regexProblem(pattern: string, flags: string): string | null {
  if (pattern.length > MAX_PATTERN_CHARS)
    return `regex is ${pattern.length} characters long; at most ${MAX_PATTERN_CHARS}`;
  if (!ALLOWED_FLAGS.test(flags) || new Set(flags).size !== flags.length)
    return `regex flags "${flags}" not allowed (use i, m, s, u)`;
  // Group stack: does the group contain a quantifier / an alternation?
  const stack: { quantified: boolean; alternation: boolean }[] = [{ quantified: false, alternation: false }];
  let unbounded = 0;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    let closed: { quantified: boolean; alternation: boolean } | null = null;
    if (c === '\\') {
      const n = pattern[i + 1] ?? '';
      if (/[1-9]/.test(n) || n === 'k') return 'backreferences are not allowed in a rule regex';
      i += 2;
    } else if (c === '[') {
      // A class is one atom: skip to its closing ], minding escapes.
      i++;
      if (pattern[i] === '^') i++;
      if (pattern[i] === ']') i++;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      if (i >= pattern.length) return 'unterminated [ in regex';
      i++;
    } else if (c === '(') {
      if (pattern[i + 1] === '?' && /^(=|!|<=|<!)/.test(pattern.slice(i + 2, i + 4)))
        return 'lookahead and lookbehind are not allowed in a rule regex';
      stack.push({ quantified: false, alternation: false });
      i++;
      continue;
    } else if (c === '|') {
      stack[stack.length - 1].alternation = true;
      i++;
      continue;
    } else if (c === ')') {
      if (stack.length === 1) return 'unbalanced ")" in regex';
      closed = stack.pop()!;
      i++;
    } else {
      i++;
    }
    const quantifier = quantifierAt(pattern, i);
    if (closed) {
      if (quantifier && repeats(quantifier) && (closed.quantified || closed.alternation))
        return `a repeated group may not contain ${closed.quantified ? 'a quantifier' : 'an alternation'} (catastrophic backtracking)`;
      if (closed.quantified) stack[stack.length - 1].quantified = true;
    }
    if (quantifier) {
      stack[stack.length - 1].quantified = true;
      if (isUnbounded(quantifier) && ++unbounded > 1)
        return 'at most one unbounded quantifier (*, + or {n,}) per rule regex';
      i += quantifier.length;
    }
  }
  if (stack.length > 1) return 'unbalanced "(" in regex';
  return null;
}

/** The quantifier (with a lazy/possessive suffix) starting at i, or ''. */
function quantifierAt(p: string, i: number): string {
  const m = /^(?:[*+?]|\{\d+(?:,\d*)?\})\??/.exec(p.slice(i, i + 24));
  return m ? m[0] : '';
}

/** A quantifier that can match its atom more than once (so not ?, {1} or {0,1}). */
function repeats(q: string): boolean {
  if (q.startsWith('*') || q.startsWith('+')) return true;
  const m = /^\{(\d+)(,(\d*))?\}/.exec(q);
  if (!m) return false;
  if (m[2] === undefined) return Number(m[1]) > 1;
  return m[3] === '' || Number(m[3]) > 1;
}

function isUnbounded(q: string): boolean {
  if (q.startsWith('*') || q.startsWith('+')) return true;
  const m = /^\{(\d+)(,(\d*))?\}/.exec(q);
  if (!m || m[2] === undefined) return false;
  return m[3] === '' || Number(m[3]) > MAX_BOUNDED_REPEAT;
}

/** Compiles a pattern that regexProblem accepted; throws the problem otherwise. */
export function compileSafeRegex(pattern: string, flags: string): RegExp {
  const problem = regexProblem(pattern, flags);
  if (problem) throw new Error(problem);
  const trimmed = pattern.replace(/^\.\*(?!\?)/, '');
  try {
    return new RegExp(trimmed, flags);
  } catch (e) {
    throw new Error(`invalid regex: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`, {
      cause: e,
    });
  }
}

/** Tests a cell on its first MAX_CELL_CHARS characters. */
export function testCell(re: RegExp, cell: string): boolean {
  return re.test(cell.length > MAX_CELL_CHARS ? cell.slice(0, MAX_CELL_CHARS) : cell);
}
