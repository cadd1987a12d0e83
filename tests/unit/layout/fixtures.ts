// Synthetic data shared by the layout tests.
import { gaussian, mulberry32 } from '../../../src/core/random';

/** A 2-D sheet (grid + jitter) linearly embedded in `dim` dimensions: neighbourhoods are 2-D. */
export function sheet(side: number, dim: number, seed: number): { x: Float32Array; n: number } {
  const rand = mulberry32(seed);
  const g = gaussian(rand);
  const basis = Array.from({ length: 2 * dim }, () => g());
  const n = side * side;
  const x = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const u = (i % side) + rand() * 0.5;
    const v = Math.floor(i / side) + rand() * 0.5;
    for (let t = 0; t < dim; t++) x[i * dim + t] = u * basis[t] + v * basis[dim + t];
  }
  return { x, n };
}
