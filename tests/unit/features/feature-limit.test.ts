// The feature-matrix limit: data too big to featurise stops the scan with one clear line instead
// of an allocation failure.
import { describe, expect, it } from 'vitest';
import { checkFeatureSize } from '../../../src/core/features/featurize';

describe('feature size limit', () => {
  it('60,000 images fit; 3 million rows of hashed text do not, with a clear message', () => {
    expect(() => checkFeatureSize('fashion.arrow', 60_000, 784)).not.toThrow();
    expect(() => checkFeatureSize('big.csv', 3_000_000, 256)).toThrow(
      '3,000,000 rows × 256 features take 2929.7 MB, over the 2048 MB feature limit; scan a sample of the rows',
    );
  });
});
