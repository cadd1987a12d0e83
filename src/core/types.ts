import type { LabelQaResult } from './consensus/label-qa-result';

// Shared types of the engine. Everything here is plain data so it crosses the worker
// boundary (structured clone) and runs in Node unchanged.

/** One cell as the loaders hand it over: missing values are `null`. */
export type Cell = string | number | boolean | Uint8Array | Float32Array | null;

export type ColumnType = 'number' | 'string' | 'bool' | 'binary' | 'vector';

/** A column of a loaded dataset. `values` is indexed by row. */
export interface Column {
  name: string;
  type: ColumnType;
  values: Cell[] | Float64Array;
  /** The role the file's own schema declares (a Hugging Face feature); inference starts from it. */
  hint?: Role;
  /** Class names the schema declares for this column, in index order (a ClassLabel). */
  classNames?: string[];
}

/** A loaded table: columns of equal length. Number columns use Float64Array with NaN = missing. */
export interface Frame {
  columns: Column[];
  numRows: number;
}

export interface InputFile {
  name: string;
  bytes: number;
  sha256: string;
}

/** One split of a Hugging Face dataset and its shard files (paths as given). */
export interface SplitFiles {
  name: string;
  shards: string[];
}

/** A problem found while loading that did not stop the load (shown to the user, kept in the report). */
export interface LoadWarning {
  file: string;
  message: string;
}

export interface LoadedDataset {
  /** Display name: the main file's name. */
  name: string;
  /** Detected format of the main file. */
  format:
    'arrow' | 'arrow-stream' | 'parquet' | 'csv' | 'tsv' | 'json' | 'jsonl' | 'zip' | 'images' | 'webdataset';
  frame: Frame;
  /** A Hugging Face dataset with several splits: each split's shard files, and the one loaded. */
  splits?: SplitFiles[];
  split?: string;
  files: InputFile[];
  warnings: LoadWarning[];
  /** Rows that could not be read (e.g. an undecodable image), with why. They stay in the frame. */
  rowErrors: { row: number; message: string }[];
}

export type Role =
  | 'id'
  | 'item'
  | 'label'
  | 'annotator'
  | 'image'
  | 'text'
  | 'numeric'
  | 'categorical'
  | 'embedding'
  | 'ignore';

/** Column name -> role. Every column of the frame has exactly one role. */
export type Roles = Record<string, Role>;

/** What the user may override before a scan (CLI flags, the page's role editor). */
export interface RoleOverrides {
  id?: string;
  /** The item a judgement row belongs to (several annotators' judgements of one item, long format). */
  item?: string;
  /**
   * How judgements of several annotators are laid out (annotations/judgement-input.ts);
   * absent: inferred; 'none': the table is read as one label per row.
   */
  judgements?: 'long' | 'wide' | 'label-studio' | 'none';
  label?: string;
  annotator?: string;
  image?: string;
  text?: string[];
  embedding?: string;
  ignore?: string[];
}

/**
 * Bad input that stops the load. `file` names the file, `message` the problem, in one line.
 * Callers print `${file}: ${message}`; never a stack trace.
 */
export class InputError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
  get line(): string {
    return `${this.file}: ${this.message}`;
  }
}

/** Thrown when the user cancels a running scan. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/** Progress of a long step, reported to the page and the CLI. `fraction` in [0, 1]. */
export interface Progress {
  stage: string;
  fraction: number;
  detail?: string;
}

export type ProgressFn = (p: Progress) => void;

/** Options every long-running engine function takes. */
export interface RunControl {
  onProgress?: ProgressFn;
  /** Polled between steps; when it returns true the function throws CancelledError. */
  isCancelled?: () => boolean;
  /**
   * Builds the scan's input graph on another thread (a worker), so it runs while the probe
   * trains. Absent: the scan builds it in its own thread. Either way the graph is the same.
   */
  inputGraph?: InputGraphRunner;
}

/** The input graph's job (layout/input-graph.ts): PCA of the n × (x.length / n) features, kNN. */
export interface InputGraphJob {
  x: Float32Array;
  n: number;
  k: number;
  seed: number;
}

export interface InputGraphDone {
  graph: KnnGraph;
  /** Time the PCA and the kNN graph took where they ran. */
  pcaMs: number;
  knnMs: number;
}

/**
 * Builds the input graph on another thread: resolves with computeInputGraph(job)'s result
 * (layout/input-graph.ts), reading `job.x` (never writing it) until the promise settles. Rejects
 * when it cannot: the scan then builds the graph itself. `signal` aborts when the scan no longer
 * needs the result (cancelled or failed).
 */
export type InputGraphRunner = (job: InputGraphJob, signal: AbortSignal) => Promise<InputGraphDone>;

/** Everything the detectors consume: the output of the probe model stage. */
export interface DetectorInputs {
  n: number;
  /** Number of classes. */
  c: number;
  /** Class names, index = class id. */
  classes: string[];
  /** Given label per sample as a class index; -1 = missing. */
  labels: Int32Array;
  /** Out-of-fold predicted probabilities, row-major N×C. */
  probs: Float32Array;
  /** Embeddings (penultimate layer), row-major N×dim. */
  embeddings: Float32Array;
  dim: number;
  /** Shared kNN graph over the embeddings: N×k neighbour indices (self excluded) and distances. */
  knn: KnnGraph;
  /**
   * kNN graph over the raw input features (PCA-reduced), independent of the probe model: what the
   * data itself says is similar, before any learned shortcut. Null when not computed.
   */
  inputKnn: KnnGraph | null;
  /** Content hash per sample (of its feature cells, not the label or id), for exact duplicates. */
  contentHash: string[];
  /** Annotator per sample, or null when the data has no annotator column. */
  annotators: (string | null)[] | null;
  /**
   * The raw features the input graph was built from (row-major N×dim, before its PCA: pixels,
   * TF-IDF, standardised numbers). Absent where a caller has none (the input graph then is the
   * only view of the inputs).
   */
  inputFeatures?: () => { data: Float32Array; dim: number };
}

export interface KnnGraph {
  k: number;
  /** N×k neighbour indices, nearest first, self excluded. */
  indices: Int32Array;
  /** N×k Euclidean distances matching `indices`. */
  distances: Float32Array;
}

/**
 * Why a detector flagged a sample: which detector, a short tag the line starts with
 * ("spectral", "label issue", "annotator a4"; empty when the line has none), the rest of the
 * sentence, and the numbers in it. Written out as `tag: text` (report/reasons.ts).
 */
export interface Reason {
  detector: string;
  tag: string;
  text: string;
  values?: Record<string, number>;
}

/**
 * What a per-class detector concluded about one class. `kind` is its verdict ('undecided': too
 * few samples or no variance to decide), `text` the evidence. Written out as `kind: text`, or the
 * text alone when undecided (report/reasons.ts).
 */
export interface ClassVerdict {
  detector: string;
  class: string;
  kind: 'suspect' | 'clean' | 'undecided';
  text: string;
  values?: Record<string, number>;
}

/** What a detector that judges annotators found: the per-annotator table and the suspects. */
export interface AnnotatorFindings {
  table: AnnotatorSummary[];
  suspect: string[];
}

/** What one detector returns. Higher score = more suspect. `D` is its own details' shape. */
export interface DetectorResult<D extends object = object> {
  name: string;
  /** One score per sample, finite, comparable within this detector. */
  scores: Float32Array;
  /** 1 = flagged by this detector's own rule. */
  flagged: Uint8Array;
  /** Why, per flagged sample (null when not flagged). */
  reasons: (Reason | null)[];
  /**
   * Where present, which of its flagged samples the evidence confirms: a flagged sample marked 0
   * here is ambiguous (shown, ranked, but not flagged by the combined rule; detect/combine.ts).
   * Confident learning's flags on overlapping classes, see detect/label-evidence.ts.
   */
  confirmed?: Uint8Array;
  /** Detector parameters actually used (for the report). */
  params: Record<string, unknown>;
  /** One verdict per class, from detectors that judge classes (the per-class table). */
  classVerdicts?: ClassVerdict[];
  /** From detectors that judge annotators (the per-annotator table, the CI gate, the audit). */
  annotatorFindings?: AnnotatorFindings;
  /** Anything that explains the verdict, as report.json records it. */
  details?: D;
}

/** Severity of a finding in the audit report. */
export type FindingSeverity = 'high' | 'medium' | 'low' | 'info';

/**
 * What a detector says about itself, as plain data: the page gets it with the scan result
 * (ScanResult.detectorInfo), the report and the audit read it from there.
 */
export interface DetectorInfo {
  name: string;
  /** Short title: histograms, per-class table. */
  title: string;
  /** One line: what it measures (the report's list of checks). */
  description: string;
  /** What its flag means, in a sentence for a reader who is not an ML engineer (the audit). */
  explanation: string;
  /** Severity of its finding in the audit when it flags anything. */
  severity: FindingSeverity;
  /** The MITRE ATLAS techniques its flags are evidence of (report/atlas.ts), id and name. */
  atlas?: readonly { id: string; name: string }[];
}

/** How a detector's evidence enters the combined suspicion (detect/combine.ts). */
export interface DetectorWeighting {
  /** Reliability weight of its evidence, in (0, 1]. */
  weight: number;
  /**
   * Detectors that look at the same thing share a family; within a family only the strongest
   * evidence counts. Absent: a family of its own.
   */
  family?: string;
  /**
   * What its own flag means for the combined flag: 'group', a coordinated group (the top tier);
   * 'single', a finding of its own (the middle tier); 'evidence', supporting evidence only (its
   * flag alone does not flag a sample).
   */
  flag: 'group' | 'single' | 'evidence';
}

/** Everything about a detector except how it runs: the registry, combine, report and page read it. */
export type DetectorDefinition = DetectorInfo & DetectorWeighting;

export interface Detector<D extends object = object> extends DetectorDefinition {
  run(inputs: DetectorInputs): DetectorResult<D>;
}

/** Images the scan featurised: n×h×w×c, values in [0, 1]. */
export interface ImageInputs {
  x: Float32Array;
  shape: readonly number[];
}

/**
 * A detector that runs after the others, on image data only: it reads their results (`prior`) and
 * the images themselves.
 */
export interface ImageDetector<D extends object = object> extends DetectorDefinition {
  run(inputs: DetectorInputs, images: ImageInputs, prior: readonly DetectorResult[]): DetectorResult<D>;
}

export type BackendName = 'webgpu' | 'wasm' | 'webgl' | 'cpu';

/** Settings of one scan. Every field has a default (see `defaultSettings` in scan-settings.ts). */
export interface ScanSettings {
  seed: number;
  /** K of K-fold out-of-fold training. */
  folds: number;
  /** Neighbours in the shared kNN graph. */
  k: number;
  /** Training epochs per fold (0 = choose by data size). */
  epochs: number;
  roles: RoleOverrides;
  /**
   * Where embeddings come from: the probe's penultimate layer, a column of the data, or the
   * user's own tfjs LayersModel (`userModel`).
   */
  embeddingSource: 'probe' | 'column' | 'model';
  /**
   * Data whose only features are an embedding column is scanned on it without training the probe
   * past this many rows (default scan/features.ts PROBE_MAX_ROWS, 200,000).
   */
  probeMaxRows?: number;
  userModel?: UserModelFiles;
  /**
   * Rule checks (src/core/rules): the rules file's text and name. The scan checks them against
   * the labels and the model; a row a precise rule contradicts is evidence in the suspicion.
   */
  rules?: RulesText;
}

/** A rules file as text (JSON or YAML; grammar in src/core/rules/parser.ts). */
export interface RulesText {
  /** The file's name (for errors and the report). */
  name: string;
  text: string;
}

/** A tfjs LayersModel as files: model.json's text and its weight files by name. */
export interface UserModelFiles {
  /** Name of the model.json file (for messages). */
  name: string;
  json: string;
  /** Weight files by file name (model.json's weightsManifest paths, basename matched). */
  weights: Record<string, Uint8Array>;
}

export interface AnnotatorSummary {
  annotator: string;
  items: number;
  /** Items of this annotator flagged by the combined rule. */
  flagged: number;
  /** Share of this annotator's items whose label the model (out-of-fold) disagrees with. */
  modelDisagreement: number;
  /** Share of this annotator's items whose label most kNN neighbours disagree with. */
  neighbourDisagreement: number;
  /** Suspicion of the annotator: higher = worse; the array is sorted by it, descending. */
  score: number;
}

export interface ClassSummary {
  label: string;
  count: number;
  flagged: number;
  /** What the per-class detectors concluded (e.g. activation clustering's split), in detector order. */
  verdicts: ClassVerdict[];
}

/** The engine's whole answer for one dataset. Typed arrays are row-aligned with the frame. */
export interface ScanResult {
  n: number;
  ids: string[];
  classes: string[];
  labels: Int32Array;
  predicted: Int32Array;
  probs: Float32Array;
  /** Embeddings (penultimate layer), N×dim. Not in the page's copy (PageScanResult). */
  embeddings: Float32Array;
  dim: number;
  knn: KnnGraph;
  detectors: DetectorResult[];
  /** What each registered detector says about itself (titles, explanations), for the page and the audit. */
  detectorInfo: DetectorInfo[];
  /** Combined suspicion in [0, 1]. */
  suspicion: Float32Array;
  /** Row indices by suspicion, most suspicious first (report/ranking.ts). */
  ranking: Uint32Array;
  flagged: Uint8Array;
  /**
   * 1 = ambiguous: a detector's rule picked it, but the evidence is weak (natural class overlap,
   * where the model and the look-alikes are unsure too). Never also flagged. Absent in results
   * made before it existed.
   */
  ambiguous?: Uint8Array;
  /** Why each flagged sample is flagged (empty when not flagged). */
  reasons: (readonly Reason[])[];
  annotators: AnnotatorSummary[];
  /** Annotator of each sample (row-aligned); null or absent when the data names none. */
  sampleAnnotators?: (string | null)[] | null;
  perClass: ClassSummary[];
  backend: BackendName;
  settings: ScanSettings;
  /** Stage name -> milliseconds. */
  timings: Record<string, number>;
  warnings: string[];
  /** Several annotators' judgements per item: the consensus, annotator records, disputes. */
  labelQa?: LabelQaResult;
}

/** A list of strings as their UTF-8 bytes one after another and each one's end there (workers/transfer-copy.ts). */
export interface PackedStrings {
  bytes: Uint8Array;
  /** Where each string ends in `bytes`; string i starts where string i − 1 ends. */
  ends: Uint32Array;
}

/** A detector's result as the page receives it: the page shows the combined reasons only. */
export type PageDetectorResult = Omit<DetectorResult, 'reasons'>;

/**
 * The page's copy of a ScanResult. It has no embeddings (the engine worker hands them to the
 * layout worker itself), no per-detector reasons (one string per sample per detector to clone,
 * for text the page never shows), and the ids and combined reasons packed as UTF-8 bytes; the
 * worker keeps the whole result for exports and the audit.
 */
export interface PageScanResult extends Omit<ScanResult, 'embeddings' | 'detectors' | 'reasons' | 'ids'> {
  detectors: PageDetectorResult[];
  /** Every row's id, packed (state/result-rows.ts rowId reads one). */
  packedIds: PackedStrings;
  /**
   * Every row's reasons as JSON text, packed (empty where a row has none), parsed when the row is
   * shown (state/result-rows.ts rowReasons): two typed arrays clone far faster than the same
   * reasons as objects or a string per row, and the page shows a few dozen rows at a time.
   */
  packedReasons: PackedStrings;
}

/**
 * An input file as the engine sees it, in the page (a File) and in Node (a path).
 * `name` is the path relative to what the user dropped ("cats/001.png" for a folder).
 */
export interface SourceFile {
  name: string;
  size: number;
  /** The whole content. */
  bytes(): Promise<Uint8Array>;
  /** The content in chunks, for hashing and streaming parsers without holding it twice. */
  stream(): AsyncIterable<Uint8Array>;
  /**
   * Bytes [start, end) without reading the rest, where the source can (a file on disk): Parquet
   * reads its footer and then one row group's columns at a time.
   */
  slice?(start: number, end: number): Promise<Uint8Array>;
}

/** What the page needs to show a loaded dataset before and after the scan (no big arrays). */
export interface DatasetSummary {
  name: string;
  format: LoadedDataset['format'];
  numRows: number;
  /** `classes`: the class names a schema declares for the column (a Hugging Face ClassLabel). */
  columns: { name: string; type: ColumnType; role: Role; classes?: string[] }[];
  /** A Hugging Face dataset with several splits: each split's shards, and the one loaded. */
  splits?: SplitFiles[];
  split?: string;
  files: InputFile[];
  warnings: LoadWarning[];
  rowErrors: { row: number; message: string }[];
  /** SHA-256 identifying the dataset (of the main file, or of the sorted file hashes). */
  datasetHash: string;
  /** Several annotators' judgements of each row (label QA): how they were read and how many. */
  judgements?: JudgementsSummary;
}

export interface JudgementsSummary {
  format: 'long' | 'wide' | 'label-studio';
  /** The file they were read from. */
  source: string;
  items: number;
  annotators: number;
  judgements: number;
  classes: string[];
}

/** A scan as the page receives it from the engine worker (see PageScanResult). */
export interface PageScanOutput {
  dataset: DatasetSummary;
  result: PageScanResult;
}
