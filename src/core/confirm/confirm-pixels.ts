// The pictures of a backdoor confirmation: each example image before and after its trigger is
// stamped, at the trigger's shape, for the page to draw side by side.
import { decodeImage } from '../data';
import type { Column } from '../types';
import type { BackdoorConfirmation } from './confirm-backdoor';
import { stampTrigger } from './reconstruct-trigger';

/** Pixels of a before/after example (H×W×channels, values 0..1); `after` has the trigger stamped. */
export interface ConfirmPixels {
  row: number;
  h: number;
  w: number;
  channels: number;
  before: Float32Array;
  after: Float32Array;
}

/** A backdoor confirmation with its examples' pixels, for the page. */
export interface ConfirmView extends BackdoorConfirmation {
  pixels: ConfirmPixels[];
}

/**
 * The examples of `confirmation` decoded from `images` (the image column's cells) and stamped.
 * An example of another size is left out; a grey one is spread over the trigger's channels.
 */
export function confirmPixels(
  confirmation: BackdoorConfirmation,
  images: Column['values'] | undefined,
): ConfirmPixels[] {
  const t = confirmation.trigger;
  const pixels: ConfirmPixels[] = [];
  for (const ex of confirmation.examples) {
    const bytes = images?.[ex.row];
    if (!(bytes instanceof Uint8Array)) continue;
    try {
      const img = decodeImage(bytes);
      if (img.height !== t.h || img.width !== t.w) continue;
      let data = img.data;
      if (img.channels !== t.channels) {
        if (img.channels !== 1) continue;
        data = new Float32Array(img.data.length * t.channels);
        for (let i = 0; i < img.data.length; i++)
          data.fill(img.data[i], i * t.channels, (i + 1) * t.channels);
      }
      const after = stampTrigger(data, [t.h, t.w, t.channels], [0], t);
      pixels.push({ row: ex.row, h: t.h, w: t.w, channels: t.channels, before: data, after });
    } catch {
      // An undecodable example has no picture; its numbers stand.
    }
  }
  return pixels;
}
