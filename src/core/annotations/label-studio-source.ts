// A Label Studio JSON export among the files given: recognised by its shape (an array of tasks,
// each with a "data" object and "annotations"), parsed into judgements, and its tasks turned into
// a plain table (one row per task: id, the task's data fields, the image's path among the files)
// that the ordinary loaders read, images attached, like any table that lists image files.
import { IMAGE_PATH } from '../data/paths';
import { sourceFromBytes } from '../data/source';
import type { SourceFile } from '../types';
import type { ParsedJudgements } from './judgements';
import { parseLabelStudioJson } from './label-studio-json';
import type { LabelStudioItem } from './label-studio-items';

export interface LabelStudioSource {
  /** The export as the user gave it. */
  export: SourceFile;
  /** What the loaders read instead: the tasks as a CSV table, then the image files. */
  files: SourceFile[];
  parsed: ParsedJudgements;
}

/** How far into a .json file to look for the shape of a Label Studio export. */
const HEAD = 4096;

/** True when the text starts like a Label Studio export: `[{ … "data": …` with annotations. */
function looksLikeExport(head: string): boolean {
  const s = head.trimStart();
  return s.startsWith('[') && /"data"\s*:/.test(s) && /"(annotations|completions)"\s*:/.test(s);
}

/**
 * The first .json file that is a Label Studio export, as a table of tasks; null when there is none.
 * `force`: the user said the input is a Label Studio export (then a .json that is not one is an
 * error the parser names).
 */
export async function labelStudioSource(
  files: SourceFile[],
  force = false,
): Promise<LabelStudioSource | null> {
  const json = files.filter((f) => /\.json$/i.test(f.name));
  for (const file of json) {
    // The shape is told from the first bytes: a big JSON dataset is not read whole for it.
    if (!force && !looksLikeExport(await headOf(file))) continue;
    const text = new TextDecoder().decode(await file.bytes());
    const names = new Set(files.map((f) => f.name));
    const ls = parseLabelStudioJson(text, file.name, {
      images: { exportFile: file.name, files: names },
    });
    const csv = sourceFromBytes(`${file.name}.tasks.csv`, new TextEncoder().encode(tasksCsv(ls.items)));
    const images = files.filter((f) => IMAGE_PATH.test(f.name));
    return {
      export: file,
      files: [csv, ...images],
      parsed: { table: ls.table, warnings: ls.warnings },
    };
  }
  return null;
}

async function headOf(file: SourceFile): Promise<string> {
  for await (const chunk of file.stream()) return new TextDecoder().decode(chunk.subarray(0, HEAD));
  return '';
}

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** id, then every scalar data field in order of first appearance; the image field holds the found path. */
function tasksCsv(items: LabelStudioItem[]): string {
  const fields: string[] = [];
  for (const it of items)
    for (const [k, v] of Object.entries(it.data))
      if (k !== 'id' && !fields.includes(k) && ['string', 'number', 'boolean'].includes(typeof v))
        fields.push(k);
  const rows = [['id', ...fields].map(quote).join(',')];
  for (const it of items) {
    const cells = fields.map((k) => {
      const v = it.data[k];
      // An image reference becomes the path found among the files (empty when it was not).
      if (typeof v === 'string' && IMAGE_REF.test(v)) return quote(it.image ?? '');
      return v === null || v === undefined || typeof v === 'object' ? '' : quote(String(v));
    });
    rows.push([quote(it.id), ...cells].join(','));
  }
  return rows.join('\n') + '\n';
}

const IMAGE_REF = /\.(png|jpe?g|gif|bmp|webp|tiff?)(\?.*)?$/i;
