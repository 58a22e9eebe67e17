import { describe, expect, it } from 'vitest';
import { withOpusFecDtx } from './opus-settings';

const sdp = [
  'v=0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9',
  'a=rtpmap:111 opus/48000/2',
  'a=rtcp-fb:111 transport-cc',
  'a=fmtp:111 minptime=10;useinbandfec=0',
  'a=rtpmap:63 red/48000/2',
  'a=fmtp:63 111/111',
  'a=rtpmap:9 G722/8000',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'a=rtpmap:96 VP8/90000',
  '',
].join('\r\n');

describe('withOpusFecDtx', () => {
  it('turns FEC and DTX on for Opus and keeps its other parameters', () => {
    expect(withOpusFecDtx(sdp)).toContain('a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1\r\n');
  });

  it('leaves other codecs alone', () => {
    const out = withOpusFecDtx(sdp);
    expect(out).toContain('a=fmtp:63 111/111\r\n');
    expect(out.replace('minptime=10;useinbandfec=1;usedtx=1', 'minptime=10;useinbandfec=0')).toBe(sdp);
  });

  it('is idempotent', () => {
    const once = withOpusFecDtx(sdp);
    expect(withOpusFecDtx(once)).toBe(once);
  });
});
