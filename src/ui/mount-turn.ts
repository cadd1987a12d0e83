// A piece of the page mounted in a main-thread task of its own (state/turns.ts), flushed inside
// that task so its cost is its own, and measured as "assay:mount <name>" (measured-update.ts).
import { measuredUpdate } from '../state/measured-update';
import { afterTurn } from '../state/turns';

/** Runs `update` (a state change that mounts something) in its own turn; returns a cancel. */
export function mountTurn(name: string, update: () => void): () => void {
  return afterTurn(() => measuredUpdate(`mount ${name}`, update));
}
