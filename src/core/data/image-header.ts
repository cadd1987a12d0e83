// Image dimensions from the header alone, so a claimed 50,000×50,000 image is refused before a
// decoder allocates anything.

export interface ImageHeader {
  format: 'png' | 'jpeg';
  width: number;
  height: number;
  /** JPEG colour components (1 = grayscale); PNG colour type is not needed here. */
  components?: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const IHDR = 0x49484452;

export function readImageHeader(bytes: Uint8Array): ImageHeader | null {
  if (isPng(bytes)) return readPngHeader(bytes);
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    return readJpegHeader(bytes);
  return null;
}

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

function readPngHeader(bytes: Uint8Array): ImageHeader | null {
  if (bytes.length < 24) return null;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(12) !== IHDR) return null;
  const width = dv.getUint32(16);
  const height = dv.getUint32(20);
  if (width === 0 || height === 0) return null;
  return { format: 'png', width, height };
}

/** Walks the JPEG segments up to the first start-of-frame marker (SOF0..SOF15 minus DHT/JPG/DAC). */
function readJpegHeader(bytes: Uint8Array): ImageHeader | null {
  let p = 2;
  while (p + 4 <= bytes.length) {
    if (bytes[p] !== 0xff) return null;
    const marker = bytes[p + 1];
    if (marker === 0xff) {
      p++;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      p += 2;
      continue;
    }
    const len = (bytes[p + 2] << 8) | bytes[p + 3];
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      if (p + 10 > bytes.length) return null;
      const height = (bytes[p + 5] << 8) | bytes[p + 6];
      const width = (bytes[p + 7] << 8) | bytes[p + 8];
      if (width === 0 || height === 0) return null;
      return { format: 'jpeg', width, height, components: bytes[p + 9] };
    }
    if (marker === 0xda || marker === 0xd9 || len < 2) return null;
    p += 2 + len;
  }
  return null;
}
