import { describe, expect, it } from 'vitest';
import { promptCollection, promptUntilCollected } from '../../../workers/prompt-collection';

describe('promptCollection', () => {
  it('allocates 128 MB it never touches: past the 64 MB that triggers a collection, at no resident cost', () => {
    const before = process.memoryUsage().rss;
    expect(promptCollection()).toBe(128 * 1024 * 1024);
    // Untouched pages are not resident (a touched buffer would add 128 MB here).
    expect(process.memoryUsage().rss - before).toBeLessThan(32 * 1024 * 1024);
  });

  it('prompts again until the dropped matrices are collected, and gives up after its tries', async () => {
    let left = 2;
    const once = await promptUntilCollected(() => left-- > 0, { everyMs: 1 });
    expect(once).toEqual({ prompts: 2, collected: true });
    expect(await promptUntilCollected(() => false)).toEqual({ prompts: 0, collected: true });
    expect(await promptUntilCollected(() => true, { tries: 3, everyMs: 1 })).toEqual({
      prompts: 3,
      collected: false,
    });
  });
});
