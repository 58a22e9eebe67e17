import { RateLimiterMemory } from 'rate-limiter-flexible';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { leasedConsumer, maxLeasePoints } from './leased-limiter.js';

/** One store (Redis in production) shared by the consumers made from it: each consumer is a node. */
function sharedStore(points: number, duration = 60) {
  const store = new RateLimiterMemory({ points, duration });
  const consume = vi.spyOn(store, 'consume');
  return { store, consume };
}

async function takes(take: () => Promise<boolean>, count: number): Promise<boolean[]> {
  const answers: boolean[] = [];
  for (let i = 0; i < count; i++) answers.push(await take());
  return answers;
}

afterEach(() => vi.useRealTimers());

describe('leasedConsumer', () => {
  it('spends a call burst of 20 signals in a few store commands, not 20', async () => {
    const { store, consume } = sharedStore(200);
    const node = leasedConsumer(store);
    expect(await takes(() => node.take('alice|call'), 20)).toEqual(Array(20).fill(true));
    expect(consume.mock.calls.length).toBeLessThanOrEqual(5);
    // What the store counted covers every take (never fewer points than were spent).
    const counted = (await store.get('alice|call'))?.consumedPoints ?? 0;
    expect(counted).toBeGreaterThanOrEqual(20);
    expect(counted).toBeLessThan(20 + maxLeasePoints);
  });

  it('is exact near the limit: a budget of 5 over two nodes allows 5, then refuses', async () => {
    const { store, consume } = sharedStore(5);
    const nodes = [leasedConsumer(store), leasedConsumer(store)];
    let turn = 0;
    const answers = await takes(() => nodes[turn++ % 2]!.take('k'), 8);
    expect(answers).toEqual([true, true, true, true, true, false, false, false]);
    // Every take went to the store: each lease was one point.
    expect(consume.mock.calls.every(([, points]) => points === 1)).toBe(true);
  });

  it('never allows more than the budget, however the takes are spread over three nodes', async () => {
    const { store } = sharedStore(100);
    const nodes = [leasedConsumer(store), leasedConsumer(store), leasedConsumer(store)];
    const answers = await Promise.all(Array.from({ length: 160 }, (_, i) => nodes[i % 3]!.take('k')));
    const allowed = answers.filter(Boolean).length;
    expect(allowed).toBeLessThanOrEqual(100);
    // Points leased and not used are lost for the window, but only a few per node.
    expect(allowed).toBeGreaterThanOrEqual(100 - 3 * maxLeasePoints);
  });

  it('concurrent takes on one node share the lease on its way instead of each asking the store', async () => {
    const { store, consume } = sharedStore(200);
    const node = leasedConsumer(store);
    await node.take('k'); // the first take of a window learns what is left
    consume.mockClear();
    const answers = await Promise.all(Array.from({ length: 6 }, () => node.take('k')));
    expect(answers).toEqual(Array(6).fill(true));
    expect(consume).toHaveBeenCalledTimes(1);
  });

  it('a lease ends with the window: a new window starts with one point again', async () => {
    vi.useFakeTimers();
    const { store, consume } = sharedStore(200, 1);
    const node = leasedConsumer(store);
    await takes(() => node.take('k'), 3);
    vi.advanceTimersByTime(1_100);
    consume.mockClear();
    expect(await node.take('k')).toBe(true);
    expect(consume).toHaveBeenCalledWith('k', 1);
  });

  it('keys are separate budgets, and forget drops what this node holds', async () => {
    const { store, consume } = sharedStore(200);
    const node = leasedConsumer(store);
    await takes(() => node.take('a'), 3);
    expect(await node.take('b')).toBe(true);
    expect(consume).toHaveBeenLastCalledWith('b', 1);
    node.forget('a');
    await store.delete('a');
    consume.mockClear();
    expect(await node.take('a')).toBe(true);
    expect(consume).toHaveBeenCalledWith('a', 1);
  });

  it('a store failure (not a refusal) reaches the caller, which fails closed', async () => {
    const { store } = sharedStore(200);
    vi.spyOn(store, 'consume').mockRejectedValue(new Error('redis down'));
    await expect(leasedConsumer(store).take('k')).rejects.toThrow('redis down');
  });
});
