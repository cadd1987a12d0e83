// Streamed SHA-256 of input files, so big files are hashed without a second full copy. One
// hasher is reused per batch: instantiating hash-wasm per file costs ~1 ms, which a folder of
// 60,000 images would feel.
import { createSHA256, type IHasher } from 'hash-wasm';
import type { InputFile, SourceFile } from '../types';

export async function hashSource(file: SourceFile, reuse?: IHasher): Promise<InputFile> {
  const hasher = reuse ?? (await createSHA256());
  hasher.init();
  let bytes = 0;
  for await (const chunk of file.stream()) {
    hasher.update(chunk);
    bytes += chunk.byteLength;
  }
  return { name: file.name, bytes, sha256: hasher.digest('hex') };
}

/** Hashes files one after the other with one hasher (sequential: the hasher has one state). */
export async function hashSources(files: SourceFile[], each?: (done: number) => void): Promise<InputFile[]> {
  const hasher = await createSHA256();
  const out: InputFile[] = [];
  for (const file of files) {
    out.push(await hashSource(file, hasher));
    each?.(out.length);
  }
  return out;
}
