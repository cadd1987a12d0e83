import { describe, expect, it } from 'vitest';
import { detectors, imageDetectors } from '../../../src/core/detect/registry';
import {
  ATLAS,
  ATLAS_VERSION,
  atlasTags,
  DETECTOR_ATLAS,
  FINDING_ATLAS,
  FINDING_KINDS,
  formatTechnique,
} from '../../../src/core/report/atlas';
import { RULES_DETECTOR } from '../../../src/core/rules';

describe('MITRE ATLAS tags', () => {
  it('every registered detector and the rule checks have at least one technique', () => {
    const names = [...detectors, ...imageDetectors].map((d) => d.name);
    expect(names.length).toBeGreaterThanOrEqual(9);
    for (const name of [...names, RULES_DETECTOR]) expect(DETECTOR_ATLAS[name], name).toBeDefined();
    for (const name of [...names, RULES_DETECTOR]) expect(atlasTags(name).length, name).toBeGreaterThan(0);
    // No stale entries for detectors that no longer exist.
    expect(Object.keys(DETECTOR_ATLAS).sort()).toEqual([...names, RULES_DETECTOR].sort());
  });

  it('every finding kind has an entry; all but a conflict between rules name a technique', () => {
    expect(Object.keys(FINDING_ATLAS).sort()).toEqual([...FINDING_KINDS].sort());
    for (const kind of FINDING_KINDS)
      if (kind !== 'rule-conflict') expect(FINDING_ATLAS[kind].length, kind).toBeGreaterThan(0);
  });

  it('uses only well-formed ids from its own technique list, with names', () => {
    const known = new Set<string>(Object.values(ATLAS).map((t) => t.id));
    for (const t of [...Object.values(DETECTOR_ATLAS), ...Object.values(FINDING_ATLAS)].flat()) {
      expect(t.id).toMatch(/^AML\.T\d{4}(\.\d{3})?$/);
      expect(known.has(t.id)).toBe(true);
      expect(t.name.length).toBeGreaterThan(3);
    }
    expect(ATLAS_VERSION).toBe('5.6.0');
    expect(formatTechnique(ATLAS.poisonTrainingData)).toBe('AML.T0020 Poison Training Data');
    expect(atlasTags('confirmed-backdoor').map((t) => t.id)).toEqual(['AML.T0018.000', 'AML.T0020']);
    expect(atlasTags('url-hash-mismatch').map((t) => t.id)).toContain('AML.T0010.002');
    expect(atlasTags('no-such-thing')).toEqual([]);
  });
});
