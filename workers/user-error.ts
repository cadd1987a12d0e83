// Errors cross the worker boundary as one line a person can read ("file: problem"), never a stack.

/**
 * One line for people: InputError -> "file: problem", CancelledError -> "cancelled", anything
 * else -> "context: first line of the message". No stack crosses the boundary.
 */
export function userError(e: unknown, context: string): Error {
  const err = e instanceof Error ? e : new Error(String(e));
  let out: Error;
  const file = (err as { file?: unknown }).file;
  if (err.name === 'InputError' && typeof file === 'string') {
    out = new Error(`${file || context}: ${firstLine(err.message)}`);
    out.name = 'InputError';
  } else if (err.name === 'CancelledError') {
    out = new Error('cancelled');
    out.name = 'CancelledError';
  } else {
    out = new Error(`${context}: ${firstLine(err.message) || err.name}`);
    out.name = 'EngineError';
  }
  out.stack = '';
  return out;
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim().slice(0, 300);
}
