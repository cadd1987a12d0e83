// A scan's settings: the defaults under what the caller gives, the roles copied.
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../src/core/scan-settings';
import { scanSettings } from '../../src/core/scan-settings';

describe('scanSettings', () => {
  it('fills in the defaults and copies the roles', () => {
    const roles = { label: 'y' };
    const settings = scanSettings({ seed: 5, roles });
    expect(settings).toEqual({ ...defaultSettings, seed: 5, roles: { label: 'y' } });
    expect(settings.roles).not.toBe(roles);
    expect(scanSettings()).toEqual(defaultSettings);
  });
});
