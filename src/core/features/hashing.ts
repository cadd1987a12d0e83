// Non-cryptographic hashing for feature hashing and content fingerprints (exact duplicates).
// SHA-256 is for files (data/hash.ts); per-cell hashing needs speed, not collision resistance.

const enc = new TextEncoder();

/** 32-bit FNV-1a over bytes, continuing from `h`. */
export function fnv1aBytes(bytes: Uint8Array, h = 0x811c9dc5): number {
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** 32-bit FNV-1a over a string's UTF-16 code units (fast path for tokens). */
export function fnv1aString(s: string, h = 0x811c9dc5): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h ^= c & 0xff;
    h = Math.imul(h, 0x01000193);
    h ^= c >>> 8;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A 64-bit-ish fingerprint (two independent 32-bit FNV streams) of a row's feature cells,
 * as a hex string. Two rows with equal fingerprints have the same content.
 */
export class RowFingerprint {
  private a = 0x811c9dc5;
  private b = 0x01000193 ^ 0x9e3779b9;

  add(cell: unknown): this {
    if (cell === null || cell === undefined || (typeof cell === 'number' && Number.isNaN(cell))) {
      this.mix(enc.encode('\u0000null'));
    } else if (cell instanceof Uint8Array) {
      this.mix(cell);
    } else if (cell instanceof Float32Array) {
      this.mix(new Uint8Array(cell.buffer, cell.byteOffset, cell.byteLength));
    } else {
      this.mix(enc.encode(typeof cell + ':' + String(cell)));
    }
    // A separator so ("ab","c") and ("a","bc") differ.
    this.mix(SEP);
    return this;
  }

  private mix(bytes: Uint8Array): void {
    this.a = fnv1aBytes(bytes, this.a);
    let b = this.b;
    for (let i = 0; i < bytes.length; i++) {
      b = Math.imul(b ^ bytes[i], 0x5bd1e995);
      b ^= b >>> 15;
    }
    this.b = b >>> 0;
  }

  hex(): string {
    return this.a.toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0');
  }
}
const SEP = new Uint8Array([0x1f]);
