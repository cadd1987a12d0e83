// Load limits: a hostile or accidental file must fail with a clear message instead of
// exhausting memory in the page's worker.

export interface LoadOptions {
  /** Most data rows accepted (default 50,000,000). */
  maxRows?: number;
  /** Most columns accepted (default 5,000). */
  maxColumns?: number;
  /** Largest single cell in bytes (default 10 MB). */
  maxCellBytes?: number;
  /**
   * Most characters of text a CSV/TSV load keeps in its string columns (default 1,000,000,000).
   * Numbers cost 8 bytes however long they are written, but kept text lives in the JavaScript
   * heap, which is 4 GB in Chromium and Node: a load that would need more stops with this limit's
   * message instead of the tab or process running out of memory.
   */
  maxTextChars?: number;
  /** Largest image (width × height) accepted (default 64M pixels). */
  maxImagePixels?: number;
  /**
   * How images are checked at load: 'full' inflates every PNG (catches corrupt IDAT data,
   * ~30 µs per 28×28 image), 'header' only reads the header. Default 'full'.
   */
  validateImages?: 'full' | 'header';
  /** Which split of a Hugging Face dataset with several to load (default "train", else the first). */
  split?: string;
}

export type Limits = Required<Omit<LoadOptions, 'split'>>;

export const defaultLimits: Limits = {
  maxRows: 50_000_000,
  maxColumns: 5_000,
  maxCellBytes: 10 * 1024 * 1024,
  maxTextChars: 1_000_000_000,
  maxImagePixels: 64 * 1024 * 1024,
  validateImages: 'full',
};

export function resolveLimits(opts: LoadOptions = {}): Limits {
  const out = { ...defaultLimits };
  for (const key of Object.keys(defaultLimits) as (keyof Limits)[]) {
    if (opts[key] !== undefined) (out as Record<string, unknown>)[key] = opts[key];
  }
  return out;
}

/** "10 MB", "5,000": limits are shown to people, so keep them readable. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
