// Cheap per-row image check at load time. A full fast-png decode of 60,000 28×28 images takes
// ~6 s; walking the PNG chunks and inflating IDAT into a buffer of the exact expected size takes
// ~2 s and catches the same corruption (bad signature, bad zlib data, wrong amount of pixels).
// JPEG gets a structural check (SOF present, scan data, EOI); its entropy data is only fully
// checked by decodeImage at featurisation.
import { unzlibSync } from 'fflate';
import { isPng, readImageHeader } from './image-header';
import { formatCount } from './limits';
import { IHDR, pngImageData } from './png-chunks';

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Why the bytes are not a usable image, or null when they are. */
export function validateImage(bytes: Uint8Array, maxPixels: number, full: boolean): string | null {
  const header = readImageHeader(bytes);
  if (!header) return isPng(bytes) ? 'corrupt PNG header' : 'not a PNG or JPEG image';
  const pixels = header.width * header.height;
  if (pixels > maxPixels) {
    return `image is ${header.width}×${header.height}, over the limit of ${formatCount(maxPixels)} pixels`;
  }
  if (header.format === 'jpeg') return checkJpeg(bytes);
  return full ? checkPngData(bytes) : null;
}

function checkJpeg(bytes: Uint8Array): string | null {
  let end = bytes.length;
  while (end > 2 && bytes[end - 1] === 0) end--; // some writers pad after EOI
  if (bytes[end - 2] !== 0xff || bytes[end - 1] !== 0xd9) return 'truncated JPEG (no end marker)';
  return null;
}

function checkPngData(bytes: Uint8Array): string | null {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let height = 0;
  let rowBytes = 0;
  const image = pngImageData(bytes, (type, p) => {
    if (type !== IHDR) return null;
    const width = dv.getUint32(p + 8);
    height = dv.getUint32(p + 12);
    const depth = bytes[p + 16];
    const channels = CHANNELS[bytes[p + 17]];
    if (!channels || ![1, 2, 4, 8, 16].includes(depth)) return 'unsupported PNG colour type or bit depth';
    if (bytes[p + 20] !== 0) return 'interlaced PNG not supported';
    rowBytes = Math.ceil((width * channels * depth) / 8);
    return null;
  });
  if (typeof image === 'string') return image;
  if (!image.ended) return 'truncated PNG (no IEND chunk)';
  if (image.idatChunks === 0) return 'PNG has no image data';
  const expected = height * (rowBytes + 1);
  try {
    // One spare byte so that too much data shows up as a longer result instead of a silent cut.
    const out = unzlibSync(image.data, { out: scratch(expected + 1) });
    if (out.length !== expected) return `corrupt PNG data (${out.length} bytes, expected ${expected})`;
  } catch (e) {
    return `corrupt PNG data (${e instanceof Error ? e.message : 'inflate failed'})`;
  }
  return null;
}

let scratchBuffer = new Uint8Array(0);

/** One reused output buffer: validation only needs the inflated length, never the pixels. */
function scratch(size: number): Uint8Array {
  if (scratchBuffer.length < size) scratchBuffer = new Uint8Array(Math.max(size, scratchBuffer.length * 2));
  return scratchBuffer.subarray(0, size);
}
