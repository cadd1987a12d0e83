// What Label Studio exports of a task's data (text, or an image path) and how the image is found
// among the user's files. Shared by the JSON and the CSV export readers.
import { resolveImage } from './image-paths';

/** One labelled task: its id, its text or image, and every data field as exported. */
export interface LabelStudioItem {
  id: string;
  text: string | null;
  /** The image's path among the files given; null when there is none or it was not found. */
  image: string | null;
  data: Record<string, unknown>;
}

/** What the Label Studio readers return. `table.items[i]` is `items[i].id`. */
export interface LabelStudioImport {
  items: LabelStudioItem[];
  warnings: string[];
}

export interface ImageContext {
  /** The export's path among the files given (images are looked for next to it). */
  exportFile: string;
  /** Every file the user gave, by path; empty: no images were given. */
  files: ReadonlySet<string>;
}

const IMAGE_KEYS = ['image', 'img', 'image_url', 'image_path', 'file', 'photo'];
const TEXT_KEYS = ['text', 'content', 'body', 'sentence', 'message', 'review'];
const IMAGE_VALUE = /\.(png|jpe?g|gif|bmp|webp|tiff?)(\?.*)?$/i;

/** The data field that holds the image reference, if any. */
function imageField(data: Record<string, unknown>): string | null {
  for (const k of IMAGE_KEYS) if (typeof data[k] === 'string') return data[k] as string;
  for (const v of Object.values(data)) if (typeof v === 'string' && IMAGE_VALUE.test(v)) return v;
  return null;
}

function textField(data: Record<string, unknown>): string | null {
  for (const k of TEXT_KEYS) if (typeof data[k] === 'string') return data[k] as string;
  return null;
}

/**
 * Builds the item and, for an image that cannot be used, one warning line (a missing file, a URL
 * not fetched, a path outside the folder). Nothing is read or fetched here.
 */
export function makeItem(
  id: string,
  data: Record<string, unknown>,
  images: ImageContext,
  warn: (line: string) => void,
): LabelStudioItem {
  const ref = imageField(data);
  let image: string | null = null;
  if (ref !== null) {
    const r = resolveImage(ref, images.exportFile, images.files);
    if (r.kind === 'found') image = r.path;
    else if (r.kind === 'missing') warn(`task ${id}: image ${r.path} was not among the files given`);
    else warn(`task ${id}: image ${r.reason}`);
  }
  return { id, text: textField(data), image, data };
}
