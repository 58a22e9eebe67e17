import { describe, expect, it } from 'vitest';
import { idleSnapshot } from '../../lib/call-state';
import { describeCallChange } from './call-announcements';

const peer = { id: 'u1', username: 'alice', displayName: 'Alice Archer' };
const ringing = { ...idleSnapshot, phase: 'incoming' as const, peer, media: 'video' as const };
const active = { ...ringing, phase: 'active' as const, localVideo: true };

describe('describeCallChange', () => {
  it('announces a ringing call with the name, @username and kind', () => {
    expect(describeCallChange(idleSnapshot, ringing)).toEqual({
      key: 'announce.ringingVideo',
      values: ['Alice Archer', 'alice'],
    });
  });
  it('does not repeat itself when nothing the user hears about changed', () => {
    expect(describeCallChange(ringing, { ...ringing })).toBeNull();
  });
  it('announces the connection, then each microphone and camera switch', () => {
    expect(describeCallChange(ringing, active)).toEqual({ key: 'announce.connected', values: [] });
    expect(describeCallChange(active, { ...active, localAudio: false })).toMatchObject({
      key: 'announce.microphoneMuted',
    });
    expect(describeCallChange(active, { ...active, localVideo: false })).toMatchObject({
      key: 'announce.cameraOff',
    });
    expect(describeCallChange(active, { ...active, remoteVideo: true })).toMatchObject({
      key: 'announce.remoteCameraOn',
    });
  });
  it('leaves the end to the panel’s own status', () => {
    expect(describeCallChange(active, { ...active, phase: 'ended' })).toBeNull();
  });
});
