/** Mid-call device changes: replaceTrack on the existing sender, so the peer sees no renegotiation. */

/** Video constraints match the capture at call start (local-media.ts). */
function constraintsFor(kind: 'audio' | 'video', deviceId: string): MediaTrackConstraints {
  const device = deviceId ? { deviceId: { exact: deviceId } } : {};
  return kind === 'video' ? { ...device, width: 640, height: 480 } : { ...device, echoCancellation: true };
}

/**
 * Capture `kind` from `deviceId` ('' = the default device) and put it in place of the stream's
 * current track on the peer connection's sender. Returns the new track, or null when the call
 * sends no such track (a camera choice during an audio call).
 */
export async function replaceLocalTrack(
  pc: RTCPeerConnection,
  stream: MediaStream,
  kind: 'audio' | 'video',
  deviceId: string,
): Promise<MediaStreamTrack | null> {
  const current = stream.getTracks().find((track) => track.kind === kind);
  if (!current) return null;
  const captured = await navigator.mediaDevices.getUserMedia({ [kind]: constraintsFor(kind, deviceId) });
  const fresh = captured.getTracks()[0];
  if (!fresh) return null;
  fresh.enabled = current.enabled;
  const sender = pc.getSenders().find((candidate) => candidate.track === current);
  await sender?.replaceTrack(fresh);
  stream.removeTrack(current);
  stream.addTrack(fresh);
  current.stop();
  return fresh;
}

/**
 * Call `onLoss` once when the device behind `track` goes away (unplugged, revoked). Chrome fires
 * `ended` only for such losses, never for our own `track.stop()`, so hang up does not trigger it.
 */
export function watchDeviceLoss(track: MediaStreamTrack, onLoss: () => void | Promise<void>): void {
  track.addEventListener('ended', () => void onLoss(), { once: true });
}

/**
 * Upgrade to video mid-call (issue 6.4): capture the camera and send it on an idle video
 * transceiver (one the peer's offer created) or a new one. Either way the transceiver's direction
 * changes, so `negotiationneeded` fires and PeerSession renegotiates through call:signal.
 */
export async function addCamera(
  pc: RTCPeerConnection,
  stream: MediaStream,
  deviceId: string,
): Promise<MediaStreamTrack | null> {
  const captured = await navigator.mediaDevices.getUserMedia({ video: constraintsFor('video', deviceId) });
  const track = captured.getVideoTracks()[0];
  if (!track) return null;
  stream.addTrack(track);
  const idle = pc
    .getTransceivers()
    .find(
      (transceiver) =>
        transceiver.currentDirection !== 'stopped' &&
        transceiver.receiver.track.kind === 'video' &&
        !transceiver.sender.track,
    );
  if (!idle) {
    pc.addTrack(track, stream);
    return track;
  }
  await idle.sender.replaceTrack(track);
  idle.sender.setStreams(stream);
  idle.direction = idle.direction === 'inactive' || idle.direction === 'sendonly' ? 'sendonly' : 'sendrecv';
  return track;
}

/** Back to audio: stop the camera and stop sending on its transceiver (renegotiates). */
export async function removeCamera(
  pc: RTCPeerConnection,
  stream: MediaStream,
  track: MediaStreamTrack,
): Promise<void> {
  const transceiver = pc.getTransceivers().find((candidate) => candidate.sender.track === track);
  stream.removeTrack(track);
  track.stop();
  if (!transceiver) return;
  await transceiver.sender.replaceTrack(null);
  transceiver.direction = transceiver.direction === 'sendrecv' ? 'recvonly' : 'inactive';
}
