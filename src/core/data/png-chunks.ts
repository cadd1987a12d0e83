// Walking a PNG's chunks: what the fast decoder (decode-image.ts) and the load-time check
// (validate-image.ts) both read before they inflate the image data.

export const IHDR = 0x49484452;
export const IDAT = 0x49444154;
export const IEND = 0x49454e44;

/** A PNG's image data: its IDAT chunks joined, how many there were, and whether IEND was reached. */
export interface PngImageData {
  data: Uint8Array;
  idatChunks: number;
  ended: boolean;
}

/**
 * Walks the chunks after the signature up to IEND and joins the IDAT chunks' data. `other` sees
 * each other chunk (its type and offset) and may stop the walk with a reason, which is returned;
 * a chunk that runs past the end returns 'truncated PNG chunk'.
 */
export function pngImageData(
  bytes: Uint8Array,
  other?: (type: number, at: number) => string | null,
): PngImageData | string {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  for (let p = 8; p + 12 <= bytes.length;) {
    const len = dv.getUint32(p);
    const type = dv.getUint32(p + 4);
    if (p + 12 + len > bytes.length) return 'truncated PNG chunk';
    if (type === IDAT) {
      parts.push(bytes.subarray(p + 8, p + 8 + len));
      total += len;
    } else if (type === IEND) {
      ended = true;
      break;
    } else {
      const stop = other?.(type, p);
      if (stop) return stop;
    }
    p += 12 + len;
  }
  return { data: concat(parts, total), idatChunks: parts.length, ended };
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(total);
  let o = 0;
  for (const part of parts) {
    out.set(part, o);
    o += part.length;
  }
  return out;
}
