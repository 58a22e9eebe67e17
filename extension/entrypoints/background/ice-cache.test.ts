import { describe, expect, it, vi } from 'vitest';
import { IceServerCache } from './ice-cache';

const answer = (n: number) => ({
  iceServers: [{ urls: [`stun:s${n}`] }],
  ttl: 600,
  iceTransportPolicy: 'all' as const,
});

describe('IceServerCache', () => {
  it('reuses an answer for half its ttl, refreshing in the background after a quarter', async () => {
    let now = 0;
    let n = 0;
    const fetch = vi.fn(async () => answer(++n));
    const cache = new IceServerCache(fetch, () => now);
    expect((await cache.get())?.iceServers[0]?.urls).toEqual(['stun:s1']);
    now = 100_000; // < ttl/4: no request
    expect((await cache.get())?.iceServers[0]?.urls).toEqual(['stun:s1']);
    expect(fetch).toHaveBeenCalledTimes(1);
    now = 200_000; // > ttl/4: served from the cache, refreshed behind it
    expect((await cache.get())?.iceServers[0]?.urls).toEqual(['stun:s1']);
    await Promise.resolve();
    expect(fetch).toHaveBeenCalledTimes(2);
    await cache.get();
    now = 200_000 + 301_000; // past ttl/2 of the refreshed answer: waits for a fresh one
    expect((await cache.get())?.iceServers[0]?.urls).toEqual(['stun:s3']);
  });

  it('does not cache a failure, and shares one request among concurrent callers', async () => {
    const fetch = vi.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValue(answer(1));
    const cache = new IceServerCache(fetch);
    expect(await cache.get()).toBeNull();
    const [a, b] = await Promise.all([cache.get(), cache.get()]);
    expect(a).toEqual(b);
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});
