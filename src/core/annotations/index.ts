// Multi-annotator input: judgement tables from long and wide frames and Label Studio exports.
export { judgementCount, withClassOrder, type JudgementTable, type ParsedJudgements } from './judgements';
export { judgementsFromLong, type LongColumns } from './long-format';
export { judgementsFromWide, ANNOTATOR_COLUMN, type WideColumns } from './wide-format';
export { parseLabelStudioJson, type LabelStudioOptions } from './label-studio-json';
export { parseLabelStudioCsv, type LabelStudioCsvOptions } from './label-studio-csv';
export { parseChoicesConfig } from './label-studio-config';
export { resolveImage, type ImageRef } from './image-paths';
export type { LabelStudioItem, LabelStudioImport } from './label-studio-items';
