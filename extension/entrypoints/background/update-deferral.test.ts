import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallPhase } from '../../lib/call-state';
import { UpdateDeferral } from './update-deferral';

const quietLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

function setup(phase: CallPhase, stored: unknown = undefined) {
  const state = { phase, reloads: 0, saved: [] as unknown[] };
  const lifetime = new AbortController();
  const deferral = new UpdateDeferral(
    {
      phase: () => state.phase,
      ready: Promise.resolve(),
      reload: () => void state.reloads++,
      load: async () => stored,
      save: async (pending) => void state.saved.push(pending),
      log: quietLog,
      settleMs: 1_000,
    },
    lifetime.signal,
  );
  const setPhase = (next: CallPhase) => {
    state.phase = next;
    deferral.onCallPhase(next);
  };
  return { state, deferral, setPhase, lifetime };
}

describe('UpdateDeferral', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reloads shortly after an update arrives while no call exists', async () => {
    const { state, deferral } = setup('idle');
    deferral.onUpdateAvailable('0.2.0');
    await vi.advanceTimersByTimeAsync(999);
    expect(state.reloads).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.reloads).toBe(1);
    expect(deferral.state).toBe('reloading');
  });

  it('waits through an active call and reloads once it is idle', async () => {
    const { state, deferral, setPhase } = setup('active');
    deferral.onUpdateAvailable('0.2.0');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(state.reloads).toBe(0);
    expect(deferral.state).toBe('waiting');
    expect(state.saved).toEqual([expect.objectContaining({ version: '0.2.0' })]);
    setPhase('ended');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(state.reloads).toBe(0);
    setPhase('idle');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(state.reloads).toBe(1);
  });

  it('does not reload when a call starts ringing during the settle time', async () => {
    const { state, deferral, setPhase } = setup('ended');
    deferral.onUpdateAvailable('0.2.0');
    setPhase('idle');
    await vi.advanceTimersByTimeAsync(500);
    setPhase('incoming');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(state.reloads).toBe(0);
    setPhase('ended');
    setPhase('idle');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(state.reloads).toBe(1);
  });

  it('never reloads while ringing, dialling or connecting', async () => {
    for (const phase of ['incoming', 'outgoing', 'connecting'] as const) {
      const { state, deferral } = setup(phase);
      deferral.onUpdateAvailable('0.2.0');
      await vi.advanceTimersByTimeAsync(5_000);
      expect(state.reloads, phase).toBe(0);
    }
  });

  it('a restarted worker picks up the update it left waiting', async () => {
    const { state, deferral, setPhase } = setup('active', { version: '0.2.0', since: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(deferral.state).toBe('waiting');
    setPhase('idle');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(state.reloads).toBe(1);
  });

  it('ignores a stored value of the wrong shape', async () => {
    const { deferral } = setup('idle', { version: 7 });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(deferral.state).toBe('none');
  });
});
