// Interval statistics for a rule's measured agreement.

/** z for a two-sided 95 % interval. */
export const Z95 = 1.959964;

/**
 * Lower bound of the Wilson score interval for k successes in n trials: the agreement a rule
 * can be trusted to have given how many rows it was measured on (0 when it covers none).
 */
export function wilsonLower(k: number, n: number, z = Z95): number {
  if (n <= 0) return 0;
  const p = k / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return Math.max(0, (centre - spread) / (1 + z2 / n));
}
