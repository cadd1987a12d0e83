// Turns what the user dropped or picked (files, folders) into named files for the engine.
import type { NamedFile } from '../state/engine-client';

/** Files from an <input type=file> (with webkitdirectory the relative path is kept). */
export function filesFromInput(list: FileList | null): NamedFile[] {
  return Array.from(list ?? [], (file) => ({ file, path: file.webkitRelativePath || file.name }));
}

/**
 * Files from a drop, folders walked recursively. The entries must be taken synchronously in the
 * drop handler (the DataTransfer is emptied afterwards), so call this before any await.
 */
export function filesFromDrop(dt: DataTransfer): Promise<NamedFile[]> {
  const entries: FileSystemEntry[] = [];
  for (const item of Array.from(dt.items)) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry?.();
    if (entry) entries.push(entry);
  }
  if (!entries.length) return Promise.resolve(filesFromInput(dt.files));
  return Promise.all(entries.map((e) => walk(e, ''))).then((lists) => lists.flat());
}

async function walk(entry: FileSystemEntry, prefix: string): Promise<NamedFile[]> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject),
    );
    return [{ file, path }];
  }
  if (!entry.isDirectory) return [];
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children: FileSystemEntry[] = [];
  // readEntries returns batches (100 in Chromium) until an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (!batch.length) break;
    children.push(...batch);
  }
  children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const lists = await Promise.all(children.map((c) => walk(c, path)));
  return lists.flat();
}

/** Whether a drag carries files (not text or a link). */
export function dragHasFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files');
}
