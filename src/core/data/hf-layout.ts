// Hugging Face dataset layouts, told from file names alone (pure, so the page can list the
// splits of a dropped folder before loading it):
//   - Hub Parquet shards: `data/<split>-00000-of-00003.parquet` (an optional `-<hash>` suffix),
//     also the older `<config>/<split>/0000.parquet`;
//   - `save_to_disk` folders: `data-00000-of-00001.arrow` (Arrow stream) beside `state.json` and
//     `dataset_info.json`; a DatasetDict has `dataset_dict.json` and one such folder per split.
import { basename, dirname } from './paths';

export interface HfSplit {
  /** The split's name ("train"; "<config>/train" when two configs share a split name). */
  name: string;
  kind: 'parquet' | 'arrow';
  /** Shard files in order. */
  shards: string[];
  /** Shards the numbering says exist but that were not given. */
  missing: string[];
  /** dataset_info.json that describes this split, if given. */
  info?: string;
}

export interface HfLayout {
  splits: HfSplit[];
  /** Files that belong to the layout without being data (dataset_info.json, state.json …). */
  sidecars: string[];
}

const NUMBERED = /^(.+?)-(\d{5})-of-(\d{5})(-[0-9a-f]{8,})?\.(parquet|arrow)$/;
const OLD_PARQUET = /^\d{4,5}\.parquet$/;
const SIDECAR = new Set(['dataset_info.json', 'state.json', 'dataset_dict.json']);

interface Group {
  key: string;
  split: string;
  config: string;
  kind: 'parquet' | 'arrow';
  shards: { name: string; index: number }[];
  of?: number;
  prefix?: string;
  suffix?: boolean;
}

export function hfLayout(names: readonly string[]): HfLayout | null {
  const set = new Set(names);
  const groups = new Map<string, Group>();
  const add = (key: string, g: Omit<Group, 'shards' | 'key'>, shard: { name: string; index: number }) => {
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { key, ...g, shards: [] }));
    group.shards.push(shard);
  };
  for (const name of names) {
    const dir = dirname(name);
    const base = basename(name);
    const m = NUMBERED.exec(base);
    if (m) {
      const [, stem, index, of, hash, ext] = m;
      const kind = ext === 'parquet' ? 'parquet' : 'arrow';
      // save_to_disk names its shards "data-…"; the split is its folder (or "train").
      const saved = kind === 'arrow' && stem === 'data';
      const split = saved ? savedSplitName(dir, set) : stem;
      const config = saved ? '' : dir.split('/').length > 1 ? basename(dirname(dir)) : '';
      add(
        `${dir}\u0000${stem}\u0000${kind}`,
        { split, config, kind, of: Number(of), prefix: dir ? `${dir}/${stem}` : stem, suffix: !!hash },
        { name, index: Number(index) },
      );
      continue;
    }
    if (OLD_PARQUET.test(base) && dir.includes('/')) {
      add(
        `${dir}\u0000old`,
        { split: basename(dir), config: basename(dirname(dir)), kind: 'parquet' },
        { name, index: parseInt(base, 10) },
      );
    }
  }
  if (groups.size === 0) return null;
  const splitCount = new Map<string, number>();
  for (const g of groups.values()) splitCount.set(g.split, (splitCount.get(g.split) ?? 0) + 1);
  const splits: HfSplit[] = [];
  for (const g of groups.values()) {
    g.shards.sort((a, b) => a.index - b.index || (a.name < b.name ? -1 : 1));
    const name = (splitCount.get(g.split) ?? 0) > 1 && g.config ? `${g.config}/${g.split}` : g.split;
    const dir = dirname(g.shards[0].name);
    splits.push({
      name: uniqueName(name, splits),
      kind: g.kind,
      shards: g.shards.map((s) => s.name),
      missing: missingShards(g),
      info: findInfo(dir, set),
    });
  }
  splits.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const sidecars = names.filter((n) => SIDECAR.has(basename(n)));
  return { splits, sidecars };
}

/** The split to load: the one asked for, else "train", else the first. */
export function pickSplit(layout: HfLayout, wanted?: string): HfSplit | undefined {
  if (wanted) return layout.splits.find((s) => s.name === wanted);
  return layout.splits.find((s) => s.name === 'train') ?? layout.splits[0];
}

/** The split names of a dropped set of files (empty when it is not a Hugging Face layout). */
export function splitNames(names: readonly string[]): string[] {
  return hfLayout(names)?.splits.map((s) => s.name) ?? [];
}

function savedSplitName(dir: string, names: Set<string>): string {
  const parent = dirname(dir);
  const dict = parent ? `${parent}/dataset_dict.json` : 'dataset_dict.json';
  if (dir && names.has(dict)) return basename(dir);
  return 'train';
}

function findInfo(dir: string, names: Set<string>): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    const candidate = d ? `${d}/dataset_info.json` : 'dataset_info.json';
    if (names.has(candidate)) return candidate;
    if (!d) return undefined;
  }
}

function missingShards(g: Group): string[] {
  if (g.of === undefined || g.prefix === undefined) return [];
  const have = new Set(g.shards.map((s) => s.index));
  const out: string[] = [];
  const pad = (k: number) => String(k).padStart(5, '0');
  for (let k = 0; k < g.of; k++) {
    if (!have.has(k)) out.push(`${g.prefix}-${pad(k)}-of-${pad(g.of)}${g.suffix ? '-…' : ''}.${g.kind}`);
  }
  return out;
}

function uniqueName(name: string, taken: HfSplit[]): string {
  let out = name;
  for (let k = 2; taken.some((s) => s.name === out); k++) out = `${name} (${k})`;
  return out;
}

/**
 * The files to load for one split: everything except the other splits' shards. Loading them
 * then reads that split (the page's split menu and the CLI's --split do this). An unknown split
 * is an error that lists the ones there are.
 */
export function filesForSplit<T extends { name: string }>(files: T[], split: string): T[] {
  const layout = hfLayout(files.map((f) => f.name));
  const names = layout?.splits.map((s) => s.name) ?? [];
  const chosen = layout?.splits.find((s) => s.name === split);
  if (!layout || !chosen) {
    const there = names.length ? `splits: ${names.join(', ')}` : 'not a Hugging Face dataset with splits';
    throw new Error(`no split "${split}" (${there})`);
  }
  const drop = new Set(layout.splits.filter((s) => s !== chosen).flatMap((s) => s.shards));
  return files.filter((f) => !drop.has(f.name));
}
