import { describe, expect, it } from 'vitest';
import { extractFingerprints, verificationCode, verificationCodeLength } from './verification';

const fingerprintA =
  '4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3B:1D:76:6D:EE:9E:66:4D:1F:B0:7E:4C';
const fingerprintB =
  '9C:1E:2F:44:0A:7B:33:E1:58:CC:90:12:3D:AF:6B:21:FE:07:11:4C:8D:2A:90:B3:47:5E:6F:80:91:A2:B3:C4';

const sdpWith = (fingerprint: string): string =>
  [
    'v=0',
    'o=- 1 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111',
    `a=fingerprint:sha-256 ${fingerprint}`,
    'm=video 9 UDP/TLS/RTP/SAVPF 96',
    `a=fingerprint:sha-256 ${fingerprint.toLowerCase()}`,
    '',
  ].join('\r\n');

describe('verificationCode', () => {
  it('reads each fingerprint once, normalised', () => {
    expect(extractFingerprints(sdpWith(fingerprintA))).toEqual([`sha-256 ${fingerprintA}`]);
  });

  it('gives both sides the same code', async () => {
    const caller = await verificationCode(sdpWith(fingerprintA), sdpWith(fingerprintB));
    const callee = await verificationCode(sdpWith(fingerprintB), sdpWith(fingerprintA));
    expect(caller).toHaveLength(verificationCodeLength);
    expect(callee).toEqual(caller);
  });

  it('changes when one fingerprint is tampered with', async () => {
    const honest = await verificationCode(sdpWith(fingerprintA), sdpWith(fingerprintB));
    const tampered = fingerprintB.replace(/^9C/, '9D');
    const attacked = await verificationCode(sdpWith(fingerprintA), sdpWith(tampered));
    expect(attacked).not.toEqual(honest);
  });

  it('refuses an SDP without a fingerprint', async () => {
    await expect(verificationCode('v=0\r\n', sdpWith(fingerprintB))).rejects.toThrow(/fingerprint/);
  });
});
