import { describe, expect, it } from 'vitest';
import { limits } from './limits.js';

describe('socket message limit', () => {
  it('holds the worst-case JSON encoding of the largest valid call:signal', () => {
    const worst = '\u0001'.repeat(limits.maxSdpBytes);
    const candidate = { candidate: 'c'.repeat(limits.maxCandidateBytes - 20) };
    const payload = { callId: 'x'.repeat(64), candidate, description: { type: 'offer', sdp: worst } };
    // A Socket.IO EVENT packet with an ack id: 42<ackId>["call:signal",{...}]
    const frame = `421234567890${JSON.stringify(['call:signal', payload])}`;
    expect(Buffer.byteLength(frame)).toBeLessThanOrEqual(limits.maxSocketMessageBytes);
    const invite = `421234567890${JSON.stringify(['call:invite', { to: 'x'.repeat(64), media: 'video', sdp: worst }])}`;
    expect(Buffer.byteLength(invite)).toBeLessThanOrEqual(limits.maxSocketMessageBytes);
  });
});
