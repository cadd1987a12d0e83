// A smooth function of the squared distance d², tabulated for the UMAP optimiser: evaluating
// the gradient coefficients directly costs a Math.pow (~50–100 ns in V8) per step, and the
// optimiser takes hundreds of millions of steps. d² is read as a float32; its exponent and top
// 8 mantissa bits pick a segment (256 per octave, so segments are ~0.4% wide in relative terms)
// and the remaining mantissa bits interpolate linearly inside it. Relative error < 1e−5 for the
// UMAP curves; outside [2^−40, 2^24) callers evaluate the function directly.
//
// The lookup is written out inline in umap-sgd.ts (a call per step would cost as much as the
// saving); this class owns the table and its constants.

const MANTISSA_BITS = 8;
/** Right shift that turns float32 bits into a segment number. */
export const CURVE_TABLE_SHIFT = 23 - MANTISSA_BITS;
const MIN_EXP = -40;
const MAX_EXP = 24;

export class CurveTable {
  readonly values: Float64Array;
  /** Segment number (float32 bits >>> CURVE_TABLE_SHIFT) of the first entry. */
  readonly base: number;
  /** Number of segments: valid lookups have 0 ≤ bits >>> SHIFT − base < segments. */
  readonly segments: number;

  constructor(readonly fn: (d2: number) => number) {
    const perOctave = 1 << MANTISSA_BITS;
    this.segments = (MAX_EXP - MIN_EXP) * perOctave;
    this.values = new Float64Array(this.segments + 1);
    this.base = (MIN_EXP + 127) << MANTISSA_BITS;
    for (let s = 0; s <= this.segments; s++) {
      const x = Math.pow(2, MIN_EXP + Math.floor(s / perOctave)) * (1 + (s % perOctave) / perOctave);
      this.values[s] = fn(x);
    }
  }

  /** fn(d2) via the table (the reference form of the inlined lookup; used by tests). */
  lookup(d2: number): number {
    const f32 = new Float32Array([d2]);
    const bits = new Uint32Array(f32.buffer)[0];
    const s = (bits >>> CURVE_TABLE_SHIFT) - this.base;
    if (s < 0 || s >= this.segments) return this.fn(d2);
    const lo = this.values[s];
    return (
      lo +
      (this.values[s + 1] - lo) * (bits & ((1 << CURVE_TABLE_SHIFT) - 1)) * (1 / (1 << CURVE_TABLE_SHIFT))
    );
  }
}
