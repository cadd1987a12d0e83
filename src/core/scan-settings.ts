// A scan's full settings from what a caller gives: the page's worker and `scan` fill in the
// defaults the same way.
import type { ScanSettings } from './types';

/** Every setting's default: what `assay scan` and the page use unless told otherwise. */
export const defaultSettings: ScanSettings = {
  seed: 1,
  folds: 4,
  k: 10,
  epochs: 0,
  roles: {},
  embeddingSource: 'probe',
};

/** `partial` over the defaults; the roles object is copied so the caller's stays untouched. */
export function scanSettings(partial: Partial<ScanSettings> = {}): ScanSettings {
  return { ...defaultSettings, ...partial, roles: { ...partial.roles } };
}
