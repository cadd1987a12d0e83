// scores.csv: one row per sample — id, label, predicted, suspicion, flagged (suspected
// poisoning: a person should look), ambiguous (natural class overlap, 0/1), one column per
// detector score, reasons (why flagged, or why ambiguous). The page's export and the CLI write exactly this.
import type { ScanResult } from '../types';
import { csvRow } from './csv';
import { reasonsLine } from './reasons';

/** Detector scores are rounded: 6 significant digits are plenty to rank and keep files small. */
const round = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(6)) : 0);

export function scoresHeader(result: ScanResult): string[] {
  return [
    'id',
    'label',
    'predicted',
    'suspicion',
    'flagged',
    'ambiguous',
    ...result.detectors.map((d) => d.name),
    'reasons',
  ];
}

/** All rows, or only `rows` (a selection, in its order). */
export function scoresCsv(result: ScanResult, rows?: ArrayLike<number>): string {
  const lines = [csvRow(scoresHeader(result))];
  const order = rows ? Array.from(rows) : Array.from({ length: result.n }, (_, i) => i);
  for (const i of order) {
    const y = result.labels[i];
    lines.push(
      csvRow([
        result.ids[i],
        y >= 0 ? result.classes[y] : '',
        result.classes.length ? result.classes[result.predicted[i]] : '',
        round(result.suspicion[i]),
        result.flagged[i],
        result.ambiguous?.[i] ?? 0,
        ...result.detectors.map((d) => round(d.scores[i])),
        reasonsLine(result.reasons[i]),
      ]),
    );
  }
  return lines.join('\n') + '\n';
}
