// WebDataset shards: tar files whose members are grouped into samples by key, the path up to
// the first dot of the file name ("000123.png" + "000123.cls" + "000123.json" = one sample).
// Images (.png/.jpg/.jpeg) become the image column, .cls the label (an integer), .txt text, and
// each top-level field of .json a column of its own (any of them can be chosen as the label).
// Shards are read member by member from their stream, never whole.
import { InputError, type Cell, type Column, type RunControl, type SourceFile } from '../types';
import { checkCancelled } from './control';
import { formatCount, type Limits } from './limits';
import { basename, dirname } from './paths';
import type { TableResult } from './table-result';
import { TarError, tarMembers } from './tar-stream';
import { inferValueColumn } from './values';

const IMAGE_EXT = new Set(['png', 'jpg', 'jpeg']);
const SHOWN = 3;

interface Sample {
  key: string;
  image: Uint8Array | null;
  cls: number | null;
  txt: string | null;
  json: Record<string, unknown> | null;
}

export async function webDatasetFrame(
  tars: SourceFile[],
  limits: Limits,
  control: RunControl = {},
): Promise<TableResult> {
  const samples: Sample[] = [];
  const warnings: string[] = [];
  const rowErrors: { row: number; message: string }[] = [];
  const badCls: string[] = [];
  const badJson: string[] = [];
  const ignored = new Map<string, number>();
  for (const tar of tars) {
    let current: Sample | null = null;
    const flush = () => {
      if (current) samples.push(current);
      current = null;
      if (samples.length > limits.maxRows)
        throw new InputError(tar.name, `more than ${formatCount(limits.maxRows)} samples, over the limit`);
    };
    try {
      let n = 0;
      for await (const m of tarMembers(tar.stream())) {
        if (++n % 1000 === 0) checkCancelled(control);
        const key = keyOf(m.name);
        if (key === null) continue;
        const ext = basename(m.name)
          .slice(basename(m.name).indexOf('.') + 1)
          .toLowerCase();
        if (!current || current.key !== key) {
          flush();
          current = { key, image: null, cls: null, txt: null, json: null };
        }
        const s: Sample = current;
        if (IMAGE_EXT.has(ext) && !s.image) s.image = m.data.slice();
        else if (ext === 'cls' || ext === 'cls2' || ext === 'label') {
          const t = new TextDecoder().decode(m.data).trim();
          if (/^[+-]?\d+$/.test(t)) s.cls = Number(t);
          else {
            badCls.push(`${tar.name}: ${m.name} ("${t.slice(0, 20)}")`);
            rowErrors.push({
              row: samples.length,
              message: `${tar.name}: ${m.name} is not a number; no label`,
            });
          }
        } else if (ext === 'txt') s.txt = new TextDecoder().decode(m.data);
        else if (ext === 'json') {
          try {
            const v: unknown = JSON.parse(new TextDecoder().decode(m.data));
            if (v && typeof v === 'object' && !Array.isArray(v)) s.json = v as Record<string, unknown>;
            else s.json = { json: v };
          } catch {
            badJson.push(`${tar.name}: ${m.name}`);
          }
        } else ignored.set(ext, (ignored.get(ext) ?? 0) + 1);
      }
      flush();
    } catch (e) {
      if (!(e instanceof TarError)) throw e;
      // Keep what was read before the damage; the sample the cut member belongs to is dropped.
      const cut = e.member !== undefined && current !== null && keyOf(e.member) === (current as Sample).key;
      if (!cut) flush();
      if (samples.length === 0) throw new InputError(tar.name, e.message);
      warnings.push(`${tar.name}: ${e.message}; the rest of this shard is skipped`);
    }
  }
  if (samples.length === 0)
    throw new InputError(tars[0]?.name ?? '', 'no WebDataset samples in the tar files');
  if (badCls.length)
    warnings.push(
      `${formatCount(badCls.length)} .cls files are not a number, their labels are missing: ${badCls.slice(0, SHOWN).join('; ')}${badCls.length > SHOWN ? '; …' : ''}`,
    );
  if (badJson.length)
    warnings.push(
      `${formatCount(badJson.length)} .json files do not parse and were ignored: ${badJson.slice(0, SHOWN).join('; ')}${badJson.length > SHOWN ? '; …' : ''}`,
    );
  if (ignored.size)
    warnings.push(
      `members with other extensions ignored: ${[...ignored].map(([e, k]) => `.${e} (${formatCount(k)})`).join(', ')}`,
    );
  return {
    frame: { columns: sampleColumns(samples, warnings), numRows: samples.length },
    warnings,
    rowErrors,
  };
}

/** "a/000123.seg.png" -> "a/000123" (null for a name without an extension). */
function keyOf(name: string): string | null {
  const base = basename(name);
  const dot = base.indexOf('.');
  if (dot <= 0) return null;
  return `${dirname(name) ? `${dirname(name)}/` : ''}${base.slice(0, dot)}`;
}

function sampleColumns(samples: Sample[], warnings: string[]): Column[] {
  const columns: Column[] = [{ name: 'key', type: 'string', values: samples.map((s) => s.key) }];
  if (samples.some((s) => s.image))
    columns.push({ name: 'image', type: 'binary', values: samples.map((s) => s.image) });
  if (samples.some((s) => s.cls !== null)) {
    const values = Float64Array.from(samples, (s) => (s.cls === null ? NaN : s.cls));
    columns.push({ name: 'label', type: 'number', values, hint: 'label' });
  }
  if (samples.some((s) => s.txt !== null))
    columns.push({ name: 'txt', type: 'string', values: samples.map((s) => s.txt), hint: 'text' });
  const fields: string[] = [];
  for (const s of samples)
    if (s.json) for (const k of Object.keys(s.json)) if (!fields.includes(k)) fields.push(k);
  for (const field of fields) {
    const taken = new Set(columns.map((c) => c.name));
    let name = field;
    for (let k = 2; taken.has(name); k++) name = `${field}_${k}`;
    const inferred = inferValueColumn(
      name,
      samples.map((s) => (s.json ? (s.json[field] as Cell | undefined) : null) ?? null),
    );
    if (inferred.warning) warnings.push(inferred.warning);
    columns.push(inferred.column);
  }
  return columns;
}
