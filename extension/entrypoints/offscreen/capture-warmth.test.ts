import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lifetimes } from '../../lib/lifetimes';
import { CaptureWarmth } from './capture-warmth';

describe('CaptureWarmth', () => {
  const enumerateDevices = vi.fn(async () => [] as MediaDeviceInfo[]);
  const getUserMedia = vi.fn();
  beforeEach(() => {
    vi.useFakeTimers();
    enumerateDevices.mockClear();
    getUserMedia.mockClear();
    vi.stubGlobal('navigator', { mediaDevices: { enumerateDevices, getUserMedia } });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('lists the devices after the delay and again before the capture service would stop, never opening one', () => {
    const warmth = new CaptureWarmth();
    warmth.start(500);
    expect(enumerateDevices).not.toHaveBeenCalled();
    vi.advanceTimersByTime(500);
    expect(enumerateDevices).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(lifetimes.captureWarmthEveryMs * 3);
    expect(enumerateDevices).toHaveBeenCalledTimes(4);
    expect(lifetimes.captureWarmthEveryMs).toBeLessThan(5_000);
    expect(getUserMedia).not.toHaveBeenCalled();
  });

  it('stops when told, and on its own after the cap', () => {
    const warmth = new CaptureWarmth();
    warmth.start(0);
    vi.advanceTimersByTime(0);
    warmth.stop();
    vi.advanceTimersByTime(lifetimes.captureWarmthEveryMs * 2);
    expect(enumerateDevices).toHaveBeenCalledTimes(1);
    expect(warmth.running).toBe(false);

    warmth.start(500);
    warmth.stop();
    vi.advanceTimersByTime(1_000);
    expect(enumerateDevices).toHaveBeenCalledTimes(1);

    warmth.start(0);
    vi.advanceTimersByTime(lifetimes.captureWarmthMaxMs + lifetimes.captureWarmthEveryMs);
    expect(warmth.running).toBe(false);
    const calls = enumerateDevices.mock.calls.length;
    vi.advanceTimersByTime(lifetimes.captureWarmthEveryMs * 5);
    expect(enumerateDevices.mock.calls.length).toBe(calls);
  });

  it('a second start replaces the first (one timer)', () => {
    const warmth = new CaptureWarmth();
    warmth.start(0);
    warmth.start(0);
    vi.advanceTimersByTime(0);
    enumerateDevices.mockClear();
    vi.advanceTimersByTime(lifetimes.captureWarmthEveryMs);
    expect(enumerateDevices).toHaveBeenCalledTimes(1);
  });
});
