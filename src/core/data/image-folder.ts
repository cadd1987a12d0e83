// A folder of images, one sub-folder per class ("Sneaker/001.png"): the frame is
// {id, path, image, label} with the label taken from the folder that holds each image.
import type { Cell, Frame, SourceFile } from '../types';
import { basename, dirname } from './paths';
import type { TableResult } from './table-result';

export async function imageFolderFrame(images: SourceFile[]): Promise<TableResult> {
  const n = images.length;
  const id = new Float64Array(n);
  const path: Cell[] = [];
  const image: Cell[] = [];
  const label: Cell[] = [];
  for (let i = 0; i < n; i++) {
    id[i] = i;
    path.push(images[i].name);
    image.push(await images[i].bytes());
    const dir = dirname(images[i].name);
    label.push(dir ? basename(dir) : null);
  }
  const classes = new Set(label.filter((l) => l !== null));
  const warnings: string[] = [];
  const frame: Frame = {
    numRows: n,
    columns: [
      { name: 'id', type: 'number', values: id },
      { name: 'path', type: 'string', values: path },
      { name: 'image', type: 'binary', values: image },
    ],
  };
  if (classes.size >= 2) {
    frame.columns.push({ name: 'label', type: 'string', values: label });
    const loose = label.filter((l) => l === null).length;
    if (loose) warnings.push(`${loose} images are not in a class folder; their label is missing`);
  } else {
    warnings.push(
      classes.size === 1
        ? `all images are in one folder ("${[...classes][0]}"), so there are no class labels`
        : 'images are not in class folders (one sub-folder per class), so there are no labels',
    );
  }
  return { frame, warnings };
}
