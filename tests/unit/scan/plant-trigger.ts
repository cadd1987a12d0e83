// Plants a BadNets-style trigger into a sample of clean Fashion-MNIST (../shared/datasets/
// fashion-60k): a patch of random size, place and pattern stamped on a share of non-target
// images, which are relabelled to a random target class. Returns the dataset as Arrow IPC bytes.
import fs from 'node:fs';
import path from 'node:path';
import { Binary, Int32, Table, Utf8, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import { decode, encode } from 'fast-png';
import { mulberry32 } from '../../../src/core/random';
import { SHARED } from '../cli/run-cli';
import { FASHION_NAMES } from '../data/layouts';

export interface TriggerPlan {
  seed: number;
  rows: number;
  rate: number;
  size: number;
  top: number;
  left: number;
  pattern: 'solid' | 'checker' | 'random';
  target: string;
}

export function planTrigger(seed: number, rows = 3000): TriggerPlan {
  const rand = mulberry32(seed);
  const size = 2 + Math.floor(rand() * 4); // 2..5 px
  const pattern = (['solid', 'checker', 'random'] as const)[Math.floor(rand() * 3)];
  return {
    seed,
    rows,
    rate: [0.02, 0.03, 0.05][Math.floor(rand() * 3)],
    size,
    top: Math.floor(rand() * (28 - size + 1)),
    left: Math.floor(rand() * (28 - size + 1)),
    pattern,
    target: FASHION_NAMES[Math.floor(rand() * FASHION_NAMES.length)],
  };
}

export function plantTrigger(plan: TriggerPlan): { arrow: Uint8Array; poisoned: Set<number> } {
  const table = tableFromIPC(fs.readFileSync(path.join(SHARED, 'datasets/fashion-60k/data.arrow')));
  const rand = mulberry32(plan.seed ^ 0x5eed);
  const images = table.getChild('image')!;
  const labels = table.getChild('label')!;
  // A random sample of rows, in random order.
  const picked = new Set<number>();
  while (picked.size < plan.rows) picked.add(Math.floor(rand() * table.numRows));
  const src = [...picked];
  const mask: number[] = [];
  for (let y = 0; y < plan.size; y++)
    for (let x = 0; x < plan.size; x++)
      mask.push(
        plan.pattern === 'solid'
          ? 255
          : plan.pattern === 'checker'
            ? ((x + y) % 2) * 255
            : rand() < 0.5
              ? 0
              : 255,
      );
  const candidates = src.map((_, i) => i).filter((i) => labels.get(src[i]) !== plan.target);
  const poisoned = new Set<number>();
  const want = Math.round(plan.rate * plan.rows);
  while (poisoned.size < want) poisoned.add(candidates[Math.floor(rand() * candidates.length)]);
  const outImages: Uint8Array[] = [];
  const outLabels: string[] = [];
  src.forEach((row, i) => {
    let bytes = images.get(row) as Uint8Array;
    let label = labels.get(row) as string;
    if (poisoned.has(i)) {
      const png = decode(bytes);
      const px = Uint8Array.from(png.data as Uint8Array);
      for (let y = 0; y < plan.size; y++)
        for (let x = 0; x < plan.size; x++) px[(plan.top + y) * 28 + plan.left + x] = mask[y * plan.size + x];
      bytes = encode({ width: 28, height: 28, data: px, channels: 1, depth: 8 });
      label = plan.target;
    }
    outImages.push(bytes);
    outLabels.push(label);
  });
  const out = new Table({
    id: vectorFromArray(
      src.map((_, i) => i),
      new Int32(),
    ),
    image: vectorFromArray(outImages, new Binary()),
    label: vectorFromArray(outLabels, new Utf8()),
  });
  return { arrow: tableToIPC(out, 'file'), poisoned };
}
