/**
 * Audio that survives lossy networks: Opus in-band FEC (each packet carries a low-bitrate copy of
 * the previous one) and DTX (near-silence sent as rare comfort-noise frames), and RED (RFC 2198:
 * each packet repeats the previous frames), which Chrome supports since M96 but does not offer first.
 *
 * The parameters in an SDP's `a=fmtp` say what its author wants to *receive*, and our sender
 * follows the remote description's parameters: so `useinbandfec=1; usedtx=1` are added to the
 * peer's description before we apply it (both sides run this, so both send with them). RED goes
 * first in our codec preferences; it is used only when the other side offers or accepts it too
 * (an older client simply negotiates Opus). Both functions are self-contained (bench/ injects them
 * into plain pages with `Function.prototype.toString`).
 */

/** `sdp` with `useinbandfec=1` and `usedtx=1` on every Opus payload type's fmtp line. */
export function withOpusFecDtx(sdp: string): string {
  const opus = new Set<string>();
  for (const match of sdp.matchAll(/^a=rtpmap:(\d+) opus\/48000\/2\r?$/gimu)) opus.add(match[1]!);
  return sdp.replace(/^a=fmtp:(\d+) ([^\r\n]*)/gmu, (line, payload: string, params: string) => {
    if (!opus.has(payload)) return line;
    const kept = params
      .split(';')
      .map((param) => param.trim())
      .filter((param) => param && !/^(useinbandfec|usedtx)=/iu.test(param));
    return `a=fmtp:${payload} ${[...kept, 'useinbandfec=1', 'usedtx=1'].join(';')}`;
  });
}

/** Put RED first among the audio codecs of `transceiver` (a no-op where RED is not supported). */
export function preferRed(transceiver: RTCRtpTransceiver): boolean {
  const codecs = RTCRtpReceiver.getCapabilities('audio')?.codecs ?? [];
  const red = codecs.filter((codec) => codec.mimeType.toLowerCase() === 'audio/red');
  if (red.length === 0 || typeof transceiver.setCodecPreferences !== 'function') return false;
  const others = codecs.filter((codec) => codec.mimeType.toLowerCase() !== 'audio/red');
  transceiver.setCodecPreferences([...red, ...others]);
  return true;
}

/** RED first on every audio transceiver of `pc` (before createOffer / createAnswer). */
export function preferRedForAudio(pc: RTCPeerConnection): void {
  for (const transceiver of pc.getTransceivers())
    if (transceiver.receiver.track.kind === 'audio' && transceiver.currentDirection !== 'stopped')
      preferRed(transceiver);
}
