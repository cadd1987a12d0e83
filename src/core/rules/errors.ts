// A bad rule is one line naming the rules file, the rule and the character position, so the
// user can find it without a stack trace. It is an InputError: the CLI prints it and exits 2.
import { InputError } from '../types';

export class RuleError extends InputError {
  constructor(
    file: string,
    readonly rule: string,
    /** 1-based character position in the rule's text; 0 when the problem is the whole rule. */
    readonly position: number,
    problem: string,
  ) {
    super(file, `rule "${clip(rule, 40)}"${position > 0 ? `, char ${position}` : ''}: ${problem}`);
    this.name = 'RuleError';
  }
}

/** Text from a rules file in an error message stays one short line. */
export function clip(s: string, max = 60): string {
  const one = s.replace(/[\r\n\t]/g, ' ');
  return one.length > max ? `${one.slice(0, max)}…` : one;
}
