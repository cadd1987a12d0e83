// A rules file: JSON or a small YAML subset, each rule a name and its text (grammar in
// parser.ts). The YAML reader is ours, not a library's: a rules file needs a list of two-key
// mappings, and a full YAML parser would bring anchors, tags and a larger attack surface.
//
//   JSON:  [{"name": "long-bill", "rule": "when bill_length_mm > 55 then not Adelie"}, …]
//          or {"rules": [ … ]}
//   Lines: when bill_length_mm > 55 then not Adelie          (one rule a line, named "rule N",
//          long-bill: when bill_length_mm > 55 then not Adelie  or "name: rule")
//   YAML:  rules:                      (optional)
//            - name: long-bill
//              rule: when bill_length_mm > 55 then not "Adelie"
//            - name: unsubscribe
//              rule: >                 (a folded block: the indented lines joined by spaces)
//                when text matches /unsubscribe/i
//                then "spam"
// Scalars are plain (to the end of the line), "double-quoted" (JSON escapes) or 'single-quoted'.
import { InputError } from '../types';
import { clip } from './errors';
import { parseRule, type ParsedRule } from './parser';

/** Larger is not a hand-written rules file; refused before it is read as text. */
export const MAX_RULES_FILE_BYTES = 1_000_000;
export const MAX_RULES = 1_000;

export interface RuleSource {
  name: string;
  rule: string;
}

/** Reads and parses every rule; the first bad one is a one-line InputError. */
export function loadRules(text: string, file: string): ParsedRule[] {
  const sources = readRuleSources(text, file);
  const seen = new Set<string>();
  return sources.map((s) => {
    if (seen.has(s.name)) throw new InputError(file, `rule "${clip(s.name, 40)}" is defined twice`);
    seen.add(s.name);
    return parseRule(s.name, s.rule, file);
  });
}

export function readRuleSources(text: string, file: string): RuleSource[] {
  if (text.length > MAX_RULES_FILE_BYTES)
    throw new InputError(file, `rules file is ${text.length} characters; at most ${MAX_RULES_FILE_BYTES}`);
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new InputError(file, 'empty rules file');
  const sources = /^\s*[[{]/.test(body)
    ? fromJson(body, file)
    : isRuleLines(body)
      ? fromLines(body)
      : fromYaml(body, file);
  if (sources.length === 0) throw new InputError(file, 'no rules listed');
  if (sources.length > MAX_RULES) throw new InputError(file, `${sources.length} rules; at most ${MAX_RULES}`);
  return sources;
}

/** One rule per line (the page's editor): `when … then …`, or `name: when … then …`. */
const RULE_LINE = /^(?:([A-Za-z_][A-Za-z0-9_-]*)\s*:\s*)?(when\b.*)$/i;

function isRuleLines(text: string): boolean {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  return lines.length > 0 && lines.every((l) => RULE_LINE.test(l.trim()));
}

function fromLines(text: string): RuleSource[] {
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'))
    .map((l, i) => {
      const [, name, rule] = RULE_LINE.exec(l.trim())!;
      return { name: name ?? `rule ${i + 1}`, rule };
    });
}

function fromJson(text: string, file: string): RuleSource[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError(file, `not valid JSON (${(e as Error).message})`);
  }
  const list = Array.isArray(data) ? data : (data as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(list)) throw new InputError(file, 'expected a list of rules, or {"rules": [...]}');
  return list.map((raw: unknown, i) => toSource(raw, i, file, `rules[${i}]`));
}

function toSource(raw: unknown, i: number, file: string, where: string): RuleSource {
  if (typeof raw === 'string') return { name: `rule ${i + 1}`, rule: raw };
  const o = raw as { name?: unknown; rule?: unknown } | null;
  if (!o || typeof o !== 'object') throw new InputError(file, `${where}: expected {"name", "rule"}`);
  if (typeof o.rule !== 'string' || o.rule.trim() === '')
    throw new InputError(file, `${where}: "rule" must be a non-empty string`);
  if (o.name !== undefined && (typeof o.name !== 'string' || o.name.trim() === ''))
    throw new InputError(file, `${where}: "name" must be a non-empty string`);
  return { name: (o.name as string | undefined)?.trim() ?? `rule ${i + 1}`, rule: o.rule };
}

function fromYaml(text: string, file: string): RuleSource[] {
  const lines = text.split(/\r?\n/);
  const items: Record<string, string>[] = [];
  let current: Record<string, string> | null = null;
  let itemIndent = -1;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    const where = `line ${n + 1}`;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (/^rules:\s*$/.test(line)) continue;
    const indent = line.length - line.trimStart().length;
    let rest = line.trimStart();
    if (rest.startsWith('- ') || rest === '-') {
      current = {};
      items.push(current);
      itemIndent = indent;
      rest = rest.slice(1).trimStart();
      if (rest === '') continue;
    } else if (!current || indent <= itemIndent) {
      throw new InputError(
        file,
        `${where}: expected "- name: …" or "rule: …" in a list item, got "${clip(line)}"`,
      );
    }
    const m = /^([A-Za-z_][A-Za-z0-9_-]*):(?:\s+(.*))?$/.exec(rest);
    if (!m) throw new InputError(file, `${where}: expected "key: value", got "${clip(line)}"`);
    const [, key, rawValue = ''] = m;
    if (key !== 'name' && key !== 'rule')
      throw new InputError(file, `${where}: unknown key "${clip(key, 30)}" (name, rule)`);
    if (key in current) throw new InputError(file, `${where}: "${key}" given twice in one rule`);
    let value = rawValue.trim();
    if (value === '>' || value === '|' || value === '>-' || value === '|-') {
      // Block scalar: the following lines indented deeper than the key.
      const keyIndent = line.length - line.trimStart().length + (line.trimStart().startsWith('-') ? 2 : 0);
      const block: string[] = [];
      while (n + 1 < lines.length) {
        const next = lines[n + 1];
        const nextIndent = next.length - next.trimStart().length;
        if (next.trim() !== '' && nextIndent <= keyIndent) break;
        block.push(next.trim());
        n++;
      }
      value = block.filter((b) => b !== '').join(value.startsWith('|') ? '\n' : ' ');
    } else {
      value = yamlScalar(value, file, where);
    }
    current[key] = value;
  }
  return items.map((item, i) => toSource(item, i, file, `rule ${i + 1}`));
}

function yamlScalar(value: string, file: string, where: string): string {
  if (value.startsWith('"')) {
    try {
      const s = JSON.parse(value) as unknown;
      if (typeof s === 'string') return s;
    } catch {
      /* reported below */
    }
    throw new InputError(file, `${where}: bad double-quoted string ${clip(value, 40)}`);
  }
  if (value.startsWith("'")) {
    if (!/^'(?:[^']|'')*'$/.test(value))
      throw new InputError(file, `${where}: bad single-quoted string ${clip(value, 40)}`);
    return value.slice(1, -1).replace(/''/g, "'");
  }
  return value;
}
