// A scan's full settings from what a caller gives: the page's worker and `scan` fill in the
// defaults the same way.
import { defaultSettings } from './inspect';
import type { ScanSettings } from './types';

/** `partial` over the defaults; the roles object is copied so the caller's stays untouched. */
export function scanSettings(partial: Partial<ScanSettings> = {}): ScanSettings {
  return { ...defaultSettings, ...partial, roles: { ...partial.roles } };
}
