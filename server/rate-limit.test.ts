import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit.js';

describe('rate limiter', () => {
  it('allows a burst of max, then refills over the window', () => {
    let now = 0;
    const limiter = createRateLimiter({ max: 2, windowS: 10 }, () => now);
    expect([limiter.take('k'), limiter.take('k'), limiter.take('k')]).toEqual([true, true, false]);
    expect(limiter.take('other')).toBe(true);
    now = 5_000; // half a window: one token back
    expect([limiter.take('k'), limiter.take('k')]).toEqual([true, false]);
    limiter.reset('k');
    expect(limiter.take('k')).toBe(true);
  });
});
