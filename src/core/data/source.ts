// In-memory SourceFile: for tests, zip entries and bytes that are already in memory.
import type { SourceFile } from '../types';

const CHUNK = 1 << 20;

export function sourceFromBytes(name: string, bytes: Uint8Array): SourceFile {
  return {
    name,
    size: bytes.byteLength,
    bytes: async () => bytes,
    slice: async (start, end) => bytes.subarray(start, end),
    async *stream() {
      for (let i = 0; i < bytes.byteLength; i += CHUNK) yield bytes.subarray(i, i + CHUNK);
    },
  };
}
