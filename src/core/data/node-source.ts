// Node-only SourceFiles from paths (the CLI and tests). Not imported by index.ts, so the worker
// bundle never pulls in node:fs.
import { statSync } from 'node:fs';
import { open, readFile, readdir, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import type { SourceFile } from '../types';

const CHUNK = 1 << 20;

export function sourceFromPath(path: string, relativeName?: string): SourceFile {
  const size = statSync(path).size;
  return {
    name: relativeName ?? basename(path),
    size,
    bytes: async () => new Uint8Array(await readFile(path)),
    async slice(start, end) {
      const handle = await open(path, 'r');
      try {
        const buffer = new Uint8Array(Math.max(0, Math.min(end, size) - start));
        let done = 0;
        while (done < buffer.length) {
          const { bytesRead } = await handle.read(buffer, done, buffer.length - done, start + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
        return buffer.subarray(0, done);
      } finally {
        await handle.close();
      }
    },
    // A plain read loop: createReadStream costs ~0.5 ms per file, which folders of images feel.
    async *stream() {
      const handle = await open(path, 'r');
      try {
        for (;;) {
          // Sized to the file (+1 to see EOF even if it grew), not a fixed 1 MB per tiny image.
          const buffer = new Uint8Array(Math.min(CHUNK, size + 1));
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
          if (bytesRead === 0) break;
          yield buffer.subarray(0, bytesRead);
        }
      } finally {
        await handle.close();
      }
    },
  };
}

/** A file, or every file under a directory (recursively), named relative to it with '/'. */
export async function sourcesFromPath(path: string): Promise<SourceFile[]> {
  const info = await stat(path);
  if (!info.isDirectory()) return [sourceFromPath(path, basename(path))];
  const out: SourceFile[] = [];
  await walk(path, path, out);
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function walk(root: string, dir: string, out: SourceFile[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) await walk(root, full, out);
    else if (entry.isFile()) {
      out.push(sourceFromPath(full, relative(root, full).split(sep).join('/')));
    }
  }
}
