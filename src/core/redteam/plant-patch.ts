// BadNets (Gu et al. 2017): a small patch stamped on a share of the images, which are relabelled
// to the target class. The stamped images are decoded with the engine's own decoder, stamped and
// re-encoded as 8-bit PNG; every other image keeps its original bytes.
import { encode } from 'fast-png';
import { decodeImage } from '../data';
import { mulberry32, subSeed } from '../random';
import type { Cell } from '../types';
import { InputError } from '../types';
import type { PatchAttack } from './attack';
import {
  classIndex,
  labelColumn,
  plantCount,
  relabelledColumn,
  shortfallNote,
  shuffledRows,
  type PlantInput,
  type Planting,
} from './planting';

/** The patch's grey levels, size×size row-major: `value` where lit, 0 elsewhere. */
export function patchPixels(spec: Pick<PatchAttack, 'size' | 'pattern' | 'value' | 'seed'>): Float32Array {
  const { size, value } = spec;
  const px = new Float32Array(size * size);
  const rand = mulberry32(subSeed(spec.seed, 0x9a7c));
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const lit =
        spec.pattern === 'solid' ? true : spec.pattern === 'checker' ? (x + y) % 2 === 0 : rand() < 0.5;
      px[y * size + x] = lit ? value : 0;
    }
  // A random pattern with nothing lit would plant no trigger at all.
  if (spec.pattern === 'random' && px.every((v) => v === 0)) px[0] = value;
  return px;
}

/** The image bytes with the patch stamped (clamped to fit), as an 8-bit PNG. */
export function stampPatch(bytes: Uint8Array, spec: PatchAttack, pixels: Float32Array): Uint8Array {
  const img = decodeImage(bytes);
  const { width: w, height: h, channels: c } = img;
  const size = Math.min(spec.size, h, w);
  const top = Math.max(0, Math.min(spec.top, h - size));
  const left = Math.max(0, Math.min(spec.left, w - size));
  const out = new Uint8Array(w * h * c);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(Math.min(1, Math.max(0, img.data[i])) * 255);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const v = Math.round(pixels[y * spec.size + x] * 255);
      for (let k = 0; k < c; k++) out[((top + y) * w + left + x) * c + k] = v;
    }
  return encode({ width: w, height: h, data: out, channels: c, depth: 8 });
}

export function plantPatch(input: PlantInput, spec: PatchAttack): Planting {
  const { loaded, roles, labels, unreadable } = input;
  const n = loaded.frame.numRows;
  const image = loaded.frame.columns.find((c) => roles[c.name] === 'image');
  if (!image) throw new InputError(loaded.name, 'patch attack: the data has no image column');
  const target = classIndex(input, spec.target);
  const candidates: number[] = [];
  for (let i = 0; i < n; i++)
    if (labels[i] >= 0 && labels[i] !== target && !unreadable[i] && image.values[i] instanceof Uint8Array)
      candidates.push(i);
  const want = plantCount(spec.rate, n);
  const pixels = patchPixels(spec);
  const planted = new Uint8Array(n);
  const images: Cell[] = (image.values as Cell[]).slice();
  const relabel = new Map<number, string>();
  let failed = 0;
  for (const row of shuffledRows(candidates, subSeed(spec.seed, 1))) {
    if (relabel.size >= want) break;
    try {
      images[row] = stampPatch(image.values[row] as Uint8Array, spec, pixels);
    } catch {
      failed++; // undecodable although not reported as such: try the next candidate
      continue;
    }
    planted[row] = 1;
    relabel.set(row, spec.target);
  }
  const notes = shortfallNote(
    want,
    relabel.size,
    `${candidates.length - failed} images outside "${spec.target}"`,
  );
  return {
    replaced: [{ ...image, values: images }, relabelledColumn(labelColumn(input), relabel)],
    planted,
    notes,
  };
}
