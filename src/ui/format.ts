// Small display formatters shared by the components.

// One formatter for every count: toLocaleString builds a new one per call (≈ 20 µs each, 95 ms
// of main thread for the histograms of a 60k result).
const countFormat = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return countFormat.format(n);
}

export function formatPercent(fraction: number, digits = 0): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return 'estimating…';
  if (seconds < 1) return 'almost done';
  return `about ${formatDuration(seconds * 1000)} left`;
}

/** "probe-train" -> "Probe train". */
export function stageLabel(stage: string): string {
  const s = stage.replace(/[-_]+/g, ' ').trim();
  return s ? s[0].toUpperCase() + s.slice(1) : 'Working';
}

/** Suspicion in [0, 1] -> a colour from neutral through orange to red. */
export function suspicionColour(s: number): string {
  if (s >= 0.75) return 'var(--red)';
  if (s >= 0.5) return 'var(--orange)';
  if (s >= 0.25) return 'var(--amber)';
  return 'var(--grey-4)';
}

export interface TimingGroup {
  name: string;
  ms: number;
  /** Sub-steps ("probe: train fold 1" -> "train fold 1" under "probe"). */
  parts: [string, number][];
}

/**
 * Groups "stage: step" timings under their stage, in order of first appearance. A stage's own
 * entry (e.g. "probe") is its total; without one, the steps are summed ("detector: …").
 */
export function groupTimings(timings: Record<string, number>): TimingGroup[] {
  const groups = new Map<string, { own?: number; parts: [string, number][] }>();
  for (const [key, ms] of Object.entries(timings)) {
    const at = key.indexOf(':');
    const name = (at < 0 ? key : key.slice(0, at)).trim();
    const g = groups.get(name) ?? { parts: [] };
    if (at < 0) g.own = ms;
    else g.parts.push([key.slice(at + 1).trim(), ms]);
    groups.set(name, g);
  }
  return Array.from(groups, ([name, g]) => ({
    name,
    ms: g.own ?? g.parts.reduce((a, [, ms]) => a + ms, 0),
    parts: g.parts,
  }));
}
