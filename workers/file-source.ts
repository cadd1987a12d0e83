// Adapts the page's File objects to the engine's SourceFile interface (inside the worker).
import type { SourceFile } from '../src/core/types';

/** A file with the path the user dropped it under ("cats/001.png" for a folder). */
export interface NamedFile {
  file: File;
  /** Path relative to what was dropped; defaults to the file's own name. */
  path?: string;
}

export type FileInput = File | NamedFile;

/** The display path of an input (a folder's relative path survives only when sent as NamedFile). */
export function inputPath(input: FileInput): string {
  if (input instanceof Blob) {
    const rel = (input as File & { webkitRelativePath?: string }).webkitRelativePath;
    return rel || input.name;
  }
  return input.path || input.file.name;
}

/** Wraps a File (or a NamedFile) as a SourceFile. */
export function fileSource(input: FileInput): SourceFile {
  const file = input instanceof Blob ? input : input.file;
  const name = inputPath(input);
  return {
    name,
    size: file.size,
    async bytes(): Promise<Uint8Array> {
      return new Uint8Array(await file.arrayBuffer());
    },
    // Byte ranges, so Parquet is read a column chunk at a time rather than whole: a 1M × 384
    // embeddings file (1.5 GB) was read into memory entire beside its decoded column.
    async slice(start: number, end: number): Promise<Uint8Array> {
      return new Uint8Array(await file.slice(start, end).arrayBuffer());
    },
    stream(): AsyncIterable<Uint8Array> {
      return {
        async *[Symbol.asyncIterator]() {
          const reader = file.stream().getReader();
          try {
            for (;;) {
              const { done, value } = await reader.read();
              if (done) return;
              if (value) yield value;
            }
          } finally {
            reader.releaseLock();
          }
        },
      };
    },
  };
}

export function fileSources(inputs: FileInput[]): SourceFile[] {
  return inputs.map(fileSource);
}
