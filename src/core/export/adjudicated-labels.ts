// The adjudicated labels of a label-QA scan as CSV: per item its id, the majority vote, the
// consensus (the default decision) with its probability, the review status, and the final label:
// the reviewer's relabel where there is one, none for a quarantined item, else the consensus.
import { csvRow } from '../report/csv';
import type { ReviewState } from '../review/journal';
import { STATUS_NAMES } from '../review/journal';
import type { Cell, Frame, ScanResult } from '../types';

export function adjudicatedCsv(
  result: ScanResult,
  review: Pick<ReviewState, 'status' | 'label'> | null,
): string {
  const qa = result.labelQa;
  if (!qa) throw new Error('the scan has no judgements of several annotators to adjudicate');
  const name = (k: number) => (k >= 0 ? qa.classes[k] : '');
  const lines = [
    csvRow(['item', 'majority', 'consensus', 'consensus_probability', 'review_status', 'final_label']),
  ];
  for (let i = 0; i < result.n; i++) {
    const status = STATUS_NAMES[review?.status[i] ?? 0];
    const consensus = name(qa.consensus[i]);
    const final =
      status === 'quarantined' ? '' : status === 'relabelled' ? (review?.label[i] ?? consensus) : consensus;
    lines.push(
      csvRow([
        result.ids[i],
        name(qa.firstLabels[i]),
        consensus,
        qa.consensus[i] >= 0 ? Number(qa.quality[i].toFixed(4)) : '',
        status,
        final,
      ]),
    );
  }
  return lines.join('\n') + '\n';
}

/**
 * The table with the consensus as its label (what the detectors ran on), for the cleaned exports:
 * the loaded label column holds the majority vote the probe trained on.
 */
export function withConsensusLabels(frame: Frame, labelColumn: string, result: ScanResult): Frame {
  const qa = result.labelQa;
  if (!qa) return frame;
  return {
    ...frame,
    columns: frame.columns.map((c) =>
      c.name === labelColumn
        ? {
            ...c,
            type: 'string',
            values: Array.from(qa.consensus, (k, i) =>
              k >= 0 ? qa.classes[k] : ((c.values as Cell[])[i] ?? null),
            ),
          }
        : c,
    ),
  };
}
