// What the attack resolver needs to know about a loaded dataset: its classes, the usual image
// size, and its annotators. Read from the frame without decoding any image (headers only).
import { labelIndex, readImageHeader } from '../data';
import type { LoadedDataset, Roles } from '../types';
import type { AttackContext } from './resolve-attack';

/** Image headers read to find the usual size: enough to see the common one, cheap on 60k rows. */
const SIZE_SAMPLE = 500;

export function attackContext(loaded: LoadedDataset, roles: Roles): AttackContext {
  const { frame } = loaded;
  const { classes } = labelIndex(frame, roles);
  const ctx: AttackContext = { name: loaded.name, classes };
  const image = frame.columns.find((c) => roles[c.name] === 'image');
  if (image) {
    const sizes = new Map<string, number>();
    const step = Math.max(1, Math.floor(frame.numRows / SIZE_SAMPLE));
    for (let i = 0; i < frame.numRows; i += step) {
      const cell = image.values[i];
      const header = cell instanceof Uint8Array ? readImageHeader(cell) : null;
      if (!header) continue;
      const k = `${header.height}x${header.width}`;
      sizes.set(k, (sizes.get(k) ?? 0) + 1);
    }
    const common = [...sizes.entries()].sort((a, b) => b[1] - a[1])[0];
    if (common) {
      const [height, width] = common[0].split('x').map(Number);
      ctx.imageSize = { height, width };
    }
  }
  ctx.hasText = frame.columns.some((c) => roles[c.name] === 'text');
  const annotator = frame.columns.find((c) => roles[c.name] === 'annotator');
  if (annotator) {
    const names = new Set<string>();
    for (let i = 0; i < frame.numRows; i++) {
      const v = annotator.values[i];
      if (v !== null && v !== undefined && v !== '' && !(typeof v === 'number' && Number.isNaN(v)))
        names.add(String(v));
    }
    ctx.annotators = [...names].sort();
  }
  return ctx;
}
