// loadDataset: files as the user dropped them -> one frame. Order of work: hash every input
// file, unpack zips, sniff each file, pick the table (or build a frame from an image folder),
// attach images named by the table, then validate images into per-row errors.
import { InputError, type LoadedDataset, type LoadWarning, type RunControl, type SourceFile } from '../types';
import { attachImages, attachPending } from './attach-images';
import { checkCancelled, report } from './control';
import { hashSources } from './hash';
import { applyFeatures, featuresFromMeta } from './hf-features';
import { hfLayout, pickSplit } from './hf-layout';
import { loadHfSplit } from './hf-load';
import { checkImages } from './image-check';
import { imageFolderFrame } from './image-folder';
import { resolveLimits, type LoadOptions } from './limits';
import { parseTable } from './parse-table';
import { IMAGE_PATH } from './paths';
import { SNIFF_BYTES, TABLE_FORMATS, formatFromExtension, sniffFormat, type Format } from './sniff';
import { sourceFromBytes } from './source';
import type { TableResult } from './table-result';
import { webDatasetFrame } from './webdataset';
import { byPath, isJunkPath, unzipSources } from './zip';

interface Sniffed {
  file: SourceFile;
  /** The first bytes (up to SNIFF_BYTES), what the format was told from. */
  head: Uint8Array;
  /** The whole content, unless the file is big (then its parser reads it, see sniffOne). */
  bytes: Uint8Array | null;
  format: Format;
}

/** Files up to this size are read whole in one go; bigger ones are left to their parser. */
const READ_WHOLE_BYTES = 16 * 1024 * 1024;

/** Preferred main table when a drop holds several: the typed, lossless formats first. */
const PRIORITY: Format[] = ['arrow', 'arrow-stream', 'parquet', 'csv', 'tsv', 'jsonl', 'json'];

export async function loadDataset(
  files: SourceFile[],
  opts: LoadOptions = {},
  control: RunControl = {},
): Promise<LoadedDataset> {
  const limits = resolveLimits(opts);
  if (files.length === 0) throw new InputError('', 'no files given');
  report(control, 0, 'hashing');
  const hashes = await hashSources(files, (done) => {
    if (done % 500 === 0) {
      checkCancelled(control);
      report(control, (0.2 * done) / files.length, 'hashing');
    }
  });
  const warnings: LoadWarning[] = [];
  const { sniffed, isZip, empty } = await expand(files, control);
  for (const file of empty) warnings.push({ file, message: 'empty file ignored' });
  report(control, 0.2, 'reading');

  // A file named like an image is an image even when its bytes are broken: it becomes a row
  // with a row error instead of being mistaken for a table.
  const namedImage = (s: Sniffed) => IMAGE_PATH.test(s.file.name);
  const images = sniffed.filter((s) => s.format === 'png' || s.format === 'jpeg' || namedImage(s));
  const hf = hfLayout(sniffed.filter((s) => !namedImage(s)).map((s) => s.file.name));
  const hfFiles = new Set(hf ? [...hf.splits.flatMap((sp) => sp.shards), ...hf.sidecars] : []);
  const tars = sniffed.filter((s) => s.format === 'tar' && !hfFiles.has(s.file.name));
  const tables = sniffed.filter(
    (s) => TABLE_FORMATS.includes(s.format) && !namedImage(s) && !hfFiles.has(s.file.name),
  );
  const used = new Set([...tables, ...images, ...tars, ...sniffed.filter((s) => hfFiles.has(s.file.name))]);
  const other = sniffed.filter((s) => !used.has(s));
  if (!hf && tars.length === 0 && tables.length === 0 && images.length === 0) throw noData(files, sniffed);

  let result: TableResult;
  let format: LoadedDataset['format'];
  let name: string;
  let split: Pick<LoadedDataset, 'splits' | 'split'> | undefined;
  const imageFiles = images.map((s) => s.file);
  if (hf) {
    const chosen = pickSplit(hf, opts.split);
    const names = hf.splits.map((sp) => sp.name);
    if (!chosen)
      throw new InputError(files[0].name, `no split "${opts.split}" (splits: ${names.join(', ')})`);
    result = await loadHfSplit(chosen, new Map(sniffed.map((s) => [s.file.name, s])), limits, control);
    name = chosen.shards[0];
    const attached = await attachPending(result, name, imageFiles);
    result.rowErrors = [...(result.rowErrors ?? []), ...attached.rowErrors];
    warnUnused(warnings, name, images.length - attached.used.size);
    for (const t of tables)
      warnings.push({ file: t.file.name, message: `ignored: ${name} is the data loaded` });
    if (names.length > 1) {
      warnings.push({
        file: name,
        message: `splits: ${names.join(', ')}; loaded "${chosen.name}" (choose another with --split or the split menu)`,
      });
      split = { splits: hf.splits.map((sp) => ({ name: sp.name, shards: sp.shards })), split: chosen.name };
    }
    format = chosen.kind === 'parquet' ? 'parquet' : 'arrow-stream';
  } else if (tars.length > 0 && tables.length === 0) {
    result = await webDatasetFrame(
      tars.map((s) => s.file),
      limits,
      control,
    );
    name =
      tars.length === 1 ? tars[0].file.name : commonRoot(tars.map((s) => s.file.name)) || tars[0].file.name;
    format = 'webdataset';
    warnUnused(warnings, name, images.length);
  } else if (tables.length > 0) {
    const main = pickMain(tables);
    for (const t of tables)
      if (t !== main)
        warnings.push({ file: t.file.name, message: `ignored: ${main.file.name} is the table loaded` });
    for (const t of tars)
      warnings.push({ file: t.file.name, message: `ignored: ${main.file.name} is the table loaded` });
    const claimed = formatFromExtension(main.file.name);
    if (claimed && family(claimed) !== family(main.format)) {
      warnings.push({
        file: main.file.name,
        message: `the extension says ${claimed} but the content is ${main.format}; read as ${main.format}`,
      });
    }
    result = await parseTable(main.file, main.head, main.format, limits, control);
    // A single Hugging Face file (exported without the hub's folder layout) still has its features.
    const features = featuresFromMeta(result.meta);
    if (features) result.warnings.push(...applyFeatures(result.frame, features, main.file.name));
    const pending = await attachPending(result, main.file.name, imageFiles);
    const attached = await attachImages(result.frame, main.file.name, imageFiles);
    result.warnings.push(...attached.warnings);
    result.rowErrors = [...(result.rowErrors ?? []), ...pending.rowErrors, ...attached.rowErrors];
    warnUnused(warnings, main.file.name, images.length - attached.used.size - pending.used.size);
    format = main.format as LoadedDataset['format'];
    name = main.file.name;
  } else {
    result = await imageFolderFrame(imageFiles);
    format = 'images';
    name = commonRoot(images.map((s) => s.file.name)) || 'images';
  }
  if (other.length > 0) {
    const names = other.slice(0, 5).map((s) => s.file.name);
    warnings.push({
      file: names[0],
      message: `${other.length} files that are neither a table nor an image were ignored (${names.join(', ')}${other.length > 5 ? ', …' : ''})`,
    });
  }
  if (result.frame.numRows > limits.maxRows)
    throw new InputError(name, `more than ${limits.maxRows} rows, over the limit`);
  report(control, 0.6, 'checking images');
  const imageErrors = await checkImages(result.frame, limits, control, [0.6, 1]);
  const rowErrors = [...(result.rowErrors ?? []), ...imageErrors].sort((a, b) => a.row - b.row);
  report(control, 1);
  return {
    name: isZip ? files[0].name : name,
    format: isZip ? 'zip' : format,
    frame: result.frame,
    files: hashes,
    warnings: [...result.warnings.map((message) => ({ file: name, message })), ...warnings],
    rowErrors,
    ...split,
  };
}

function warnUnused(warnings: LoadWarning[], file: string, unused: number): void {
  if (unused > 0)
    warnings.push({ file, message: `${unused} image files not named by the table were ignored` });
}

/**
 * Reads a small file once; later bytes() and stream() calls (attaching images, parsing) reuse the
 * same buffer. A big file is sniffed from its first bytes and left to its parser: CSV/TSV stream
 * it, JSON over its limit is refused unread, Arrow and Parquet read it whole. Only a zip is read
 * here, to list its entries.
 */
async function sniffOne(file: SourceFile): Promise<Sniffed> {
  if (file.size > READ_WHOLE_BYTES) {
    const head = await readHead(file, SNIFF_BYTES);
    const format = sniffFormat(head, file.name);
    return format === 'zip' ? held(file.name, await file.bytes()) : { file, head, bytes: null, format };
  }
  return held(file.name, await file.bytes());
}

function held(name: string, bytes: Uint8Array): Sniffed {
  const file = sourceFromBytes(name, bytes);
  const head = bytes.subarray(0, SNIFF_BYTES);
  return { file, head, bytes, format: sniffFormat(head, name) };
}

/** The first `size` bytes of a file (fewer if it is shorter), without reading the rest. */
async function readHead(file: SourceFile, size: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of file.stream()) {
    parts.push(chunk);
    total += chunk.byteLength;
    if (total >= size) break;
  }
  const head = new Uint8Array(Math.min(size, total));
  let o = 0;
  for (const part of parts) {
    if (o >= head.length) break;
    head.set(part.subarray(0, head.length - o), o);
    o += part.byteLength;
  }
  return head;
}

/** Sniffs every file; zips are replaced by their entries (prefixed with the zip's folder). */
async function expand(
  files: SourceFile[],
  control: RunControl,
): Promise<{ sniffed: Sniffed[]; isZip: boolean; empty: string[] }> {
  const empty: string[] = [];
  const out: Sniffed[] = [];
  let zips = 0;
  const sorted = [...files].sort((a, b) => byPath(a.name, b.name));
  for (let i = 0; i < sorted.length; i++) {
    if (i % 1000 === 0) checkCancelled(control);
    const file = sorted[i];
    if (isJunkPath(file.name)) continue;
    if (file.size === 0) {
      if (files.length === 1) throw new InputError(file.name, 'empty file');
      empty.push(file.name);
      continue;
    }
    const s = await sniffOne(file);
    if (s.format !== 'zip') {
      out.push(s);
      continue;
    }
    zips++;
    const prefix = file.name.includes('/') ? file.name.slice(0, file.name.lastIndexOf('/') + 1) : '';
    for (const entry of unzipSources(s.bytes ?? (await file.bytes()), file.name)) {
      const inner = held(prefix + entry.name, await entry.bytes());
      // A zip inside a zip is not unpacked again (keeps bombs shallow).
      if (inner.format !== 'zip' && inner.file.size > 0) out.push(inner);
    }
  }
  return { sniffed: out, isZip: files.length === 1 && zips === 1, empty };
}

function pickMain(tables: Sniffed[]): Sniffed {
  const depth = (s: Sniffed) => s.file.name.split('/').length;
  return [...tables].sort(
    (a, b) =>
      PRIORITY.indexOf(a.format) - PRIORITY.indexOf(b.format) ||
      depth(a) - depth(b) ||
      b.file.size - a.file.size,
  )[0];
}

function family(f: Format): string {
  if (f === 'arrow-stream') return 'arrow';
  if (f === 'tsv') return 'csv';
  if (f === 'jsonl') return 'json';
  return f;
}

function noData(files: SourceFile[], sniffed: Sniffed[]): InputError {
  const first = files[0]?.name ?? '';
  if (files.length === 1 && sniffed.length === 1) {
    const text = sniffed[0].head.subarray(0, 4096);
    if (text.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09))
      return new InputError(first, 'empty file');
  }
  if (files.length === 1 && sniffed.length === 0) return new InputError(first, 'empty file');
  return new InputError(
    first,
    'unrecognised format: expected Arrow, Parquet, CSV/TSV, JSON/JSONL, PNG/JPEG images or a zip of them',
  );
}

function commonRoot(names: string[]): string {
  const first = names[0]?.split('/') ?? [];
  let depth = first.length - 1;
  for (const n of names) {
    const parts = n.split('/');
    let k = 0;
    while (k < depth && parts[k] === first[k]) k++;
    depth = k;
  }
  return first.slice(0, depth).join('/');
}
