// Loads one split of a Hugging Face layout (hf-layout.ts): every shard parsed with its table
// loader, concatenated, then the dataset's features applied (ClassLabel names, Image structs,
// role hints) from the schema metadata or dataset_info.json.
import { InputError, type RunControl, type SourceFile } from '../types';
import { checkCancelled } from './control';
import { concatShards, type Shard } from './frame-concat';
import { applyFeatures, featuresFromInfo, featuresFromMeta } from './hf-features';
import type { HfSplit } from './hf-layout';
import type { Limits } from './limits';
import { parseTable } from './parse-table';
import type { Format } from './sniff';
import type { TableResult } from './table-result';

export interface SniffedFile {
  file: SourceFile;
  head: Uint8Array;
  format: Format;
}

export async function loadHfSplit(
  split: HfSplit,
  byName: Map<string, SniffedFile>,
  limits: Limits,
  control: RunControl,
): Promise<TableResult> {
  const shards: Shard[] = [];
  let rows = 0;
  for (const name of split.shards) {
    checkCancelled(control);
    const s = byName.get(name);
    if (!s) continue;
    const want = split.kind === 'parquet' ? ['parquet'] : ['arrow', 'arrow-stream'];
    if (!want.includes(s.format))
      throw new InputError(
        name,
        `not a readable ${split.kind === 'parquet' ? 'Parquet' : 'Arrow'} shard (it reads as ${s.format})`,
      );
    const result = await parseTable(s.file, s.head, s.format, limits, control);
    rows += result.frame.numRows;
    if (rows > limits.maxRows)
      throw new InputError(name, `more than ${limits.maxRows} rows in the split, over the limit`);
    shards.push({ name, result });
  }
  if (shards.length === 0) throw new InputError(split.shards[0] ?? '', 'no shard of the split could be read');
  const result = concatShards(shards);
  for (const m of split.missing)
    result.warnings.push(
      `${m} is missing from the numbered series; loaded ${shards.length} of ${shards.length + split.missing.length} shards`,
    );
  let features = featuresFromMeta(result.meta);
  if (!features && split.info) {
    const info = byName.get(split.info);
    if (info) features = featuresFromInfo(new TextDecoder().decode(await info.file.bytes()));
  }
  if (features) result.warnings.push(...applyFeatures(result.frame, features, split.shards[0]));
  return result;
}
