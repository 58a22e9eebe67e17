import { describe, expect, it } from 'vitest';
import type * as zm from 'zod/mini';
import { CallSnapshotSchema } from './call-state';
import * as ports from './ports';
import * as wire from './overlay-wire';

// The overlay's own copies must describe exactly the values of the shared schemas (lib/ports.ts),
// which the worker and the offscreen document validate with (issue 12).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameTypes: [
  Same<zm.infer<typeof wire.OverlayCallMessageSchema>, zm.infer<typeof ports.OverlayCallMessageSchema>>,
  Same<zm.input<typeof wire.OverlayCallMessageSchema>, zm.input<typeof ports.OverlayCallMessageSchema>>,
  Same<zm.infer<typeof wire.RelaySignalSchema>, zm.infer<typeof ports.RelaySignalSchema>>,
  Same<zm.infer<typeof wire.RelayDetailsSchema>, zm.infer<typeof ports.RelayDetailsSchema>>,
  Same<zm.input<typeof wire.RelayDetailsSchema>, zm.input<typeof ports.RelayDetailsSchema>>,
] = [true, true, true, true, true];

const peer = { id: 'u1', username: 'alice', displayName: 'Alice' };
const share = { video: '3', audio: null };
const snapshots: unknown[] = [
  { phase: 'idle' },
  { phase: 'incoming', callId: 'c1', peer, media: 'video', direction: 'incoming' },
  {
    ...wire.idleSnapshot,
    phase: 'active',
    activeSince: 5,
    localShare: share,
    remoteShare: { video: '4', audio: '5' },
  },
  { phase: 'ended', endReason: 'declined', shareNotice: 'share-failed' },
  { phase: 'ringing' },
  { phase: 'incoming', peer: { id: '', username: 'a', displayName: 'A' } },
  { phase: 'incoming', peer: { id: 'x'.repeat(65), username: 'a', displayName: 'A' } },
  { phase: 'ended', endReason: 'gone' },
  { phase: 'active', localShare: { video: '', audio: null } },
  { phase: 'active', localAudio: 'yes' },
  { phase: 'active', shareNotice: 'other' },
  null,
];
const signals: unknown[] = [
  { kind: 'description', description: { type: 'offer', sdp: 'v=0' } },
  { kind: 'description', description: { type: 'answer', sdp: '' } },
  { kind: 'description', description: { type: 'pranswer', sdp: 'v=0' } },
  { kind: 'description', description: { type: 'offer', sdp: 'x'.repeat(64 * 1024 + 1) } },
  { kind: 'candidate', candidate: null },
  { kind: 'candidate', candidate: { candidate: 'candidate:1', sdpMid: '0', sdpMLineIndex: 0 } },
  { kind: 'candidate', candidate: { sdpMLineIndex: 1.5 } },
  { kind: 'candidate', candidate: { sdpMLineIndex: 2000 } },
  { kind: 'candidate', candidate: { candidate: 'x'.repeat(2000) } },
  { kind: 'other' },
];
const quality = {
  level: 'poor',
  roundTripTimeMs: null,
  lossPercent: 9,
  jitterMs: 3,
  bitrateKbps: 10,
  framesPerSecond: null,
};
const details: unknown[] = [
  { kind: 'details', details: { verificationCode: null, quality: null, poorStreak: 0 } },
  {
    kind: 'details',
    details: { verificationCode: ['a', 'b'], quality, poorStreak: 3, deviceFallback: 'video' },
  },
  { kind: 'details', details: { verificationCode: Array(9).fill('a'), quality: null, poorStreak: 0 } },
  { kind: 'details', details: { verificationCode: ['x'.repeat(17)], quality: null, poorStreak: 0 } },
  {
    kind: 'details',
    details: { verificationCode: null, quality: { ...quality, level: 'bad' }, poorStreak: 0 },
  },
  { kind: 'details', details: { verificationCode: null, quality: null, poorStreak: -1 } },
  { kind: 'details', details: { verificationCode: null, quality: null, poorStreak: 0.5 } },
];

function agree(overlay: zm.ZodMiniType, shared: zm.ZodMiniType, values: unknown[]) {
  for (const value of values) {
    const a = overlay.safeParse(value);
    const b = shared.safeParse(value);
    expect({ value, ok: a.success }).toEqual({ value, ok: b.success });
    if (a.success) expect(a.data).toEqual(b.data);
  }
}

describe('overlay-wire against the shared schemas', () => {
  it('has the same types', () => {
    expect(sameTypes.every(Boolean)).toBe(true);
  });
  it('accepts and rejects the same call snapshots, with the same defaults', () => {
    agree(
      wire.OverlayCallMessageSchema,
      ports.OverlayCallMessageSchema,
      snapshots.map((call) => ({ kind: 'call', call })),
    );
    expect(CallSnapshotSchema.parse({ phase: 'idle' })).toEqual(wire.idleSnapshot);
  });
  it('accepts and rejects the same relay signals and details', () => {
    agree(wire.RelaySignalSchema, ports.RelaySignalSchema, signals);
    agree(wire.RelayDetailsSchema, ports.RelayDetailsSchema, details);
  });
  it('keeps the overlay port names of lib/ports', () => {
    expect(ports.portNames).toMatchObject(wire.overlayPortNames);
  });
  it('reads a control answer: ok, a failure code, nothing else', () => {
    expect(wire.ControlAnswerSchema.safeParse({ ok: true }).success).toBe(true);
    expect(wire.ControlAnswerSchema.safeParse({ ok: false, error: 'forbidden' }).success).toBe(true);
    expect(wire.ControlAnswerSchema.safeParse({ ok: false }).success).toBe(false);
    expect(wire.ControlAnswerSchema.safeParse('ok').success).toBe(false);
  });
});
