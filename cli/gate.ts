// The CI gate: when does a scan "fail"? RULE is one of
//   any          any sample flagged
//   count:N      more than N samples flagged
//   rate:X       more than a share X (0..1) of samples flagged (default rate:0.01)
//   annotator    an annotator flagged as suspect: by annotator agreement (one label per row), or,
//                with several annotators' judgements per item, whose κ with the consensus lies more
//                than 3.5 robust SDs below the other annotators' (consensus/annotator-outliers.ts)
//   none         never fail (report only)
// Rules can be combined with commas: the gate fails when any of them fails.
// "Flagged" is suspected poisoning only: ambiguous samples (natural class overlap) never count.
import type { ScanResult } from '../src/core/types';
import { UsageError } from './args';

export const DEFAULT_GATE = 'rate:0.01';

export interface GateVerdict {
  failed: boolean;
  reasons: string[];
}

export function evaluateGate(rule: string, result: ScanResult): GateVerdict {
  const flagged = result.flagged.reduce((s, v) => s + v, 0);
  const reasons: string[] = [];
  for (const part of rule.split(',').map((p) => p.trim())) {
    const [kind, arg] = part.split(':');
    if (kind === 'none') continue;
    if (kind === 'any') {
      if (flagged > 0) reasons.push(`${flagged} sample(s) flagged`);
    } else if (kind === 'count') {
      const n = Number(arg);
      if (!Number.isFinite(n) || n < 0) throw new UsageError(`--fail-on ${part}: count needs a number`);
      if (flagged > n) reasons.push(`${flagged} samples flagged > ${n}`);
    } else if (kind === 'rate') {
      const x = Number(arg);
      if (!Number.isFinite(x) || x < 0 || x > 1)
        throw new UsageError(`--fail-on ${part}: rate needs a share in 0..1`);
      if (flagged > x * result.n)
        reasons.push(
          `${((100 * flagged) / result.n).toFixed(2)}% of samples flagged > ${(100 * x).toFixed(2)}%`,
        );
    } else if (kind === 'annotator') {
      const bad = result.detectors.flatMap((d) => d.annotatorFindings?.suspect ?? []);
      const records = new Map((result.labelQa?.annotatorTable ?? []).map((a) => [a.annotator, a]));
      const named = bad.map((a) => {
        const r = records.get(a);
        return r ? `${a} (κ ${r.kappa.toFixed(2)} with consensus, z ${r.z.toFixed(1)})` : a;
      });
      if (bad.length) reasons.push(`suspect annotator(s): ${named.join(', ')}`);
    } else {
      throw new UsageError(`--fail-on: unknown rule "${part}" (any, count:N, rate:X, annotator, none)`);
    }
  }
  return { failed: reasons.length > 0, reasons };
}
