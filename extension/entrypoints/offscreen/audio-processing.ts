/**
 * Microphone processing applied live. `applyConstraints` is the API for it, but Chromium 156
 * resolves it for echoCancellation / noiseSuppression / autoGainControl without changing the
 * track (getSettings() still reports the old values: the processing is fixed when the source
 * opens; tried on this machine). So the track is asked first, and when its settings did not
 * follow, the microphone is opened again with the new constraints and swapped in with
 * replaceTrack: the peer keeps hearing, no renegotiation. The old track is stopped *before* the
 * new capture: while it is open, a second capture of the same microphone gets no echo
 * cancellation at all (tried here), so the swap costs a few milliseconds of silence.
 */
import type { AudioProcessing } from '../../lib/audio-processing';

/** getUserMedia / applyConstraints audio constraints for `processing`. */
export function audioConstraints(processing: AudioProcessing): MediaTrackConstraints {
  return { ...processing };
}

/** What the track really does, as the browser reports it. */
export function appliedProcessing(track: MediaStreamTrack): AudioProcessing {
  const settings = track.getSettings();
  return {
    noiseSuppression: settings.noiseSuppression === true,
    echoCancellation: settings.echoCancellation === true,
    autoGainControl: settings.autoGainControl === true,
  };
}

const matches = (a: AudioProcessing, b: AudioProcessing) =>
  a.noiseSuppression === b.noiseSuppression &&
  a.echoCancellation === b.echoCancellation &&
  a.autoGainControl === b.autoGainControl;

/**
 * Apply `processing` to the call's microphone: returns the track now sending (the same one, or
 * its replacement) and what it applies; null when the call sends no microphone.
 */
export async function applyAudioProcessing(
  pc: RTCPeerConnection,
  stream: MediaStream,
  processing: AudioProcessing,
  microphoneId: string,
): Promise<{ track: MediaStreamTrack; applied: AudioProcessing; recaptured: boolean } | null> {
  const current = stream.getAudioTracks()[0];
  if (!current) return null;
  await current.applyConstraints({ ...current.getConstraints(), ...audioConstraints(processing) });
  if (matches(appliedProcessing(current), processing))
    return { track: current, applied: processing, recaptured: false };
  const fresh = await reopenMicrophone(current, microphoneId, audioConstraints(processing));
  if (!fresh) return null;
  fresh.enabled = current.enabled;
  await pc
    .getSenders()
    .find((sender) => sender.track === current)
    ?.replaceTrack(fresh);
  stream.removeTrack(current);
  stream.addTrack(fresh);
  return { track: fresh, applied: appliedProcessing(fresh), recaptured: true };
}

/** Stop `current`, then open the microphone with `constraints` (or, failing that, as it was). */
async function reopenMicrophone(
  current: MediaStreamTrack,
  microphoneId: string,
  constraints: MediaTrackConstraints,
): Promise<MediaStreamTrack | null> {
  const previous = current.getConstraints();
  const device = microphoneId ? { deviceId: { ideal: microphoneId } } : {};
  current.stop();
  for (const audio of [{ ...device, ...constraints }, previous]) {
    const captured = await navigator.mediaDevices.getUserMedia({ audio }).catch(() => null);
    const track = captured?.getAudioTracks()[0];
    if (track) return track;
  }
  return null;
}
