// Image bytes -> a dense N×H×W×C float tensor for the probe CNN. Images are decoded with the same
// pure-JS decoders in the worker and in Node, so both see identical pixels.
import { decodeImage } from '../data';
import type { RunControl } from '../types';
import { CancelledError } from '../types';
import { featureArray } from '../shared-array';

/** Images larger than this are resized down: the probe needs shape, not detail. */
const MAX_SIDE = 64;
/** Side used when images come in mixed sizes. */
const MIXED_SIDE = 32;

export interface ImageTensor {
  data: Float32Array;
  height: number;
  width: number;
  channels: 1 | 3;
  /** Rows whose bytes could not be decoded (their pixels stay 0), with why. */
  errors: { row: number; message: string }[];
}

interface Decoded {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Float32Array;
}

/** Bilinear resize of one image to h×w, keeping channels. */
export function resize(img: Decoded, h: number, w: number): Float32Array {
  if (img.height === h && img.width === w) return img.data;
  const c = img.channels;
  const out = new Float32Array(h * w * c);
  const sy = img.height / h;
  const sx = img.width / w;
  for (let y = 0; y < h; y++) {
    const fy = Math.max(0, (y + 0.5) * sy - 0.5);
    const y0 = Math.min(img.height - 1, Math.floor(fy));
    const y1 = Math.min(img.height - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = Math.max(0, (x + 0.5) * sx - 0.5);
      const x0 = Math.min(img.width - 1, Math.floor(fx));
      const x1 = Math.min(img.width - 1, x0 + 1);
      const tx = fx - x0;
      for (let k = 0; k < c; k++) {
        const p = (yy: number, xx: number) => img.data[(yy * img.width + xx) * c + k];
        const top = p(y0, x0) * (1 - tx) + p(y0, x1) * tx;
        const bot = p(y1, x0) * (1 - tx) + p(y1, x1) * tx;
        out[(y * w + x) * c + k] = top * (1 - ty) + bot * ty;
      }
    }
  }
  return out;
}

/** Gray -> RGB by repetition, so mixed gray/colour datasets share one tensor. */
function toRgb(img: Decoded): Decoded {
  if (img.channels === 3) return img;
  const out = new Float32Array(img.data.length * 3);
  for (let i = 0; i < img.data.length; i++) out[3 * i] = out[3 * i + 1] = out[3 * i + 2] = img.data[i];
  return { ...img, channels: 3, data: out };
}

/** The tensor's side for images that all share one size: at most MAX_SIDE, a multiple of 4. */
function tensorSides(sizes: Set<string>): { height: number; width: number } {
  let height = MIXED_SIDE;
  let width = MIXED_SIDE;
  if (sizes.size === 1) {
    const [h, w] = [...sizes][0].split('x').map(Number);
    const scale = Math.min(1, MAX_SIDE / Math.max(h, w));
    height = Math.round(h * scale);
    width = Math.round(w * scale);
  }
  // The probe's patch convolution needs sides that divide by its patch size (4).
  return { height: Math.max(4, Math.round(height / 4) * 4), width: Math.max(4, Math.round(width / 4) * 4) };
}

type Decoding = { img: Decoded; error?: undefined } | { img: null; error: string };

function decodeCell(bytes: Uint8Array | null): Decoding {
  if (!bytes || bytes.length === 0) return { img: null, error: 'no image' };
  try {
    return { img: decodeImage(bytes) };
  } catch (e) {
    return { img: null, error: `undecodable image: ${(e as Error).message}` };
  }
}

/**
 * `checkSize(n, floatsPerImage)` may refuse the tensor before it is allocated.
 *
 * One pass, written straight into the tensor, on the guess that every image has the first one's
 * size and channels (a dataset's usual shape): holding all the decoded images first took another
 * tensor's worth of memory (188 MB of float pixels at 60k Fashion-MNIST images, plus 60k array
 * objects) on top of the tensor. An image that breaks the guess (another size, colour after gray)
 * starts the two-pass way over, which sees every size before it fixes the tensor's shape. Both
 * ways give the same tensor.
 */
export function imageTensor(
  cells: (Uint8Array | null)[],
  control: RunControl = {},
  checkSize?: (n: number, per: number) => void,
): ImageTensor {
  return imageTensorOnePass(cells, control, checkSize) ?? imageTensorTwoPass(cells, control, checkSize);
}

function progress(control: RunControl, i: number, n: number): void {
  if ((i & 1023) === 1023) {
    if (control.isCancelled?.()) throw new CancelledError();
    control.onProgress?.({ stage: 'decode images', fraction: i / n });
  }
}

/** The one-pass way; null when an image breaks the first one's shape. */
function imageTensorOnePass(
  cells: (Uint8Array | null)[],
  control: RunControl,
  checkSize?: (n: number, per: number) => void,
): ImageTensor | null {
  const n = cells.length;
  const errors: { row: number; message: string }[] = [];
  let shape: { size: string; channels: 1 | 3; height: number; width: number; per: number } | null = null;
  let data: Float32Array = new Float32Array(0);
  for (let i = 0; i < n; i++) {
    const { img, error } = decodeCell(cells[i]);
    if (!img) {
      errors.push({ row: i, message: error });
    } else {
      const size = `${img.height}x${img.width}`;
      if (!shape) {
        const { height, width } = tensorSides(new Set([size]));
        shape = { size, channels: img.channels, height, width, per: height * width * img.channels };
        checkSize?.(n, shape.per);
        // Shared with the input-graph worker where the page is cross-origin isolated (shared-array.ts).
        data = featureArray(n * shape.per);
      } else if (size !== shape.size || img.channels !== shape.channels) return null;
      data.set(resize(img, shape.height, shape.width), i * shape.per);
    }
    progress(control, i, n);
  }
  control.onProgress?.({ stage: 'decode images', fraction: 1 });
  if (!shape) return null; // no image decoded: the two-pass way sizes the empty tensor
  return { data, height: shape.height, width: shape.width, channels: shape.channels, errors };
}

/** Every image decoded first, then the tensor: the way that handles any mix (and the reference in tests). */
export function imageTensorTwoPass(
  cells: (Uint8Array | null)[],
  control: RunControl = {},
  checkSize?: (n: number, per: number) => void,
): ImageTensor {
  const n = cells.length;
  const decoded: (Decoded | null)[] = new Array(n).fill(null);
  const errors: { row: number; message: string }[] = [];
  const sizes = new Set<string>();
  let anyColour = false;
  for (let i = 0; i < n; i++) {
    const { img, error } = decodeCell(cells[i]);
    if (img) {
      decoded[i] = img;
      sizes.add(`${img.height}x${img.width}`);
      if (img.channels === 3) anyColour = true;
    } else errors.push({ row: i, message: error });
    progress(control, i, n);
  }
  const { height, width } = tensorSides(sizes);
  const channels: 1 | 3 = anyColour ? 3 : 1;
  const per = height * width * channels;
  checkSize?.(n, per);
  // Shared with the input-graph worker where the page is cross-origin isolated (shared-array.ts).
  const data = featureArray(n * per);
  for (let i = 0; i < n; i++) {
    const img = decoded[i];
    if (!img) continue;
    data.set(resize(anyColour ? toRgb(img) : img, height, width), i * per);
  }
  control.onProgress?.({ stage: 'decode images', fraction: 1 });
  return { data, height, width, channels, errors };
}
