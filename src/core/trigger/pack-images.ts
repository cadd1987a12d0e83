// Decodes rows of an image column into one packed n×h×w×c array, the layout triggerDiff and the
// probe read. Images of another size than the first decoded one are left out: they cannot be
// compared pixel for pixel.
import { decodeImage } from '../data';
import type { Column } from '../types';

export interface PackedImages {
  /** count×h×w×c, values in [0, 1]. */
  images: Float32Array;
  count: number;
  h: number;
  w: number;
  c: number;
  /** For each group of rows given, where its decoded rows sit in `images`. */
  groups: number[][];
}

/** Null when no row decodes. Groups are decoded in the order given. */
export function packImages(
  values: Column['values'],
  groups: readonly (readonly number[])[],
): PackedImages | null {
  const decoded: Float32Array[] = [];
  const at = groups.map(() => [] as number[]);
  let shape: { h: number; w: number; c: number } | null = null;
  groups.forEach((rows, g) => {
    for (const row of rows) {
      const bytes = values[row];
      if (!(bytes instanceof Uint8Array)) continue;
      try {
        const img = decodeImage(bytes);
        shape ??= { h: img.height, w: img.width, c: img.channels };
        if (img.height !== shape.h || img.width !== shape.w || img.channels !== shape.c) continue;
        at[g].push(decoded.length);
        decoded.push(img.data);
      } catch {
        // An undecodable image is already flagged by the scan; it has no pixels to compare.
      }
    }
  });
  const dims = shape as { h: number; w: number; c: number } | null;
  if (!dims) return null;
  const size = dims.h * dims.w * dims.c;
  const images = new Float32Array(decoded.length * size);
  decoded.forEach((img, i) => images.set(img.subarray(0, size), i * size));
  return { images, count: decoded.length, ...dims, groups: at };
}
