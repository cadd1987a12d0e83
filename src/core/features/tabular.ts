// Numeric and categorical columns -> standardised features. Missing numbers are imputed with the
// column median and get an indicator column, so "was missing" stays visible to the model.

export interface NumericPlan {
  kind: 'numeric';
  name: string;
  median: number;
  mean: number;
  std: number;
  missing: number;
  /** Columns this feature occupies: 1, or 2 with the missing indicator. */
  width: number;
}

export interface CategoricalPlan {
  kind: 'categorical';
  name: string;
  /** Category -> one-hot slot; rarer categories share the last slot. */
  slots: Map<string, number>;
  width: number;
}

/** Most frequent categories get their own slot; the rest share one "other" slot. */
const MAX_CATEGORIES = 32;

export function planNumeric(name: string, values: ArrayLike<number>): NumericPlan {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite.push(values[i]);
  finite.sort((a, b) => a - b);
  const missing = values.length - finite.length;
  const median = finite.length ? finite[finite.length >> 1] : 0;
  let mean = 0;
  for (const v of finite) mean += v;
  mean = finite.length ? mean / finite.length : 0;
  let varSum = 0;
  for (const v of finite) varSum += (v - mean) ** 2;
  const std = finite.length > 1 ? Math.sqrt(varSum / (finite.length - 1)) : 0;
  return { kind: 'numeric', name, median, mean, std: std > 1e-12 ? std : 1, missing, width: missing ? 2 : 1 };
}

export function planCategorical(name: string, values: ArrayLike<unknown>): CategoricalPlan {
  const counts = new Map<string, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || v === '') continue;
    const k = String(v);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const slots = new Map<string, number>();
  ranked.slice(0, MAX_CATEGORIES).forEach(([k], i) => slots.set(k, i));
  const width = slots.size + (ranked.length > MAX_CATEGORIES ? 1 : 0);
  return { kind: 'categorical', name, slots, width: Math.max(width, 1) };
}

export function writeNumeric(
  plan: NumericPlan,
  values: ArrayLike<number>,
  out: Float32Array,
  stride: number,
  offset: number,
): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const ok = Number.isFinite(v);
    // Clamp to ±10 sd so one absurd value (1e308) cannot dominate the probe.
    const z = ((ok ? v : plan.median) - plan.mean) / plan.std;
    out[i * stride + offset] = Math.max(-10, Math.min(10, z));
    if (plan.width === 2) out[i * stride + offset + 1] = ok ? 0 : 1;
  }
}

export function writeCategorical(
  plan: CategoricalPlan,
  values: ArrayLike<unknown>,
  out: Float32Array,
  stride: number,
  offset: number,
): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || v === '') continue;
    const slot = plan.slots.get(String(v)) ?? plan.width - 1;
    out[i * stride + offset + slot] = 1;
  }
}
