// Tokens of the rule language (grammar in parser.ts). Positions are 0-based offsets into the
// rule's text; errors report them 1-based.
import { RuleError, clip } from './errors';

export type TokenKind =
  | 'word' // keyword or bare column name: [A-Za-z_][A-Za-z0-9_.-]*
  | 'column' // `back-quoted column name`
  | 'string' // "text" or 'text', with \" \' \\ escapes
  | 'number'
  | 'regex' // /pattern/flags
  | 'op' // < <= > >= == !=
  | 'punct' // ( ) [ ] ,
  | 'end';

export interface Token {
  kind: TokenKind;
  text: string;
  /** For 'number': its value. For 'regex': its flags. */
  value?: number;
  flags?: string;
  pos: number;
}

/** Longest rule text accepted; a rule is one condition, not a program. */
export const MAX_RULE_CHARS = 4_000;

const NUMBER = /^-?\.?[0-9]/;
const NUMBER_AT = /-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y;

function numberAt(text: string, i: number): string | null {
  NUMBER_AT.lastIndex = i;
  const m = NUMBER_AT.exec(text);
  return m ? m[0] : null;
}

export function tokenize(text: string, file: string, rule: string): Token[] {
  const fail = (pos: number, problem: string): never => {
    throw new RuleError(file, rule, pos + 1, problem);
  };
  if (text.length > MAX_RULE_CHARS)
    fail(-1, `is ${text.length} characters long; a rule may have at most ${MAX_RULE_CHARS}`);
  const tokens: Token[] = [];
  let i = 0;
  // A regex literal may only start where a value is expected: after `matches`.
  const regexAllowed = () => tokens.length > 0 && tokens[tokens.length - 1].text.toLowerCase() === 'matches';
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (/[A-Za-z_]/.test(c)) {
      while (i < text.length && /[A-Za-z0-9_.-]/.test(text[i])) i++;
      tokens.push({ kind: 'word', text: text.slice(start, i), pos: start });
    } else if (NUMBER.test(text.slice(i, i + 3)) && numberAt(text, i)) {
      const raw = numberAt(text, i)!;
      i += raw.length;
      tokens.push({ kind: 'number', text: raw, value: Number(raw), pos: start });
    } else if (c === '"' || c === "'" || c === '`') {
      i++;
      let out = '';
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        out += text[i++];
      }
      if (i >= text.length) fail(start, `unterminated ${c === '`' ? 'column name' : 'string'}`);
      i++;
      tokens.push({ kind: c === '`' ? 'column' : 'string', text: out, pos: start });
    } else if (c === '/' && regexAllowed()) {
      i++;
      let inClass = false;
      while (i < text.length && (text[i] !== '/' || inClass)) {
        if (text[i] === '\\') i++;
        else if (text[i] === '[') inClass = true;
        else if (text[i] === ']') inClass = false;
        i++;
      }
      if (i >= text.length) fail(start, 'unterminated regex (expected a closing /)');
      const pattern = text.slice(start + 1, i);
      i++;
      const fs = i;
      while (i < text.length && /[a-z]/.test(text[i])) i++;
      tokens.push({ kind: 'regex', text: pattern, flags: text.slice(fs, i), pos: start });
    } else if (/[<>=!]/.test(c)) {
      const two = text.slice(i, i + 2);
      if (['<=', '>=', '==', '!='].includes(two)) {
        tokens.push({ kind: 'op', text: two, pos: start });
        i += 2;
      } else if (c === '<' || c === '>') {
        tokens.push({ kind: 'op', text: c, pos: start });
        i++;
      } else if (c === '=') {
        fail(start, 'use == to compare (a single = is not an operator)');
      } else {
        fail(start, `unexpected "${c}"`);
      }
    } else if ('()[],'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, pos: start });
      i++;
    } else {
      fail(start, `unexpected "${clip(c)}"`);
    }
  }
  tokens.push({ kind: 'end', text: '', pos: text.length });
  return tokens;
}
