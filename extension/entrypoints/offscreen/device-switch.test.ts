import { describe, expect, it, vi } from 'vitest';
import { replaceLocalTrack, watchDeviceLoss } from './device-switch';

class FakeTrack extends EventTarget {
  enabled = true;
  stopped = false;
  constructor(readonly kind: 'audio' | 'video') {
    super();
  }
  stop() {
    this.stopped = true;
  }
}

function fakeStream(tracks: FakeTrack[]) {
  return {
    getTracks: () => [...tracks],
    removeTrack: (track: FakeTrack) => tracks.splice(tracks.indexOf(track), 1),
    addTrack: (track: FakeTrack) => tracks.push(track),
  } as unknown as MediaStream;
}

describe('device fallback', () => {
  it('calls back once when the device ends', () => {
    const track = new FakeTrack('audio');
    const onLoss = vi.fn();
    watchDeviceLoss(track as unknown as MediaStreamTrack, onLoss);
    track.dispatchEvent(new Event('ended'));
    track.dispatchEvent(new Event('ended'));
    expect(onLoss).toHaveBeenCalledTimes(1);
  });

  it('replaces the sender track with the default device, keeping mute, without renegotiating', async () => {
    const old = new FakeTrack('audio');
    old.enabled = false;
    const fresh = new FakeTrack('audio');
    const getUserMedia = vi.fn(async () => ({ getTracks: () => [fresh] }));
    vi.stubGlobal('navigator', { mediaDevices: { getUserMedia } });
    const sender = {
      track: old as unknown,
      replaceTrack: vi.fn(async (t: unknown) => void (sender.track = t)),
    };
    const pc = { getSenders: () => [sender] } as unknown as RTCPeerConnection;
    const stream = fakeStream([old]);

    const result = await replaceLocalTrack(pc, stream, 'audio', '');

    expect(getUserMedia).toHaveBeenCalledWith({ audio: { echoCancellation: true } });
    expect(result).toBe(fresh);
    expect(sender.track).toBe(fresh);
    expect(fresh.enabled).toBe(false);
    expect(old.stopped).toBe(true);
    expect(stream.getTracks()).toEqual([fresh]);
    vi.unstubAllGlobals();
  });

  it('does nothing for a kind the call does not send', async () => {
    const pc = { getSenders: () => [] } as unknown as RTCPeerConnection;
    expect(await replaceLocalTrack(pc, fakeStream([new FakeTrack('audio')]), 'video', 'cam')).toBeNull();
  });
});
