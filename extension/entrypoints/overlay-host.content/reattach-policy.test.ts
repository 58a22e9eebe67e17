import { describe, expect, it } from 'vitest';
import { ReattachPolicy } from './reattach-policy';

describe('the re-attach policy', () => {
  const budget = { attempts: 3, windowMs: 1_000 };

  it('re-attaches up to the budget within the window, then gives up', () => {
    const policy = new ReattachPolicy(budget);
    expect([0, 10, 20].map((at) => policy.allow(at))).toEqual([true, true, true]);
    expect(policy.allow(30)).toBe(false);
  });

  it('forgets attempts older than the window (a page that removed us once long ago is fine)', () => {
    const policy = new ReattachPolicy(budget);
    for (const at of [0, 10, 20]) policy.allow(at);
    expect(policy.allow(1_015)).toBe(true);
    expect(policy.allow(1_016)).toBe(true);
  });

  it('keeps refusing while the page keeps fighting', () => {
    const policy = new ReattachPolicy(budget);
    const verdicts = Array.from({ length: 10 }, (_, index) => policy.allow(index * 50));
    expect(verdicts.filter(Boolean)).toHaveLength(3);
    expect(verdicts.slice(3).every((verdict) => !verdict)).toBe(true);
  });
});
