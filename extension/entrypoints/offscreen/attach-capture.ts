/**
 * Offer and answer leave before the camera is up (issue 12): once capture is ready, its tracks go
 * onto the senders negotiated for them with `replaceTrack`, which needs no renegotiation.
 */
export async function attachCapture(pc: RTCPeerConnection, stream: MediaStream): Promise<void> {
  const pending = [...stream.getTracks()];
  for (const transceiver of pc.getTransceivers()) {
    if (transceiver.currentDirection === 'stopped' || transceiver.sender.track) continue;
    if (transceiver.direction !== 'sendrecv' && transceiver.direction !== 'sendonly') continue;
    const index = pending.findIndex((track) => track.kind === transceiver.receiver.track.kind);
    if (index < 0) continue;
    const [track] = pending.splice(index, 1);
    await transceiver.sender.replaceTrack(track ?? null);
  }
}
