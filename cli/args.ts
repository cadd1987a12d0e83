// Command-line parsing for `assay`: small and strict (an unknown flag is a usage error, not ignored).

export class UsageError extends Error {}

export interface ParsedArgs {
  command: string;
  positional: string[];
  flags: Record<string, string>;
}

/**
 * The flags of every command that loads and scans a dataset (redteam, diff): column roles, the
 * output folder, the scan's settings and backend, --quiet and --help.
 */
export const SCAN_COMMAND_FLAGS = [
  'label',
  'id',
  'annotator',
  'text',
  'image',
  'out',
  'seed',
  'folds',
  'k',
  'epochs',
  'backend',
  'quiet',
  'help',
];

/** Flags that take no value. */
const BOOLEAN_FLAGS = new Set(['quiet', 'help', 'report']);

export function parseArgs(argv: string[], known: Set<string>): ParsedArgs {
  const [command = 'help', ...rest] = argv;
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq > 0 ? eq : undefined);
    if (!known.has(name)) throw new UsageError(`unknown option --${name}`);
    if (BOOLEAN_FLAGS.has(name)) {
      flags[name] = 'true';
    } else if (eq > 0) {
      flags[name] = a.slice(eq + 1);
    } else {
      if (i + 1 >= rest.length) throw new UsageError(`--${name} needs a value`);
      flags[name] = rest[++i];
    }
  }
  return { command, positional, flags };
}

export function intFlag(flags: Record<string, string>, name: string, fallback: number, min = 0): number {
  const v = flags[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${v}"`);
  return n;
}

/**
 * Takes the flags parseArgs cannot read out of argv: repeatable ones (every value kept) and
 * booleans of redteam and diff (parseArgs knows only its own). Returns what is left for parseArgs.
 */
export function takeFlags(
  argv: string[],
  repeated: string[],
  booleans: string[],
): { rest: string[]; values: Record<string, string[]>; set: Set<string> } {
  const values: Record<string, string[]> = Object.fromEntries(repeated.map((r) => [r, []]));
  const set = new Set<string>();
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--([^=]+)(?:=(.*))?$/s.exec(a);
    if (m && repeated.includes(m[1])) {
      if (m[2] !== undefined) values[m[1]].push(m[2]);
      else if (i + 1 < argv.length) values[m[1]].push(argv[++i]);
      else throw new UsageError(`--${m[1]} needs a value`);
    } else if (m && booleans.includes(m[1]) && m[2] === undefined) set.add(m[1]);
    else rest.push(a);
  }
  return { rest, values, set };
}
