// Full image decode to floats in [0, 1]: PNG via fast-png, JPEG via jpeg-js. Dimensions are
// checked from the header first, so a decompression bomb never reaches the decoder.
import { convertIndexedToRgb, decode as decodePng, type DecodedPng } from 'fast-png';
import jpeg from 'jpeg-js';
import { readImageHeader } from './image-header';
import { defaultLimits, formatCount } from './limits';

export interface DecodedImage {
  width: number;
  height: number;
  channels: 1 | 3;
  /** Row-major H×W×channels, values 0..1. */
  data: Float32Array;
}

export function decodeImage(
  bytes: Uint8Array,
  maxPixels: number = defaultLimits.maxImagePixels,
): DecodedImage {
  const header = readImageHeader(bytes);
  if (!header) throw new Error('not a PNG or JPEG image');
  const pixels = header.width * header.height;
  if (pixels > maxPixels) {
    throw new Error(
      `image is ${header.width}×${header.height} (${formatCount(pixels)} pixels), over the limit of ${formatCount(maxPixels)}`,
    );
  }
  if (header.format === 'png') return fromPng(decodePng(bytes));
  const img = jpeg.decode(bytes, {
    useTArray: true,
    formatAsRGBA: false,
    maxResolutionInMP: Math.ceil(maxPixels / 1e6),
    maxMemoryUsageInMB: Math.max(512, Math.ceil((maxPixels * 8) / 1e6)),
  });
  return fromJpeg(img.width, img.height, img.data, header.components === 1);
}

function fromJpeg(width: number, height: number, rgb: Uint8Array, gray: boolean): DecodedImage {
  const n = width * height;
  if (gray) {
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = rgb[i * 3] / 255;
    return { width, height, channels: 1, data };
  }
  const data = new Float32Array(n * 3);
  for (let i = 0; i < n * 3; i++) data[i] = rgb[i] / 255;
  return { width, height, channels: 3, data };
}

function fromPng(png: DecodedPng): DecodedImage {
  const { width, height } = png;
  if (png.palette) {
    const rgb = convertIndexedToRgb(png);
    const stride = png.palette[0].length;
    return pick(width, height, (i, c) => rgb[i * stride + c] / 255, 3);
  }
  const max = png.depth === 16 ? 65535 : (1 << png.depth) - 1;
  const src = png.depth < 8 ? unpackBits(png.data as Uint8Array, width, height, png.depth) : png.data;
  const stride = png.channels;
  // 1 = gray, 2 = gray+alpha, 3 = RGB, 4 = RGBA: alpha is dropped.
  const channels: 1 | 3 = stride >= 3 ? 3 : 1;
  return pick(width, height, (i, c) => src[i * stride + c] / max, channels);
}

function pick(
  width: number,
  height: number,
  get: (pixel: number, channel: number) => number,
  channels: 1 | 3,
): DecodedImage {
  const n = width * height;
  const data = new Float32Array(n * channels);
  for (let i = 0; i < n; i++) for (let c = 0; c < channels; c++) data[i * channels + c] = get(i, c);
  return { width, height, channels, data };
}

/** 1-, 2- and 4-bit grayscale rows are packed (each row padded to a byte). */
function unpackBits(packed: Uint8Array, width: number, height: number, depth: number): Uint8Array {
  const rowBytes = Math.ceil((width * depth) / 8);
  if (packed.length !== rowBytes * height) return packed; // already one byte per pixel
  const out = new Uint8Array(width * height);
  const mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = x * depth;
      const byte = packed[y * rowBytes + (bit >> 3)];
      out[y * width + x] = (byte >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
}
