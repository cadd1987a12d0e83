import { encode as encodePng } from 'fast-png';
import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeImage, readImageHeader } from '../../../src/core/data';
import { validateImage } from '../../../src/core/data/validate-image';
import { grayPng, rgbJpeg } from './fixtures';

/** A PNG whose header claims width×height but whose data is tiny (a decompression bomb's shape). */
function claimedPng(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    const dv = new DataView(out.buffer);
    dv.setUint32(0, data.length);
    for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
    out.set(data, 8);
    return out; // CRC left zero: the size check must come before any CRC or data work
  };
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const parts = [
    Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlibSync(new Uint8Array(64))),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe('readImageHeader', () => {
  it('reads PNG and JPEG dimensions without decoding', () => {
    expect(readImageHeader(grayPng(7, 5))).toEqual({ format: 'png', width: 7, height: 5 });
    expect(readImageHeader(rgbJpeg(9, 4))).toMatchObject({
      format: 'jpeg',
      width: 9,
      height: 4,
      components: 3,
    });
    expect(readImageHeader(claimedPng(50_000, 50_000))).toEqual({
      format: 'png',
      width: 50_000,
      height: 50_000,
    });
  });

  it('returns null for anything else', () => {
    expect(readImageHeader(new TextEncoder().encode('hello'))).toBeNull();
    expect(readImageHeader(grayPng(4, 4).subarray(0, 16))).toBeNull();
    expect(readImageHeader(Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]))).toBeNull();
  });
});

describe('decodeImage', () => {
  it('refuses a claimed 50,000×50,000 PNG before allocating', () => {
    // The memory, not the time, says it refused before allocating (a timing fails on a busy machine).
    const before = process.memoryUsage().arrayBuffers;
    expect(() => decodeImage(claimedPng(50_000, 50_000))).toThrow(/50000×50000.*over the limit/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('honours a custom pixel limit', () => {
    expect(() => decodeImage(grayPng(10, 10), 99)).toThrow(/over the limit of 99/);
    expect(decodeImage(grayPng(10, 10), 100).width).toBe(10);
  });

  it('grayscale 8-bit PNG -> 1 channel in 0..1', () => {
    const img = decodeImage(grayPng(3, 2, 51));
    expect(img).toMatchObject({ width: 3, height: 2, channels: 1 });
    expect(img.data).toHaveLength(6);
    expect(img.data[0]).toBeCloseTo(0.2, 6);
  });

  it('RGBA PNG -> 3 channels, alpha dropped', () => {
    const data = Uint8Array.from([255, 0, 0, 10, 0, 255, 0, 20]);
    const img = decodeImage(encodePng({ width: 2, height: 1, data, channels: 4, depth: 8 }));
    expect(img.channels).toBe(3);
    expect(Array.from(img.data)).toEqual([1, 0, 0, 0, 1, 0]);
  });

  it('16-bit grayscale PNG is scaled by 65535', () => {
    const data = Uint16Array.from([0, 65535, 32768, 13107]);
    const img = decodeImage(encodePng({ width: 2, height: 2, data, channels: 1, depth: 16 }));
    expect(img.channels).toBe(1);
    expect(img.data[1]).toBe(1);
    expect(img.data[3]).toBeCloseTo(0.2, 4);
  });

  it('palette PNG -> RGB from the palette', () => {
    const palette = [
      [0, 0, 0],
      [255, 128, 0],
    ];
    const png = encodePng({
      width: 2,
      height: 1,
      data: Uint8Array.from([1, 0]),
      channels: 1,
      depth: 8,
      palette,
    });
    const img = decodeImage(png);
    expect(img.channels).toBe(3);
    expect(img.data[0]).toBe(1);
    expect(img.data[1]).toBeCloseTo(128 / 255, 6);
    expect(Array.from(img.data.subarray(3))).toEqual([0, 0, 0]);
  });

  it('JPEG -> 3 channels, close to the encoded colour', () => {
    const img = decodeImage(rgbJpeg(8, 8));
    expect(img).toMatchObject({ width: 8, height: 8, channels: 3 });
    expect(img.data[0]).toBeGreaterThan(0.7);
    expect(img.data[2]).toBeLessThan(0.3);
  });

  it('rejects bytes that are not an image, and corrupt data', () => {
    expect(() => decodeImage(new TextEncoder().encode('nope'))).toThrow('not a PNG or JPEG image');
    const broken = grayPng(8, 8);
    broken.fill(0x55, 45, broken.length - 12);
    expect(() => decodeImage(broken)).toThrow();
  });
});

describe('validateImage', () => {
  it('accepts good images and flags corrupt ones', () => {
    expect(validateImage(grayPng(8, 8), 1e6, true)).toBeNull();
    expect(validateImage(rgbJpeg(8, 8), 1e6, true)).toBeNull();
    const broken = grayPng(8, 8);
    broken.fill(0x55, 45, broken.length - 12);
    expect(validateImage(broken, 1e6, true)).toMatch(/corrupt PNG data/);
    expect(validateImage(broken, 1e6, false)).toBeNull(); // header-only mode does not look inside
    expect(validateImage(claimedPng(50_000, 50_000), 1e6, true)).toMatch(/over the limit/);
    expect(validateImage(rgbJpeg(8, 8).subarray(0, 200), 1e6, true)).toMatch(/truncated JPEG/);
  });
});

describe('decodeImage, packed low bit depths', () => {
  it.each([1, 2, 4] as const)('%i-bit grayscale rows are unpacked (width 1 and 5)', (depth) => {
    for (const width of [1, 5]) {
      const rowBytes = Math.ceil((width * depth) / 8);
      const data = new Uint8Array(rowBytes * 2);
      data[0] = ((1 << depth) - 1) << (8 - depth); // first pixel of row 0 white
      const img = decodeImage(encodePng({ width, height: 2, data, channels: 1, depth }));
      expect(img.channels).toBe(1);
      expect(img.data).toHaveLength(width * 2);
      expect(img.data[0]).toBe(1);
      expect(img.data[width]).toBe(0);
    }
  });
});
