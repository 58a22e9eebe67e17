import { describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../lib/log';
import type { LocalSignal } from '../../lib/messages';
import { RemoteSignalQueue } from './remote-signal-queue';

const candidate = (n: number): LocalSignal => ({ candidate: { candidate: `candidate:${n}`, sdpMid: '0' } });
const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() } as unknown as Logger;

describe('RemoteSignalQueue', () => {
  it('applies batches in the order they came, a later one only after the earlier one is done', async () => {
    const applied: string[] = [];
    const queue = new RemoteSignalQueue(async (signal) => {
      // The first signal is the slowest: a later batch must still wait for it.
      await new Promise((resolve) => setTimeout(resolve, signal === first[0] ? 20 : 0));
      applied.push(signal.candidate?.candidate ?? '');
    }, log);
    const first = [candidate(1), candidate(2)];
    queue.push(first);
    queue.push([candidate(3)]);
    await vi.waitFor(() => expect(applied).toHaveLength(3));
    expect(applied).toEqual(['candidate:1', 'candidate:2', 'candidate:3']);
  });

  it('logs a signal that cannot be applied and applies the ones after it', async () => {
    const applied: string[] = [];
    const queue = new RemoteSignalQueue(async (signal) => {
      if (signal.candidate?.candidate === 'candidate:1') throw new Error('bad candidate');
      applied.push(signal.candidate?.candidate ?? '');
    }, log);
    queue.push([candidate(1), candidate(2)]);
    queue.push([candidate(3)]);
    await vi.waitFor(() => expect(applied).toEqual(['candidate:2', 'candidate:3']));
    expect(log.warn).toHaveBeenCalledWith('remote signal not applied', { error: 'Error: bad candidate' });
  });
});
