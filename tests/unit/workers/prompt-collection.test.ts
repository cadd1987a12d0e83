import { describe, expect, it } from 'vitest';
import { promptCollection } from '../../../workers/prompt-collection';

describe('promptCollection', () => {
  it('allocates 128 MB it never touches: past the 64 MB that triggers a collection, at no resident cost', () => {
    const before = process.memoryUsage().rss;
    expect(promptCollection()).toBe(128 * 1024 * 1024);
    // Untouched pages are not resident (a touched buffer would add 128 MB here).
    expect(process.memoryUsage().rss - before).toBeLessThan(32 * 1024 * 1024);
  });
});
